// Turns what an authorization server or oauth4webapi reports into an AppError that says what
// failed and what to do. Microsoft's AADSTS codes and Google's errors come from PROVIDERS.md.
import { AppError, type ErrorCode } from '../../src-shared/errors';

interface Known {
  pattern: RegExp;
  code: ErrorCode;
  message: string;
  hint: string;
}

const KNOWN: Known[] = [
  {
    pattern: /AADSTS50011/,
    code: 'oauth_config',
    message: 'Microsoft refused the redirect URI: it is not registered for this app.',
    hint: 'In the app registration, add a "Mobile and desktop applications" platform with exactly the Redirect URI shown in Mail Preferences.',
  },
  {
    pattern: /AADSTS65001|AADSTS90094/,
    code: 'oauth_denied',
    message: 'Consent for the requested permissions has not been granted.',
    hint: 'Ask a tenant administrator to grant admin consent for SMTP.Send (and IMAP/POP if used), or allow user consent.',
  },
  {
    pattern: /AADSTS700016/,
    code: 'oauth_config',
    message: 'Microsoft does not know this application in that tenant.',
    hint: 'Check the Client ID (Application ID) and the Tenant ID; a single-tenant app needs its own tenant, not "organizations".',
  },
  {
    pattern: /AADSTS7000215|AADSTS7000222/,
    code: 'oauth_config',
    message: 'The client secret is wrong or has expired.',
    hint: 'Create a new client secret in the app registration (Certificates & secrets), paste its Value, save, and authorize again.',
  },
  {
    pattern: /AADSTS700025/,
    code: 'oauth_config',
    message: 'This app is registered as a public client, so it must not send a client secret.',
    hint: 'Clear the Client secret field and save, or register the app as a confidential (web) client.',
  },
  {
    pattern: /AADSTS70043|AADSTS700082|AADSTS50173/,
    code: 'oauth_reauthorize',
    message: 'The refresh token has expired (sign-in frequency policy, or unused for 90 days).',
    hint: "Authorize again. If this recurs, ask about the tenant's sign-in frequency policy.",
  },
  {
    pattern: /AADSTS900144/,
    code: 'oauth_config',
    message: 'Microsoft asked for a scope parameter that was not sent.',
    hint: 'Authorize again; this version always sends the scope on refresh.',
  },
  {
    pattern: /AADSTS9002313/,
    code: 'oauth_config',
    message:
      'Microsoft found the request malformed (AADSTS9002313): usually a Tenant or Client ID with stray characters, or a changed app registration.',
    hint: 'Copy the Directory (tenant) ID and Application (client) ID again from the Overview page of the app registration, save, and authorize again.',
  },
  {
    pattern: /admin_policy_enforced/,
    code: 'oauth_denied',
    message: "The Google Workspace administrator's policy blocks this app from the account's data.",
    hint: 'In the Google Admin console, Security → API controls → App access control: mark the OAuth client as Trusted (or allow unconfigured third-party apps), then authorize again.',
  },
  {
    pattern: /disallowed_useragent/,
    code: 'oauth_config',
    message: 'The provider refused to sign in inside an embedded browser.',
    hint: 'Use the "Copy link" button and open the link in your regular browser.',
  },
  {
    pattern: /redirect_uri_mismatch|invalid_redirect_uri/,
    code: 'oauth_config',
    message: 'The provider refused the redirect URI.',
    hint: 'For Google, create an OAuth client of type "Desktop app". For other providers, register exactly the Redirect URI shown in Mail Preferences.',
  },
  {
    pattern: /invalid_client/,
    code: 'oauth_config',
    message: 'The provider did not accept the client ID or client secret.',
    hint: 'Copy both again from the app registration, check the client authentication method, save, and authorize again.',
  },
  {
    pattern: /invalid_grant/,
    code: 'oauth_reauthorize',
    message: 'The provider no longer accepts the stored authorization (refresh token revoked or expired).',
    hint: 'Authorize again. Google apps in "Testing" status lose their tokens after 7 days: publish the consent screen or make the app Internal.',
  },
  {
    pattern: /access_denied/,
    code: 'oauth_denied',
    message: 'Access was denied at the consent page.',
    hint: 'Authorize again and choose Allow/Accept. If an administrator must approve the app, ask for admin consent first.',
  },
  {
    pattern: /invalid_scope/,
    code: 'oauth_config',
    message: 'The provider does not allow the requested scopes for this app.',
    hint: 'Add the mail permission to the app registration (Google: https://mail.google.com/; Microsoft: SMTP.Send), or correct the Scope field.',
  },
];

/** The standard error fields of an OAuth error response, when there is one. */
function oauthFields(error: unknown): { error?: string; description?: string } {
  // oauth4webapi's ResponseBodyError and AuthorizationResponseError, told apart by name: the
  // library is loaded lazily (oauth-lib.ts), so this module does not import its classes.
  if (!(error instanceof Error) || !OAUTH_ERROR_NAMES.has(error.name)) return {};
  const { error: code, error_description: description } = error as { error?: unknown; error_description?: unknown };
  if (typeof code !== 'string') return {};
  return { error: code, ...(typeof description === 'string' && description ? { description } : {}) };
}

const OAUTH_ERROR_NAMES = new Set(['ResponseBodyError', 'AuthorizationResponseError']);

export function explainOAuthError(
  error: unknown,
  during: 'authorization' | 'token' | 'refresh' | 'revocation',
): AppError {
  if (error instanceof AppError) return error;
  const fields = oauthFields(error);
  const text = [fields.error, fields.description, error instanceof Error ? error.message : String(error)]
    .filter(Boolean)
    .join(' — ');
  const detail = text.slice(0, 1000);
  const known = KNOWN.find((k) => k.pattern.test(text));
  if (known)
    return new AppError({ code: known.code, message: known.message, hint: known.hint, detail }, { cause: error });
  if (isNetworkError(error)) {
    return new AppError(
      {
        code: 'oauth_network',
        message: `The provider's ${during === 'authorization' ? 'authorization' : 'token'} endpoint could not be reached.`,
        hint: "Check this computer's network connection and proxy settings, then try again. Nothing stored was changed.",
        detail,
      },
      { cause: error },
    );
  }
  return new AppError(
    {
      code: 'oauth_token',
      message: `The provider returned an error during ${during}${fields.error ? ` (${fields.error})` : ''}.`,
      hint: 'Check the app registration (client ID, secret, redirect URI, permissions) against the settings here, then authorize again.',
      detail,
    },
    { cause: error },
  );
}

function isNetworkError(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    const code = (current as NodeJS.ErrnoException).code;
    if (code && /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|UND_ERR/.test(code)) return true;
    if (current.name === 'TimeoutError' || /fetch failed/.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}
