// The domain: a mail account profile as the admin edits it. Secrets are not part of a Profile;
// they live in the vault and the renderer only learns whether one is stored (SecretFlags).
import { z } from 'zod';
import { CHECKLIST_STEP_IDS } from './checklist-steps';
import type { AuthorizationInfo } from './oauth';
import { boundedText, noControlChars } from './safe-text';
import {
  DEFAULT_FETCH_INTERVAL,
  fetchIntervalSchema,
  NO_SIGNATURE,
  receiversSchema,
  sendersSchema,
  signatureSchema,
} from './delivery';
import {
  APP_CREDENTIALS,
  CLIENT_AUTH_METHODS,
  GOOGLE_CREDENTIALS,
  INCOMING_PROTOCOLS,
  MICROSOFT_PERMISSIONS,
  NO_HEALTH_SETTINGS,
  SECURITY_MODES,
  type ProfileStatus,
  type SecretFlags,
} from './profile-options';
import { isSecureUrl, isValidEmail, isValidHost, isValidPort, isValidTenant } from './validators';

export {
  APP_CREDENTIALS,
  AUTH_TYPE_LABELS,
  AUTH_TYPES,
  CLIENT_AUTH_METHODS,
  GOOGLE_CREDENTIAL_LABELS,
  GOOGLE_CREDENTIALS,
  INCOMING_PROTOCOLS,
  MICROSOFT_PERMISSION_LABELS,
  MICROSOFT_PERMISSIONS,
  NO_HEALTH_SETTINGS,
  SECRET_KINDS,
  SECURITY_LABELS,
  SECURITY_MODES,
  VERIFICATION_STATES,
  VERIFIED_BY_LABELS,
  verifiedBy,
} from './profile-options';
export type {
  AppCredential,
  AuthType,
  ClientAuthMethod,
  GoogleCredential,
  IncomingProtocol,
  MicrosoftPermission,
  ProfileStatus,
  SecretFlags,
  SecretKind,
  SecurityMode,
  VerificationState,
  VerifiedBy,
} from './profile-options';

const text = boundedText;

export const hostSchema = text('The host name', 253)
  .min(1, 'Enter the mail server host name, for example smtp.example.com.')
  .refine(isValidHost, 'Enter a host name (smtp.example.com) or an IP address, without a port or "smtp://".');

export const portSchema = z
  .number({ error: 'Enter a port number.' })
  .refine(isValidPort, 'Enter a port between 1 and 65535.');

export const emailSchema = text('The email address', 254)
  .min(1, 'Enter an email address.')
  .refine(isValidEmail, 'Enter an email address such as name@example.com.');

const replyToSchema = text('The Reply-to address', 254, 'header').refine(
  (v) => v === '' || isValidEmail(v),
  'Enter an email address such as name@example.com, or leave it empty.',
);

const urlSchema = (label: string) =>
  text(label, 2048, 'request').refine(
    (v) => v === '' || isSecureUrl(v),
    'Enter an https:// address (http:// is allowed only for 127.0.0.1 or localhost).',
  );

export const serverSettingsSchema = z.object({
  host: hostSchema,
  port: portSchema,
  security: z.enum(SECURITY_MODES),
  validateCertificate: z.boolean(),
});
export type ServerSettings = z.infer<typeof serverSettingsSchema>;

export const incomingSettingsSchema = serverSettingsSchema.extend({
  protocol: z.enum(INCOMING_PROTOCOLS),
  folder: text('The folder name', 200).default('INBOX'),
  /** How often the server fetches (ServiceDesk Plus "fetch interval"); the app's test is one fetch. */
  fetchIntervalMinutes: fetchIntervalSchema.default(DEFAULT_FETCH_INTERVAL),
});
export type IncomingSettings = z.infer<typeof incomingSettingsSchema>;

/** A fixed loopback port, for providers that need the exact redirect URI registered; null = any. */
const redirectPortSchema = z
  .number({ error: 'Enter a port number, or leave it empty to use any free port.' })
  .int('Enter a whole port number.')
  .min(1024, 'Use a port from 1024 to 65535 (lower ports need administrator rights).')
  .max(65535, 'Use a port from 1024 to 65535.')
  .nullable();

const clientIdSchema = z
  .string()
  .trim()
  .check(noControlChars('The client ID', 'request'))
  .min(1, 'Enter the client ID from the app registration.')
  .max(512, 'The client ID is too long; paste only the ID.');

