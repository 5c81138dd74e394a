// The typed IPC contract: every method's argument schema and result type. Main validates every
// payload with these schemas; the renderer's API type is derived from the same table.
import { z } from 'zod';
import type { AppErrorData, ErrorCode, Result } from './errors';
import type { DiscoveryResult } from './discovery';
import { SIGN_IN_METHODS, type AuthorizationStart } from './oauth';
import { EXPORT_FORMATS, secretsChoiceSchema, type ExportResult, type ImportPreview } from './config-file';
import type { IpcMethod } from './ipc-methods';
import { secretUpdateSchema } from './secret-update';
import {
  AUTH_TYPES,
  INCOMING_PROTOCOLS,
  emailSchema,
  microsoftAuthSchema,
  serverSettingsSchema,
  standardAuthSchema,
  profileIdSchema,
  profileNameSchema,
  profileSchema,
  type ProfileView,
  type SecurityMode,
} from './profile';

export { secretUpdateSchema, type SecretUpdate } from './secret-update';

export interface AppInfo {
  version: string;
  /** The secret-storage backend in use, e.g. "gnome_libsecret", "keychain", "aes-256-gcm (test)". */
  cipherBackend: string;
  dataDirectory: string;
}

export interface TranscriptLine {
  /** c: client to server, s: server to client, i: note from the app. */
  dir: 'c' | 's' | 'i';
  text: string;
}

export interface IncomingTestResult {
  protocol: 'imap' | 'pop3';
  capabilities: string[];
  /** How the app logged in: LOGIN, AUTHENTICATE PLAIN, OAUTHBEARER, XOAUTH2, USER/PASS, AUTH XOAUTH2. */
  mechanism: string;
  folders: string[];
  /** Messages in the folder (IMAP) or the maildrop (POP3 STAT). */
  messages: number;
  durationMs: number;
  /** The protocol conversation with credentials hidden (only when debug was asked for). */
  transcript: TranscriptLine[];
}

export interface TestSendResult {
  messageId: string;
  /** The server's final reply, e.g. "250 2.0.0 OK queued as ...". */
  response: string;
  accepted: string[];
  rejected: string[];
  /** The From address the message went out as (the profile's, or a sender per purpose). */
  sender: string;
  /** Which server accepted the message. */
  server: { role: 'primary' | 'alternate'; host: string; port: number; security: SecurityMode };
  /** Why the primary did not, when the alternate accepted it (a connection-level failure). */
  primaryFailure: { code: ErrorCode; message: string } | null;
  durationMs: number;
  sentAt: string;
  transcript: TranscriptLine[];
}

const proposedServerSchema = serverSettingsSchema.pick({ host: true, port: true, security: true }).strict();

/** What the Add dialog found for the address and showed the admin: applied when the profile is created. */
export const discoveredSettingsSchema = z
  .object({
    email: emailSchema,
    outgoing: proposedServerSchema.optional(),
    incoming: proposedServerSchema
      .extend({ protocol: z.enum(INCOMING_PROTOCOLS) })
      .strict()
      .optional(),
    username: standardAuthSchema.shape.username.optional(),
    tenant: microsoftAuthSchema.shape.tenant.optional(),
  })
  .strict();

