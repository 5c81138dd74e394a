// Autodiscovery from an email address: what main proposes, each value with where it came from,
// and the pure step that applies a proposal to a profile (only when the admin clicks Apply).
import { DEFAULT_FETCH_INTERVAL } from './delivery-limits';
import { switchAuthType } from './new-profile';
import { PROVIDER_PRESETS, type ProviderPreset } from './presets';
import type { AuthType, IncomingProtocol, Profile, SecurityMode } from './profile';

/** Where a proposed value came from, highest priority first (Thunderbird's order, presets first). */
export const DISCOVERY_SOURCE_KINDS = ['preset', 'autoconfig', 'mx', 'tenant'] as const;
export type DiscoverySourceKind = (typeof DISCOVERY_SOURCE_KINDS)[number];

export interface DiscoverySource {
  kind: DiscoverySourceKind;
  /** What the admin reads, e.g. "from contoso.com's MX record", "from autoconfig.contoso.com". */
  label: string;
}

export interface Proposed<T> {
  value: T;
  source: DiscoverySource;
}

export interface ProposedServer {
  host: string;
  port: number;
  security: SecurityMode;
}

export interface ProposedIncoming extends ProposedServer {
  protocol: IncomingProtocol;
}

export interface ProposedProvider {
  id: ProviderPreset['id'];
  label: string;
  /** The authorization protocol this provider is normally used with; null: keep the current one. */
  authType: AuthType | null;
}

export interface DiscoveryResult {
  email: string;
  domain: string;
  provider: Proposed<ProposedProvider> | null;
  outgoing: Proposed<ProposedServer> | null;
  incoming: Proposed<ProposedIncoming> | null;
  /** The login name the domain's autoconfig asks for (placeholders already filled in). */
  username: Proposed<string> | null;
  /** Microsoft: the directory (tenant) id. */
  tenant: Proposed<string> | null;
  /** What could not be checked (DNS did not answer, a lookup timed out): one quiet line each. */
  notes: string[];
  durationMs: number;
}

/** Whether anything was found to propose. */
export function hasProposal(result: DiscoveryResult): boolean {
  return result.provider !== null || result.outgoing !== null || result.incoming !== null || result.tenant !== null;
}

export function presetById(id: ProviderPreset['id']): ProviderPreset {
  const preset = PROVIDER_PRESETS.find((p) => p.id === id);
  if (!preset) throw new Error(`no preset ${id}`);
  return preset;
}

/**
 * What a proposal sets, without where each value came from: what the Add dialog hands to
 * createProfile once the admin has seen it, and what Apply applies in the editor.
 */
export interface DiscoveredSettings {
  email: string;
  outgoing?: ProposedServer | undefined;
  incoming?: ProposedIncoming | undefined;
  username?: string | undefined;
  tenant?: string | undefined;
}

export function discoveredSettings(result: DiscoveryResult): DiscoveredSettings {
  return {
    email: result.email,
    outgoing: result.outgoing?.value,
    incoming: result.incoming?.value,
    username: result.username?.value,
    tenant: result.tenant?.value,
  };
}

/**
 * The profile with the proposal applied: the provider's protocol (if it has one), its servers,
 * the tenant, the account address. Certificate validation and the folder stay as they were; a
 * new incoming server validates certificates. Everything stays editable afterwards.
 */
export function applyDiscovery(profile: Profile, result: DiscoveryResult): Profile {
  const authType = result.provider?.value.authType;
  return applyDiscovered(authType ? switchAuthType(profile, authType) : profile, discoveredSettings(result));
}

/** The settings applied to a profile whose protocol is already chosen; fields already typed stay. */
export function applyDiscovered(profile: Profile, found: DiscoveredSettings): Profile {
  let next = profile;
  if (found.outgoing) next = { ...next, outgoing: { ...next.outgoing, ...found.outgoing } };
  if (found.incoming) {
    next = {
      ...next,
      incoming: {
        validateCertificate: true,
        folder: 'INBOX',
        fetchIntervalMinutes: DEFAULT_FETCH_INTERVAL,
        ...(next.incoming ?? {}),
        ...found.incoming,
      },
    };
  }
  const auth = next.auth;
  if (auth.type === 'standard') {
    const username = found.username ?? found.email;
    if (auth.useAuthentication && auth.username === '') next = { ...next, auth: { ...auth, username } };
  } else if (auth.email === '') {
    next = { ...next, auth: { ...auth, email: found.email } };
  }
  if (next.auth.type === 'microsoft' && found.tenant) next = { ...next, auth: { ...next.auth, tenant: found.tenant } };
  if (next.sender.fromAddress === '') next = { ...next, sender: { ...next.sender, fromAddress: found.email } };
  return next;
}

/** Whether the profile already has everything the proposal would set (nothing left to apply). */
export function proposalMatches(profile: Profile, result: DiscoveryResult): boolean {
  return JSON.stringify(applyDiscovery(profile, result)) === JSON.stringify(profile);
}
