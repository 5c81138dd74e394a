// What the one-profile, key=value formats (.env, properties) share: the single profile they
// describe, the header comment, and a line writer with the format's own quoting. A value the
// format cannot carry so that every reader reads it back exactly is refused, never written.
import type { ConfigDocument } from '../../../src-shared/config-file';
import { AppError } from '../../../src-shared/errors';

export type ExportedProfileOf<D extends ConfigDocument> = D['profiles'][number];

/** The text written after `KEY=`, or why the value cannot be written (no secret in it: it is shown). */
export type Encoded = { text: string } | { refused: string; alternatives: string };

export interface KeyValueFormat {
  /** ".env", ".properties": for messages. */
  label: string;
  encode: (value: string) => Encoded;
  /** Makes any text safe inside one `# …` comment line. */
  comment: (text: string) => string;
}

/** The document fields the key=value formats write, as the admin knows them. */
export const FIELD_LABELS = {
  'auth.type': 'authentication type',
  'auth.username': 'user name',
  'auth.useAuthentication': 'authentication setting',
  'auth.clientId': 'client ID',
  'auth.tenant': 'tenant',
  'auth.permission': 'permission (delegated or application)',
  'auth.credential': 'Google credential (user or service account)',
  'auth.keyId': 'key ID',
  'auth.certificateThumbprint': 'certificate thumbprint',
  'outgoing.host': 'SMTP host',
  'outgoing.port': 'SMTP port',
  'outgoing.security': 'SMTP security',
  'outgoing.validateCertificate': 'certificate validation setting',
  'sender.fromAddress': 'From address',
  'sender.displayName': 'display name',
  'sender.replyTo': 'Reply-to address',
  'oauth.user': 'mailbox address',
  'oauth.tokenEndpoint': 'token endpoint',
  'oauth.scope': 'scopes',
  'oauth.clientAuthMethod': 'client authentication method',
  'incoming.protocol': 'incoming protocol',
  'incoming.host': 'incoming server host',
  'incoming.port': 'incoming server port',
  'incoming.security': 'incoming server security',
  'incoming.validateCertificate': 'incoming certificate validation setting',
  'incoming.folder': 'incoming folder',
  'incoming.fetchIntervalMinutes': 'fetch interval',
  'alternateOutgoing.host': 'alternate SMTP host',
  'alternateOutgoing.port': 'alternate SMTP port',
  'alternateOutgoing.security': 'alternate SMTP security',
  'alternateOutgoing.validateCertificate': 'alternate SMTP certificate validation setting',
  'verified.by': 'verification',
  'verified.at': 'verification time',
  'signature.text': 'signature',
  'signature.html': 'HTML signature',
  'senders.purpose': 'sender purpose',
  'senders.address': 'sender address',
  'senders.displayName': 'sender display name',
  'receivers.name': 'receiver list name',
  'receivers.addresses': 'receiver addresses',
  'secrets.password': 'password',
  'secrets.clientSecret': 'client secret',
  'secrets.refreshToken': 'refresh token',
} as const;
export type FieldPath = keyof typeof FIELD_LABELS;

export function singleProfile(doc: ConfigDocument, format: string): ExportedProfileOf<ConfigDocument> {
  const [first, ...rest] = doc.profiles;
  if (!first || rest.length > 0) {
    throw new Error(`A ${format} file configures one account: export one profile at a time.`);
  }
  return first;
}

/** Starts a file with the header comment; `set` appends key=value lines quoted by the format. */
export function keyValueFile(doc: ConfigDocument, format: KeyValueFormat) {
  const p = singleProfile(doc, format.label);
  const lines: string[] = [
    `# Mail Preferences export: profile "${format.comment(p.name)}" (${format.comment(doc.exportedAt)})`,
  ];
  if (p.description) lines.push(`# Description: ${format.comment(p.description)}`);
  lines.push(
    `# Secrets: ${doc.secrets === 'included' ? 'included - keep this file private (mode 0600)' : 'left out - fill in the empty values on the server'}`,
  );
  return {
    profile: p,
    /**
     * Appends `key=value`; `field` is where the value comes from, named when it is refused, and
     * `index` the entry of a list field (senders, receivers) it comes from.
     */
    set(key: string, value: string | number | boolean, field: FieldPath, index?: number) {
      const encoded = format.encode(String(value));
      if ('refused' in encoded) throw refusal(p.name, format.label, key, field, encoded, index);
      lines.push(`${key}=${encoded.text}`);
    },
    text: () => lines.join('\n') + '\n',
  };
}

function refusal(
  profile: string,
  format: string,
  key: string,
  field: FieldPath,
  why: { refused: string; alternatives: string },
  index?: number,
): AppError {
  const [head, ...rest] = field.split('.');
  const path = index === undefined ? field : `${head}[${index}].${rest.join('.')}`;
  const message = `The ${FIELD_LABELS[field]} of profile "${profile}" cannot be written to a ${format} file (${key}): ${why.refused}.`;
  return new AppError({
    code: 'invalid_input',
    message,
    hint: `Export ${why.alternatives} instead, which hold${why.alternatives === 'JSON' ? 's' : ''} this value exactly, or change the value.`,
    fields: [{ path: `profiles[0].${path}`, message }],
  });
}