export const ipcContract = {
  getAppInfo: { args: z.object({}).strict() },
  listProfiles: { args: z.object({}).strict() },
  createProfile: {
    args: z
      .object({
        name: profileNameSchema,
        authType: z.enum(AUTH_TYPES),
        /** The address the admin typed and what was found for it: the form opens ready. */
        discovered: discoveredSettingsSchema.optional(),
      })
      .strict(),
  },
  saveProfile: {
    args: z
      .object({
        profile: profileSchema,
        secrets: secretUpdateSchema,
        /** The revision the form was loaded from: main merges or refuses if it has moved on. */
        baseRevision: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
      })
      .strict(),
  },
  renameProfile: { args: z.object({ id: profileIdSchema, name: profileNameSchema }).strict() },
  duplicateProfile: { args: z.object({ id: profileIdSchema }).strict() },
  deleteProfile: {
    args: z
      .object({
        id: profileIdSchema,
        /** A grant handed to a server is left working unless the admin asks to revoke it too. */
        revokeServerGrant: z.boolean().default(false),
      })
      .strict(),
  },
  sendTestEmail: {
    args: z
      .object({
        id: profileIdSchema,
        to: emailSchema,
        debug: z.boolean().default(false),
        /** A sender per purpose (its name); omitted: the profile's From address. */
        sender: z.string().max(100).optional(),
      })
      .strict(),
  },
  testIncoming: { args: z.object({ id: profileIdSchema, debug: z.boolean().default(false) }).strict() },
  beginAuthorization: {
    args: z.object({ id: profileIdSchema, method: z.enum(SIGN_IN_METHODS).optional() }).strict(),
  },
  awaitAuthorization: { args: z.object({ id: profileIdSchema }).strict() },
  cancelAuthorization: { args: z.object({ id: profileIdSchema }).strict() },
  /** The waiting sign-in with a code: its verification page in this computer's browser. */
  openVerificationPage: { args: z.object({ id: profileIdSchema }).strict() },
  authorizationState: { args: z.object({ id: profileIdSchema }).strict() },
  signOut: {
    args: z.object({ id: profileIdSchema, revokeServerGrant: z.boolean().default(false) }).strict(),
  },
  exportProfiles: {
    args: z
      .object({
        ids: z
          .array(profileIdSchema)
          .min(1, 'Choose at least one profile to export.')
          .max(200)
          // Twice in one file: its own import refuses it (the name is used twice).
          .refine((ids) => new Set(ids).size === ids.length, 'Choose each profile once.'),
        format: z.enum(EXPORT_FORMATS),
        secrets: secretsChoiceSchema,
      })
      .strict(),
  },
  chooseImportFile: { args: z.object({}).strict() },
  previewImport: {
    args: z
      .object({
        sessionId: z.string().uuid(),
        passphrase: z.string().max(1024, 'The passphrase is too long (at most 1024 characters).').optional(),
        identity: z.string().max(256, 'The identity is too long: paste one AGE-SECRET-KEY-1… line.').optional(),
      })
      .strict(),
  },
  applyImport: { args: z.object({ sessionId: z.string().uuid() }).strict() },
  cancelImport: { args: z.object({ sessionId: z.string().uuid() }).strict() },
  setUnsavedChanges: { args: z.object({ unsaved: z.boolean() }).strict() },
  closeWindow: { args: z.object({}).strict() },
  /** Proposes servers for an address (presets, autoconfig, MX, tenant metadata); applies nothing. */
  discoverSettings: { args: z.object({ email: emailSchema }).strict() },
  /** Office 365 app-only: a key pair and self-signed certificate; the key stays in main until Save. */
  createAppCertificate: {
    args: z
      .object({
        id: profileIdSchema,
        name: z
          .string()
          .regex(/^[\x20-\x7e]{1,64}$/, 'The certificate name must be 1 to 64 printable ASCII characters.'),
      })
      .strict(),
  },
  /** A certificate and key the admin has (.pfx or PEM files, chosen in main); the key stays in main until Save. */
  importAppCertificate: { args: z.object({ id: profileIdSchema }).strict() },
  /** The password of the .pfx importAppCertificate is holding; wrong: refused, the file stays held. */
  unlockAppCertificate: {
    args: z.object({ id: profileIdSchema, password: z.string().min(1).max(1024) }).strict(),
  },
  /** The certificate (public) as a .cer file the admin uploads to the app registration. */
  saveCertificateFile: {
    args: z.object({ certificatePem: z.string().max(8192), name: profileNameSchema }).strict(),
  },
} satisfies Record<IpcMethod, { args: z.ZodType }>;

