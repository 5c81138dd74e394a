// The exported config file: what an on-prem server reads. Versioned; the JSON Schema in
// schema/ is generated from this (npm run schema), and docs/config-format.md explains it.
import { z } from 'zod';
import {
  authSchema,
  descriptionSchema,
  incomingSettingsSchema,
  profileNameSchema,
  senderSchema,
  serverSettingsSchema,
} from './profile';

export const CONFIG_VERSION = 1;
export const CONFIG_SCHEMA_FILE = 'mail-config.v1.schema.json';
/** Written where a secret was left out, so the server admin sees what to fill in. */
export const SECRET_PLACEHOLDER = '__SET_ON_SERVER__';

const secretValue = z.string().min(1).max(16384);

export const exportedSecretsSchema = z
  .object({
    password: secretValue.optional(),
    clientSecret: secretValue.optional(),
    refreshToken: secretValue.optional(),
  })
  .strict();

/** What a server needs to get tokens itself: derived from the auth settings at export time. */
export const oauthServerSchema = z
  .object({
    user: z.string(),
    tokenEndpoint: z.string(),
    scope: z.string(),
    clientAuthMethod: z.enum(['client_secret_post', 'client_secret_basic', 'none']),
  })
  .strict();

export const exportedProfileSchema = z
  .object({
    name: profileNameSchema,
    description: descriptionSchema,
    auth: authSchema,
    outgoing: serverSettingsSchema,
    incoming: incomingSettingsSchema.nullable(),
    sender: senderSchema,
    oauth: oauthServerSchema.nullable(),
    secrets: exportedSecretsSchema,
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
    profiles: z.array(exportedProfileSchema).min(1, 'The file contains no profiles.'),
  })
  .strict();
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
