// Provider presets as data: where each well-known provider's servers are, per security mode.
import type { AuthType, IncomingProtocol, SecurityMode, ServerSettings } from './profile';

export type ServerKind = 'smtp' | IncomingProtocol;

/** Conventional ports (RFC 8314 and the protocols' own RFCs). */
export const DEFAULT_PORTS: Record<ServerKind, Record<SecurityMode, number>> = {
  smtp: { none: 25, starttls: 587, tls: 465 },
  imap: { none: 143, starttls: 143, tls: 993 },
  pop3: { none: 110, starttls: 110, tls: 995 },
};

export interface ServerPreset {
  host: string;
  security: SecurityMode;
  port: number;
}

export interface ProviderPreset {
  id: 'gmail' | 'office365' | 'custom';
  label: string;
  /** The auth type an admin normally pairs with this provider. */
  authType: AuthType | null;
  servers: Partial<Record<ServerKind, ServerPreset>>;
}

export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  {
    id: 'gmail',
    label: 'Gmail / Google Workspace',
    authType: 'google',
    servers: {
      smtp: { host: 'smtp.gmail.com', security: 'starttls', port: 587 },
      imap: { host: 'imap.gmail.com', security: 'tls', port: 993 },
      pop3: { host: 'pop.gmail.com', security: 'tls', port: 995 },
    },
  },
  {
    id: 'office365',
    label: 'Office 365 / Exchange Online',
    authType: 'microsoft',
    servers: {
      smtp: { host: 'smtp.office365.com', security: 'starttls', port: 587 },
      imap: { host: 'outlook.office365.com', security: 'tls', port: 993 },
      pop3: { host: 'outlook.office365.com', security: 'tls', port: 995 },
    },
  },
  { id: 'custom', label: 'Custom server', authType: null, servers: {} },
];

export function presetForAuthType(type: AuthType): ProviderPreset | undefined {
  return PROVIDER_PRESETS.find((p) => p.authType === type);
}

/**
 * The port to show after the admin changes the security mode: the new mode's default, unless
 * the admin had typed a non-default port, which is kept (auto-populated, still editable).
 */
export function portAfterSecurityChange(
  kind: ServerKind,
  currentPort: number | null,
  from: SecurityMode,
  to: SecurityMode,
): number {
  const defaults = DEFAULT_PORTS[kind];
  const isDefault =
    currentPort === null || Object.values(defaults).includes(currentPort) || currentPort === defaults[from];
  return isDefault ? defaults[to] : currentPort;
}

export function serverFromPreset(preset: ServerPreset, validateCertificate = true): ServerSettings {
  return { host: preset.host, port: preset.port, security: preset.security, validateCertificate };
}
