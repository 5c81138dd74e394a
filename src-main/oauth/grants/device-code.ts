// The device authorization grant (RFC 8628), for a machine whose browser cannot reach the
// loopback redirect (a server over SSH, a locked-down jump host): the provider hands out a short
// user code, the admin enters it at the verification page on any device and signs in there, and
// the app polls the token endpoint at the interval the provider asked for (RFC 8628 §3.5:
// authorization_pending waits, slow_down adds 5 seconds, expired_token and access_denied end
// it). Google does not allow the mail scope in its device flow, so it is refused up front.
import type * as OAuth from 'oauth4webapi';
import { AppError } from '../../../src-shared/errors';
import { isSecureUrl } from '../../../src-shared/validators';
import { abortReason } from '../../profiles/operation-guard';
import { explainOAuthError } from '../explain-oauth-error';
import { loadOAuth } from '../oauth-lib';
import { OAUTH_TIMEOUT_MS, type ResolvedProvider } from '../resolve-provider';
import type { GrantSession, InteractiveContext, InteractiveGrant } from './grant';
import type { GrantedTokens } from './store-grant';

/** RFC 8628 §3.2: the interval when the provider names none, and the step slow_down adds. */
export const DEFAULT_POLL_SECONDS = 5;
const SLOW_DOWN_STEP_SECONDS = 5;
/**
 * The most believed of what a provider asks for: a code that lives a day, ten minutes between
 * polls. Node's timers take at most about 24.8 days; beyond that a timeout fires at once, so a
 * provider's huge expires_in ended the sign-in immediately, and a huge interval polled in a storm.
 */
export const MAX_CODE_LIFETIME_SECONDS = 24 * 3600;
export const MAX_POLL_SECONDS = 600;

/** The wait between polls for what the provider asked (seconds), bounded (a second to ten minutes). */
export const pollSeconds = (seconds: number) => Math.min(MAX_POLL_SECONDS, Math.max(1, seconds));
/** After slow_down: RFC 8628 §3.5's five seconds more, within the same bound. */
export const slowedDown = (interval: number) => pollSeconds(interval + SLOW_DOWN_STEP_SECONDS);
const codeLifetimeMs = (device: OAuth.DeviceAuthorizationResponse) =>
  Math.min(MAX_CODE_LIFETIME_SECONDS, device.expires_in) * 1000;

/** What a user code may look like: short, printable, no markup (it is shown large in the window). */
const USER_CODE = /^[A-Za-z0-9 -]{4,32}$/;

export const GOOGLE_DEVICE_REFUSAL = new AppError({
  code: 'oauth_config',
  message: "Google's device sign-in does not allow the Gmail scope (https://mail.google.com/).",
  hint: 'Authorize in the browser on this computer instead, or use a Google Workspace service account for a server without a browser.',
});

export const deviceCodeGrant: InteractiveGrant<'device_code'> = {
  kind: 'device_code',
  async start<R>(context: InteractiveContext<R>): Promise<GrantSession<R>> {
    const { auth, provider, ticket } = context;
    if (auth.type === 'google') throw GOOGLE_DEVICE_REFUSAL;
    const endpoint = provider.as.device_authorization_endpoint;
    if (!endpoint || !isSecureUrl(endpoint)) {
      throw new AppError({
        code: 'oauth_config',
        message: endpoint
          ? 'The device authorization endpoint is not an https:// address.'
          : 'No device authorization endpoint is known for this provider, so it offers no device sign-in.',
        hint:
          auth.type === 'generic'
            ? 'Enter the provider\'s "Device authorization endpoint" (its documentation names it, often …/device_authorization), or authorize in the browser on this computer.'
            : 'Authorize in the browser on this computer instead, or ask the provider to enable the device authorization grant for this client.',
      });
    }
    const oauth = await loadOAuth();
    const signal = () => AbortSignal.any([ticket.signal, AbortSignal.timeout(OAUTH_TIMEOUT_MS)]);
    let device: OAuth.DeviceAuthorizationResponse;
    try {
      const response = await oauth.deviceAuthorizationRequest(
        provider.as,
        provider.client,
        provider.clientAuth,
        { scope: provider.scopes.join(' ') },
        { ...provider.requestOptions, signal: signal() },
      );
      device = await oauth.processDeviceAuthorizationResponse(provider.as, provider.client, response);
    } catch (error) {
      throw explainDeviceError(context.cancelledOr(error));
    }
    const verificationUri = checkedUri(device.verification_uri);
    const complete = device.verification_uri_complete ? checkedUri(device.verification_uri_complete) : null;
    if (!USER_CODE.test(device.user_code)) {
      throw new AppError({
        code: 'oauth_token',
        message: 'The provider sent a user code this app cannot show safely.',
        hint: 'Authorize in the browser on this computer instead.',
      });
    }

    const interval = () => pollSeconds(device.interval ?? DEFAULT_POLL_SECONDS);
    const stopped = new AbortController();
    const outcome = poll(context, provider, device, AbortSignal.any([ticket.signal, stopped.signal]));
    outcome.catch(() => undefined); // collected by the coordinator; never an unhandled rejection
    return {
      start: {
        authorizationUrl: complete ?? verificationUri,
        redirectUri: '',
        device: { userCode: device.user_code, verificationUri, verificationUriComplete: complete },
      },
      outcome,
      // The poll reports the code's expiry itself (in words about the code); this is a backstop.
      expiresInMs: codeLifetimeMs(device) + (interval() + SLOW_DOWN_STEP_SECONDS) * 1000 * 2,
      cancel: async () => stopped.abort(),
    };
  },
};

