// The profile's choices, labels and status vocabulary, without the zod schemas (profile.ts): the
// renderer's first screen needs these, and loads the schemas only with its validator
// (src-renderer/validation.ts). profile.ts re-exports everything here.
import type { HealthSettings } from './profile';

export const SECURITY_MODES = ['none', 'starttls', 'tls'] as const;
export type SecurityMode = (typeof SECURITY_MODES)[number];
export const SECURITY_LABELS: Record<SecurityMode, string> = {
  none: 'None',
  starttls: 'STARTTLS',
  tls: 'SSL/TLS',
};

export const INCOMING_PROTOCOLS = ['imap', 'pop3'] as const;
export type IncomingProtocol = (typeof INCOMING_PROTOCOLS)[number];

export const AUTH_TYPES = ['standard', 'google', 'microsoft', 'generic'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];
export const AUTH_TYPE_LABELS: Record<AuthType, string> = {
  standard: 'Standard',
  google: 'Google (OAuth 2.0)',
  microsoft: 'Office 365 (OAuth 2.0)',
  generic: 'Generic OAuth 2.0',
};

/**
 * How a Google profile gets its tokens: "user" (an admin signs in as the mailbox once, the app
 * keeps a refresh token) or "service_account" (Google Workspace domain-wide delegation: the
 * service account's key signs a JWT, RFC 7523, with the mailbox as subject; nobody signs in).
 * For a service account, clientId holds its client_email and keyId its private_key_id; the
 * private key itself is the profile's clientSecret, so it lives only in the vault.
 */
export const GOOGLE_CREDENTIALS = ['user', 'service_account'] as const;
export type GoogleCredential = (typeof GOOGLE_CREDENTIALS)[number];
export const GOOGLE_CREDENTIAL_LABELS: Record<GoogleCredential, string> = {
  user: 'Sign in as the mailbox',
  service_account: 'Service account with domain-wide delegation, no sign-in',
};

/**
 * How an Office 365 profile gets its tokens: "delegated" (an admin signs in as the mailbox once,
 * the app keeps a refresh token) or "application" (app-only: the client credentials grant with
 * the app's own secret, nobody signs in, an Exchange mailbox permission decides which mailbox).
 */
export const MICROSOFT_PERMISSIONS = ['delegated', 'application'] as const;
export type MicrosoftPermission = (typeof MICROSOFT_PERMISSIONS)[number];

/**
 * What an app-only Office 365 profile proves itself with: a client secret, or a certificate
 * (private_key_jwt: the app signs a client assertion with the certificate's private key, which
 * never leaves the vault; Entra ID holds the certificate and matches its thumbprint).
 */
export const APP_CREDENTIALS = ['secret', 'certificate'] as const;
export type AppCredential = (typeof APP_CREDENTIALS)[number];
export const MICROSOFT_PERMISSION_LABELS: Record<MicrosoftPermission, string> = {
  delegated: 'Sign in as the mailbox',
  application: 'Application permission, no sign-in',
};

export const CLIENT_AUTH_METHODS = ['client_secret_post', 'client_secret_basic', 'none'] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

export const NO_HEALTH_SETTINGS: HealthSettings = {
  googleAppInTesting: false,
  clientSecretExpiresOn: '',
  checklist: [],
};

/** The secrets a profile may hold. Values never leave main; the renderer sees only flags. */
export const SECRET_KINDS = ['password', 'clientSecret', 'accessToken', 'refreshToken'] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];
export type SecretFlags = Record<SecretKind, boolean>;

export const VERIFICATION_STATES = ['not_verified', 'verified', 'reauthorization_required'] as const;
export type VerificationState = (typeof VERIFICATION_STATES)[number];

/** Metadata about a profile's health: timestamps and flags only, never a token. */
export interface ProfileStatus {
  state: VerificationState;
  /** ISO time of the last test send that the server accepted. */
  lastVerifiedSend: string | null;
  /**
   * ISO time of the last login check (SMTP AUTH, and the incoming login when configured) the
   * servers accepted without a message being sent: what an authorization ends with. Absent in
   * stores written before the check existed.
   */
  lastVerifiedLogin?: string | null;
  reason: string | null;
}

/** How a Verified profile was proved: a delivered test email, or a login the servers accepted. */
export type VerifiedBy = 'test_delivered' | 'login_accepted';

export function verifiedBy(status: ProfileStatus): VerifiedBy | null {
  if (status.state !== 'verified') return null;
  if (status.lastVerifiedSend) return 'test_delivered';
  return status.lastVerifiedLogin ? 'login_accepted' : null;
}

export const VERIFIED_BY_LABELS: Record<VerifiedBy, string> = {
  test_delivered: 'Verified: test email delivered',
  login_accepted: 'Verified: the server accepted the login',
};
