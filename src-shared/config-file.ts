// The exported config file: what an on-prem server reads. Versioned; the JSON Schema in
// schema/ is generated from this (npm run schema), and docs/config-format.md explains it.
import { z } from 'zod';
import { fetchIntervalSchema, receiversList, sendersList, signatureSchema } from './delivery';
import {
  descriptionSchema,
  genericAuthSchema,
  googleAuthSchema,
  incomingSettingsSchema,
  microsoftAuthSchema,
  profileNameSchema,
  senderSchema,
  serverSettingsSchema,
  standardAuthSchema,
} from './profile';
import { noControlChars } from './safe-text';

/** 2: alternate SMTP server, fetch interval, signature, senders, receivers (MIGRATIONS[1] adds them to version-1 files). */
export const CONFIG_VERSION = 2;
export const CONFIG_SCHEMA_FILE = 'mail-config.v2.schema.json';
/** Written where a secret was left out, so the server admin sees what to fill in. */
export const SECRET_PLACEHOLDER = '__SET_ON_SERVER__';

const secretValue = z.string().min(1).max(16384);

export const exportedSecretsSchema = z
  .object({
    // As Save refuses them: a line break in a password would reach the server as a command of
    // its own (AUTH, POP3 PASS), and one in the others would split a token request. A private
    // key (a certificate's, a service account's) is kept as one line of base64 PKCS#8 too.
    password: secretValue.check(noControlChars('The password', 'command')).optional(),
    clientSecret: secretValue.check(noControlChars('The client secret', 'request')).optional(),
    refreshToken: secretValue.check(noControlChars('The refresh token', 'request')).optional(),
  })
  .strict();

/** What a server needs to get tokens itself: derived from the auth settings at export time. */
export const oauthServerSchema = z
  .object({
    user: z.string(),
    tokenEndpoint: z.string(),
    scope: z.string(),
    /** private_key_jwt: an Office 365 app-only certificate (the key is secrets.clientSecret, the thumbprint in auth). */
    clientAuthMethod: z.enum(['client_secret_post', 'client_secret_basic', 'none', 'private_key_jwt']),
    /**
     * Where `mailprefs authorize --device` asks for a user code (RFC 8628), when the provider
     * offers device sign-in for this profile. Absent in files written before it existed.
     */
    deviceAuthorizationEndpoint: z.string().optional(),
  })
  .strict();

// The profile schemas accept unknown keys (zod strips them); a config file must not: a misspelt
// field ("colour", "prot") would otherwise vanish silently and the server would use a default.
const strictAuthSchema = z.discriminatedUnion('type', [
  standardAuthSchema.strict(),
  googleAuthSchema.strict(),
  microsoftAuthSchema.strict(),
  genericAuthSchema.strict(),
]);

/**
 * Characters that make a name print as something else: C0/C1 controls (newline, tab, escape),
 * line/paragraph separators and bidi overrides. Checked before trimming, so "Relay\n" is refused
 * rather than quietly becoming "Relay". Plain ranges, so any JSON Schema validator can use it.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this rule.
export const NAME_WITHOUT_CONTROLS = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$/;

const exportedNameSchema = z
  .string()
  .regex(NAME_WITHOUT_CONTROLS, 'Remove the line break, tab or other control character from the name.')
  .pipe(profileNameSchema);

export const exportedVerificationSchema = z
  .object({
    by: z.enum(['test_delivered', 'login_accepted']),
    at: z.iso.datetime({ offset: true }),
  })
  .strict();

export const exportedProfileSchema = z
  .object({
    name: exportedNameSchema,
    description: descriptionSchema,
    auth: strictAuthSchema,
    outgoing: serverSettingsSchema.strict(),
    // Required in the file (no defaults): a server reading it sees every setting spelt out.
    incoming: incomingSettingsSchema.extend({ fetchIntervalMinutes: fetchIntervalSchema }).strict().nullable(),
    alternateOutgoing: serverSettingsSchema.strict().nullable(),
    sender: senderSchema.strict(),
    signature: signatureSchema.strict(),
    senders: sendersList(true),
    receivers: receiversList(true),
    oauth: oauthServerSchema.nullable(),
    secrets: exportedSecretsSchema,
    // How the workstation proved these settings before the export. Informational: an import
    // starts Not verified whatever it says (the proof was on another machine). Optional, so
    // version-2 files written before it existed still read.
    verified: exportedVerificationSchema.nullable().optional(),
  })
  .strict();
export type ExportedProfile = z.infer<typeof exportedProfileSchema>;

export const SECRET_MODES = ['omit', 'recipient', 'passphrase', 'plaintext'] as const;
export type SecretMode = (typeof SECRET_MODES)[number];

export const configDocumentSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(CONFIG_VERSION, { error: `This app reads config files of version ${CONFIG_VERSION}.` }),
    generator: z.string(),
    exportedAt: z.string(),
    /** How secrets were handled: left out (placeholders), or included (plaintext, or inside a sealed file). */
    secrets: z.enum(['omitted', 'included']),
    profiles: z.array(exportedProfileSchema).min(1, 'The file contains no profiles.').superRefine(refuseDuplicateNames),
  })
  .strict();

/** Profiles are matched by name, case-insensitively: two such names would both create a profile. */
function refuseDuplicateNames(profiles: { name: string }[], ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  profiles.forEach(({ name }, index) => {
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first === undefined) return void seen.set(key, index);
    ctx.addIssue({
      code: 'custom',
      path: [index, 'name'],
      message: `The name "${name}" is already used by profiles[${first}] ("${profiles[first]!.name}"); names must differ in more than upper/lower case. Rename one of them.`,
    });
  });
}
export type ConfigDocument = z.infer<typeof configDocumentSchema>;

export const EXPORT_FORMATS = ['json', 'dotenv', 'properties'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_FORMAT_LABELS: Record<ExportFormat, string> = {
  json: 'JSON (canonical, all profiles)',
  dotenv: '.env (containers, systemd EnvironmentFile)',
  properties: 'Java properties (Spring Boot spring.mail.*)',
};

export const secretsChoiceSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('omit') }).strict(),
  z
    .object({
      mode: z.literal('recipient'),
      recipient: z
        .string()
        .trim()
        .max(62, "Paste the server's age public key: one line starting with age1.")
        .regex(/^age1[02-9ac-hj-np-z]{58}$/, "Paste the server's age public key: one line starting with age1."),
    })
    .strict(),
  z.object({ mode: z.literal('passphrase'), passphrase: z.string().max(1024) }).strict(),
  z
    .object({
      mode: z.literal('plaintext'),
      confirmed: z.literal(true, { error: 'Confirm that the file will hold secrets in plain text.' }),
    })
    .strict(),
]);
export type SecretsChoice = z.infer<typeof secretsChoiceSchema>;

export interface ExportResult {
  cancelled: boolean;
  path: string | null;
  bytes: number;
  sealed: boolean;
  profiles: number;
}

export type ImportAction = 'create' | 'update';

export interface ImportChange {
  name: string;
  action: ImportAction;
  /** Setting paths that differ from the existing profile (update only). */
  changedFields: string[];
  secrets: string[];
}

export interface ImportPreview {
  sessionId: string;
  fileName: string;
  /** Set when the file is sealed and the preview needs a key first. */
  needs: 'passphrase' | 'identity' | null;
  changes: ImportChange[];
}
