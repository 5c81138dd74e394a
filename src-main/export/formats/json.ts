import { SECRET_PLACEHOLDER, type ConfigDocument } from '../../../src-shared/config-file';

/** The canonical format: the document itself; omitted secrets become visible placeholders. */
export function renderJson(doc: ConfigDocument): string {
  const withPlaceholders: ConfigDocument = {
    ...doc,
    profiles: doc.profiles.map((p) =>
      doc.secrets === 'omitted'
        ? { ...p, secrets: Object.fromEntries(secretKindsFor(p).map((k) => [k, SECRET_PLACEHOLDER])) }
        : p,
    ),
  };
  return JSON.stringify(withPlaceholders, null, 2) + '\n';
}

export function secretKindsFor(
  p: ConfigDocument['profiles'][number],
): ('password' | 'clientSecret' | 'refreshToken')[] {
  if (p.auth.type === 'standard') return p.auth.useAuthentication ? ['password'] : [];
  // App-only (application permission): the client secret mints tokens; there is no refresh token.
  if (p.auth.type === 'microsoft' && p.auth.permission === 'application') return ['clientSecret'];
  return ['clientSecret', 'refreshToken'];
}
