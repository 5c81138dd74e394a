import { SECRET_PLACEHOLDER, type ConfigDocument } from '../../../src-shared/config-file';
import { isAppOnly } from '../../../src-shared/oauth';

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
  // App-only (Office 365 application permission, a Google service account): the client secret
  // (or key) mints tokens; there is no refresh token.
  if (isAppOnly(p.auth)) return ['clientSecret'];
  return ['clientSecret', 'refreshToken'];
}