export interface IpcResults extends IpcResultsWindow {
  getAppInfo: AppInfo;
  listProfiles: ProfileView[];
  createProfile: ProfileView;
  saveProfile: ProfileView;
  renameProfile: ProfileView;
  duplicateProfile: ProfileView;
  deleteProfile: { id: string };
  sendTestEmail: TestSendResult;
  testIncoming: IncomingTestResult;
  beginAuthorization: AuthorizationStart;
  awaitAuthorization: AuthorizationOutcome;
  cancelAuthorization: { cancelled: boolean };
  /** false: no sign-in with a code is waiting for this profile. */
  openVerificationPage: { opened: boolean };
  authorizationState: AuthorizationState;
  signOut: SignOutResult;
  exportProfiles: ExportResult;
  /** null when the admin closed the dialog. */
  chooseImportFile: ImportPreview | null;
  previewImport: ImportPreview;
  applyImport: { applied: number };
  /** Frees the open import (and any decrypted secrets); false if it had already ended. */
  cancelImport: { cancelled: boolean };
  discoverSettings: DiscoveryResult;
  createAppCertificate: AppCertificate;
  /** null: the admin closed the dialog; passwordFor: a .pfx whose password unlockAppCertificate takes. */
  importAppCertificate: AppCertificate | { passwordFor: string } | null;
  unlockAppCertificate: AppCertificate;
  /** null: the admin closed the dialog. */
  saveCertificateFile: { path: string | null };
}

/** A certificate for an app registration: public, what the window shows and the admin uploads. */
export interface AppCertificate {
  certificatePem: string;
  /** SHA-1, upper-case hex, as Entra ID shows it. */
  thumbprint: string;
  /** ISO time it stops working. */
  notAfter: string;
}

export interface IpcResultsWindow {
  setUnsavedChanges: { unsaved: boolean };
  /** closed: false when there is no window to close (tests, or it is already closing). */
  closeWindow: { closed: boolean };
}

export interface AuthorizationOutcome {
  view: ProfileView;
  /** Set when the provider returned no refresh token: the server will stop when the access token expires. */
  warning: string | null;
  /** The login check that follows the authorization (null: the check could not run at all). */
  loginCheck: LoginCheck | null;
}

/** What "check the login" found: the servers accepted the account's login, or why not. */
export type LoginCheck =
  | { ok: true; checkedAt: string; smtp: LoginCheckServer; incoming: LoginCheckIncoming | null }
  | { ok: false; checkedAt: string; smtp: LoginCheckServer; incoming: LoginCheckIncoming | null; error: AppErrorData };

export interface LoginCheckServer {
  host: string;
  port: number;
}

export interface LoginCheckIncoming {
  protocol: 'imap' | 'pop3';
  host: string;
}

/** A flow waiting for another profile (one runs at a time): shown, with its Cancel, everywhere. */
export interface AuthorizationElsewhere {
  id: string;
  name: string;
  start: AuthorizationStart;
}

/**
 * The authorization flow of one profile as main holds it: waiting in the browser, finished
 * recently (its outcome or error, until the next Authorize or for ten minutes), or none.
 */
export type AuthorizationState =
  | { phase: 'idle'; elsewhere: AuthorizationElsewhere | null }
  | { phase: 'waiting'; start: AuthorizationStart; elsewhere: null }
  | { phase: 'finished'; outcome: AuthorizationOutcome; error?: undefined; elsewhere: AuthorizationElsewhere | null }
  | { phase: 'finished'; error: AppErrorData; outcome?: undefined; elsewhere: AuthorizationElsewhere | null };

export interface SignOutResult {
  view: ProfileView;
  /** Whether the provider confirmed the revocation (false: no endpoint, or it failed; see note). */
  revoked: boolean;
  note: string;
}

export type IpcArgs<M extends IpcMethod> = z.input<(typeof ipcContract)[M]['args']>;
export type IpcParsedArgs<M extends IpcMethod> = z.output<(typeof ipcContract)[M]['args']>;

/** What `window.mailprefs` offers: one named function per method, resolving to a Result. */
export type MailPrefsApi = {
  [M in IpcMethod]: (args: IpcArgs<M>) => Promise<Result<IpcResults[M]>>;
};