export const standardAuthSchema = z
  .object({
    type: z.literal('standard'),
    useAuthentication: z.boolean(),
    username: text('The user name', 320),
  })
  .refine((a) => !a.useAuthentication || a.username.length > 0, {
    message: 'Enter the user name the mail server expects (often the full email address).',
    path: ['username'],
  });

/** OAuth mailboxes may be left empty: the authorized account fills them in. */
const oauthEmailSchema = text('The mailbox address', 254).refine(
  (v) => v === '' || isValidEmail(v),
  'Enter the mailbox address, or leave it empty to use the account you sign in with.',
);

export const googleAuthSchema = z
  .object({
    type: z.literal('google'),
    email: oauthEmailSchema,
    clientId: clientIdSchema,
    redirectPort: redirectPortSchema.default(null),
    /** Absent in profiles and config files written before service accounts existed: those sign in. */
    credential: z.enum(GOOGLE_CREDENTIALS).default('user'),
    keyId: text('The key ID', 128, 'request')
      .regex(/^[A-Za-z0-9_-]*$/, 'The key ID is the private_key_id from the key file: letters and digits only.')
      .default(''),
  })
  .refine((a) => a.credential !== 'service_account' || a.email !== '', {
    message: 'Enter the mailbox to send as: with a service account nobody signs in, so the app cannot learn it.',
    path: ['email'],
  })
  .refine((a) => a.credential !== 'service_account' || isValidEmail(a.clientId), {
    message: 'Import the service account key file: its client_email goes here.',
    path: ['clientId'],
  });

export const microsoftAuthSchema = z
  .object({
    type: z.literal('microsoft'),
    email: oauthEmailSchema,
    clientId: clientIdSchema,
    tenant: text('The tenant', 253, 'request')
      .min(1, 'Enter the directory (tenant) ID, a verified domain, or "organizations".')
      .refine(isValidTenant, 'Enter the tenant as a GUID, a verified domain (contoso.com) or "organizations".'),
    redirectPort: redirectPortSchema.default(null),
    /** Absent in profiles and config files written before app-only existed: those are delegated. */
    permission: z.enum(MICROSOFT_PERMISSIONS).default('delegated'),
    /** Absent before certificates existed: a client secret. Only an application permission uses it. */
    appCredential: z.enum(APP_CREDENTIALS).default('secret'),
    /** The certificate's SHA-1 thumbprint as Entra ID shows it (40 hex digits), with a certificate. */
    certificateThumbprint: z
      .string()
      .regex(/^([0-9A-F]{40})?$/, 'The thumbprint is 40 hexadecimal digits (Entra ID › Certificates & secrets).')
      .default(''),
  })
  .refine((a) => a.appCredential !== 'certificate' || a.permission === 'application', {
    message: 'A certificate authenticates the app itself: choose "Application permission, no sign-in" to use one.',
    path: ['appCredential'],
  })
  .refine((a) => a.appCredential !== 'certificate' || a.certificateThumbprint !== '', {
    message: 'Generate or import the certificate first.',
    path: ['certificateThumbprint'],
  })
  // App-only: no sign-in fills the mailbox in, and a token for "any mailbox" needs one named.
  .refine((a) => a.permission !== 'application' || a.email !== '', {
    message: 'Enter the mailbox address: with an application permission nobody signs in, so the app cannot learn it.',
    path: ['email'],
  })
  // The client credentials grant has no user and no tenant alias to resolve: it needs the tenant itself.
  .refine(
    (a) => a.permission !== 'application' || !['organizations', 'common', 'consumers'].includes(a.tenant.toLowerCase()),
    {
      message:
        'Enter the directory (tenant) ID or a verified domain: an application permission is granted in one tenant, not "organizations".',
      path: ['tenant'],
    },
  );

export const genericAuthSchema = z
  .object({
    type: z.literal('generic'),
    email: oauthEmailSchema,
    clientId: clientIdSchema,
    /** Either an issuer (endpoints discovered, RFC 8414 / OIDC) or both endpoints. */
    issuer: urlSchema('The issuer'),
    authorizationEndpoint: urlSchema('The authorization endpoint'),
    tokenEndpoint: urlSchema('The token endpoint'),
    /** RFC 8628, for "Sign in with a code": when the issuer's metadata names none, or without an issuer. */
    deviceAuthorizationEndpoint: urlSchema('The device authorization endpoint').default(''),
    scope: text('The scopes', 1000, 'request').min(1, 'Enter the scopes to request, separated by spaces.'),
    clientAuthMethod: z.enum(CLIENT_AUTH_METHODS),
    redirectPort: redirectPortSchema.default(null),
  })
  .refine((a) => a.issuer !== '' || (a.authorizationEndpoint !== '' && a.tokenEndpoint !== ''), {
    message: 'Enter an issuer to discover the endpoints, or both the authorization and token endpoints.',
    path: ['issuer'],
  });

