// What the one-profile, key=value formats (.env, properties) share: the single profile they
// describe, the header comment, and a line writer with the format's own quoting.
import type { ConfigDocument } from '../../../src-shared/config-file';

export type ExportedProfileOf<D extends ConfigDocument> = D['profiles'][number];

export function singleProfile(doc: ConfigDocument, format: string): ExportedProfileOf<ConfigDocument> {
  const [first, ...rest] = doc.profiles;
  if (!first || rest.length > 0) {
    throw new Error(`A ${format} file configures one account: export one profile at a time.`);
  }
  return first;
}

/** Starts a file with the header comment; `set` appends key=value lines quoted by `encode`. */
export function keyValueFile(doc: ConfigDocument, format: string, encode: (value: string) => string) {
  const p = singleProfile(doc, format);
  const lines: string[] = [
    `# Mail Preferences export: profile "${p.name}" (${doc.exportedAt})`,
    `# Secrets: ${doc.secrets === 'included' ? 'included — keep this file private (mode 0600)' : 'left out — fill in the empty values on the server'}`,
  ];
  return {
    profile: p,
    set: (key: string, value: string | number | boolean) => void lines.push(`${key}=${encode(String(value))}`),
    text: () => lines.join('\n') + '\n',
  };
}
