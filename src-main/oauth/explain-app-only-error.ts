// What Microsoft answers a client credentials grant when the app-only setup is incomplete, in
// words a tenant admin can act on. Matched before the general catalogue (explain-oauth-error.ts),
// whose hints speak of signing in: with an application permission nobody does. A plain
// `invalid_client` (what RFC 6749 servers, oidc-provider included, answer for a wrong secret)
// gets the Microsoft wording too, since for these profiles the token endpoint is Microsoft's.
import { AppError, type ErrorCode } from '../../src-shared/errors';
import type { AppCredential } from '../../src-shared/profile';
import { explainOAuthError } from './explain-oauth-error';

interface Known {
  pattern: RegExp;
  code: ErrorCode;
  message: string;
  hint: string;
}

export const APP_ONLY_CONSENT_HINT =
  'In Entra ID → App registrations → this app → API permissions: Add a permission → APIs my organization uses → "Office 365 Exchange Online" → Application permissions → SMTP.SendAsApp (and IMAP.AccessAsApp or POP.AccessAsApp if the profile fetches mail); then "Grant admin consent for <tenant>" (needs a Global or Privileged Role Administrator).';

const APP_ONLY: Known[] = [
  {
    pattern: /AADSTS7000215|AADSTS7000222|invalid_client/,
    code: 'oauth_config',
    message:
      'Microsoft did not accept the client secret (AADSTS7000215 / AADSTS7000222): it is wrong, was copied from the "Secret ID" column, or has expired.',
    hint: 'In the app registration, Certificates & secrets → New client secret; copy its Value (shown only once, not the Secret ID), paste it into "Client secret", save, and send the test again.',
  },
  {
    pattern: /AADSTS65001|AADSTS90094|AADSTS7000112|consent_required/,
    code: 'oauth_denied',
    message:
      'The application permissions have not been granted admin consent in this tenant (AADSTS65001 / AADSTS90094), so Microsoft issues the app no token.',
    hint: APP_ONLY_CONSENT_HINT,
  },
  {
    pattern: /AADSTS700016/,
    code: 'oauth_config',
    message: 'Microsoft does not know this application in that tenant (AADSTS700016).',
    hint: "Check the Application (client) ID and the Directory (tenant) ID on the app registration's Overview page; an application permission works only in the tenant where admin consent was granted.",
  },
  {
    pattern: /AADSTS90002|AADSTS900023/,
    code: 'oauth_config',
    message: 'Microsoft does not know that tenant (AADSTS90002).',
    hint: "Enter the Directory (tenant) ID from the app registration's Overview page, or a verified domain of the tenant.",
  },
  {
    pattern: /AADSTS1002012|AADSTS70011|invalid_scope/,
    code: 'oauth_config',
    message:
      'Microsoft refused the scope: an application permission is asked for as https://outlook.office365.com/.default.',
    hint: 'Nothing to change in this app; check that the app registration has Office 365 Exchange Online application permissions, not Microsoft Graph ones.',
  },
];

/** With a certificate, a refused client is the certificate (checked before the secret's words). */
const CERTIFICATE: Known[] = [
  {
    pattern: /AADSTS700024/,
    code: 'oauth_config',
    message:
      "Microsoft refused the client assertion's time (AADSTS700024): this computer's clock is off, or the certificate is not valid yet.",
    hint: "Set this computer's clock automatically (Windows: Settings › Time › Sync now; Linux: timedatectl set-ntp true), then send the test again.",
  },
  {
    pattern: /AADSTS700027|AADSTS7000274|invalid_client/,
    code: 'oauth_config',
    message:
      'Microsoft did not accept the certificate (AADSTS700027): it is not uploaded to this app registration, was replaced, or has expired.',
    hint: 'Save the certificate (.cer) from this profile and upload it in Entra ID › App registrations › this app › Certificates & secrets › Certificates › Upload certificate; its thumbprint there must match the one shown here. Then send the test again.',
  },
];

export function explainAppOnlyError(error: unknown, credential: AppCredential = 'secret'): AppError {
  const text = describeOAuthError(error);
  const known = [...(credential === 'certificate' ? CERTIFICATE : []), ...APP_ONLY].find((k) => k.pattern.test(text));
  if (!known) return explainOAuthError(error, 'token');
  return new AppError(
    { code: known.code, message: known.message, hint: known.hint, detail: text.slice(0, 1000) },
    { cause: error },
  );
}

/** The error's text: an AppError's detail (the provider's words), or the OAuth error fields. */
export function describeOAuthError(error: unknown): string {
  if (error instanceof AppError) return [error.message, error.detail].filter(Boolean).join(' — ');
  const e = error as { error?: unknown; error_description?: unknown; message?: unknown } | null;
  return [e?.error, e?.error_description, e?.message].filter((v) => typeof v === 'string' && v).join(' — ');
}