/** Polls until the admin has signed in (tokens stored), refused, or the code expired. */
async function poll<R>(
  context: InteractiveContext<R>,
  provider: ResolvedProvider,
  device: OAuth.DeviceAuthorizationResponse,
  signal: AbortSignal,
): Promise<R> {
  const oauth = await loadOAuth();
  let interval = pollSeconds(device.interval ?? DEFAULT_POLL_SECONDS);
  const deadline = Date.now() + codeLifetimeMs(device);
  for (;;) {
    let granted: GrantedTokens;
    await sleep(interval * 1000, signal);
    if (Date.now() > deadline) throw explainDeviceError({ error: 'expired_token' });
    try {
      const response = await oauth.deviceCodeGrantRequest(
        provider.as,
        provider.client,
        provider.clientAuth,
        device.device_code,
        { ...provider.requestOptions, signal: AbortSignal.any([signal, AbortSignal.timeout(OAUTH_TIMEOUT_MS)]) },
      );
      const tokens = await oauth.processDeviceCodeResponse(provider.as, provider.client, response);
      const claims = oauth.getValidatedIdTokenClaims(tokens);
      granted = {
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token ?? null,
        expiresIn: tokens.expires_in,
        scopes: tokens.scope ? tokens.scope.split(' ') : provider.scopes,
        account: stringClaim(claims, 'email') ?? stringClaim(claims, 'preferred_username') ?? null,
      };
    } catch (error) {
      if (signal.aborted) throw context.cancelledOr(abortReason(signal));
      const code = oauthErrorCode(error);
      if (code === 'authorization_pending') continue;
      if (code === 'slow_down') {
        interval = slowedDown(interval);
        context.logger.log('info', 'oauth.device.slow_down', { profileId: context.profileId, interval });
        continue;
      }
      throw explainDeviceError(context.cancelledOr(error));
    }
    // Outside the poll's error handling: storing explains its own failures (and they are not the provider's).
    return await context.store(granted);
  }
}

/** The errors that end a device sign-in, in words; everything else as for any token request. */
export function explainDeviceError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  // RFC 8628 says unauthorized_client; others say it in words: Entra ID with public client flows
  // off (invalid_client, AADSTS7000218), oidc-provider (invalid_request, "… device_code is not allowed").
  const refusedGrant = /AADSTS7000218|device_code is not allowed/.test(errorDescription(error));
  const code = refusedGrant ? 'unauthorized_client' : oauthErrorCode(error);
  switch (code) {
    case 'expired_token':
      return new AppError({
        code: 'oauth_timeout',
        message: 'The code expired before anyone signed in with it.',
        hint: 'Press "Sign in with a code" again and enter the new code at the verification page within its time.',
      });
    case 'access_denied':
      return new AppError({
        code: 'oauth_denied',
        message: 'The sign-in with the code was refused at the verification page.',
        hint: 'Start again and choose Accept (or Continue) after signing in with the mailbox. If an administrator must consent first, ask for admin consent in the app registration.',
      });
    case 'unauthorized_client':
      return new AppError({
        code: 'oauth_config',
        message: 'The app registration does not allow the device code flow.',
        hint: 'Microsoft: App registration › Authentication › Advanced settings › "Allow public client flows" = Yes. Other providers: allow the urn:ietf:params:oauth:grant-type:device_code grant for this client.',
      });
    default:
      return explainOAuthError(error, 'authorization');
  }
}

function errorDescription(error: unknown): string {
  if (error && typeof error === 'object' && 'error_description' in error) return String(error.error_description);
  return '';
}

function oauthErrorCode(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'error' in error && typeof error.error === 'string') return error.error;
  return undefined;
}

function checkedUri(uri: string): string {
  if (isSecureUrl(uri)) return uri;
  throw new AppError({
    code: 'oauth_token',
    message: 'The provider sent a verification page that is not an https:// address.',
    hint: 'Authorize in the browser on this computer instead.',
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function stringClaim(claims: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = claims?.[name];
  return typeof value === 'string' && value ? value : undefined;
}