export const authSchema = z.discriminatedUnion('type', [
  standardAuthSchema,
  googleAuthSchema,
  microsoftAuthSchema,
  genericAuthSchema,
]);
export type AuthSettings = z.infer<typeof authSchema>;

export const senderSchema = z.object({
  /** Required for Standard (checked on the profile); OAuth profiles default it to the authorized account. */
  fromAddress: text('The From address', 254, 'header').refine(
    (v) => v === '' || isValidEmail(v),
    'Enter an email address such as name@example.com.',
  ),
  displayName: text('The display name', 200, 'header'),
  replyTo: replyToSchema,
});
export type Sender = z.infer<typeof senderSchema>;

/**
 * Ids come only from crypto.randomUUID() in main: a lowercase UUID v4 and nothing else, so an id
 * can never be a path, an Object.prototype key ("constructor", "__proto__") or oversized.
 * Anchored, so it bounds the length too (36) and fails within 37 characters on any input.
 */
export const PROFILE_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const profileIdSchema = z
  .string()
  .regex(PROFILE_ID_PATTERN, 'Profile ids are generated by the app; pick a profile from the list.');

export const profileNameSchema = z
  .string()
  .trim()
  .check(noControlChars('The profile name', 'file'))
  .min(1, 'Give the profile a name.')
  .max(100, 'Keep the name under 100 characters.');

export const descriptionSchema = text('The description', 500, 'file');

/** What the admin tells the app about the registration, so it can warn in time (kept here, not exported). */
export const healthSettingsSchema = z
  .object({
    /** Google: the consent screen is in "Testing", so refresh tokens die 7 days after consent. */
    googleAppInTesting: z.boolean(),
    /** The client secret's expiry date from the portal (YYYY-MM-DD), or '' when not entered. */
    clientSecretExpiresOn: z
      .string()
      .regex(/^(\d{4}-\d{2}-\d{2})?$/, 'Enter the date as shown in the portal, e.g. 2027-06-30, or leave it empty.'),
    /** The registration assistant's steps the admin ticked as done (registration-guide.ts ids). */
    checklist: z
      .array(z.enum(CHECKLIST_STEP_IDS))
      .max(CHECKLIST_STEP_IDS.length)
      .refine((ids) => new Set(ids).size === ids.length, 'A step is listed twice.')
      .default([]),
  })
  .strict();
export type HealthSettings = z.infer<typeof healthSettingsSchema>;

export const profileSchema = z
  .object({
    id: profileIdSchema,
    name: profileNameSchema,
    description: descriptionSchema,
    active: z.boolean(),
    auth: authSchema,
    outgoing: serverSettingsSchema,
    incoming: incomingSettingsSchema.nullable(),
    /** Tried only when the primary cannot be reached (connection refused, timeout, TLS handshake). */
    alternateOutgoing: serverSettingsSchema.nullable().default(null),
    sender: senderSchema,
    signature: signatureSchema.default(() => ({ ...NO_SIGNATURE })),
    senders: sendersSchema.default(() => []),
    receivers: receiversSchema.default(() => []),
    health: healthSettingsSchema.default(NO_HEALTH_SETTINGS),
  })
  // `when` runs this even if other fields failed, so the value may be partial: read it defensively.
  .refine(
    (p: Partial<Record<'auth' | 'sender', { type?: string; fromAddress?: string }>>) =>
      p.auth?.type !== 'standard' || p.sender?.fromAddress !== '',
    {
      message: 'Enter the From address the server sends as.',
      path: ['sender', 'fromAddress'],
      when: (payload) => payload.value !== null && typeof payload.value === 'object',
    },
  );
export type Profile = z.infer<typeof profileSchema>;
export type ProfileInput = z.input<typeof profileSchema>;

/** What the renderer receives for a profile. */
export interface ProfileView {
  profile: Profile;
  secrets: SecretFlags;
  status: ProfileStatus;
  /** OAuth profiles: what the last authorization granted (metadata only). */
  authorization: AuthorizationInfo | null;
  updatedAt: string;
  /** Bumped by every committed change: the version of the profile this view shows. */
  revision: number;
}
