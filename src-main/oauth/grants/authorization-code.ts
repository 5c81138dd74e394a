// The authorization code grant (RFC 6749 + PKCE S256 + state + nonce, RFC 8252 loopback): start()
// opens the loopback listener and builds the URL for the browser; the callback runs the code
// exchange right away and stores the tokens, so the outcome is ready whether or not a window is
// still waiting for it. cancel() closes the listener (the ticket's abort stops the exchange).
import type * as OAuth from 'oauth4webapi';
import { AppError } from '../../../src-shared/errors';
import { REDIRECT_PATHS } from '../../../src-shared/oauth';
import { isSecureUrl } from '../../../src-shared/validators';
import { abortReason } from '../../profiles/operation-guard';
import { explainOAuthError } from '../explain-oauth-error';
import { openLoopbackListener, type CallbackVerdict, type LoopbackListener } from '../loopback-listener';
import { loadOAuth } from '../oauth-lib';
import { OAUTH_TIMEOUT_MS, type ResolvedProvider } from '../resolve-provider';
import type { GrantSession, InteractiveContext, InteractiveGrant } from './grant';

interface Expected {
  state: string;
  verifier: string;
  nonce: string | undefined;
  redirectUri: string;
}

export const authorizationCodeGrant: InteractiveGrant<'authorization_code'> = {
  kind: 'authorization_code',
  async start<R>(context: InteractiveContext<R>): Promise<GrantSession<R>> {
    const { profileId, auth, provider, ticket } = context;
    const oauth = await loadOAuth();
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = provider.openid ? oauth.generateRandomNonce() : undefined;

    let settle!: { resolve: (v: R) => void; reject: (e: AppError) => void };
    const outcome = new Promise<R>((resolve, reject) => (settle = { resolve, reject }));
    outcome.catch(() => undefined); // collected by the coordinator; never an unhandled rejection

    const onCallback = async (url: URL): Promise<CallbackVerdict> => {
      // A callback without our state is someone else's (or forged): refuse it and keep waiting.
      if (url.searchParams.get('state') !== state) {
        context.logger.log('warn', 'oauth.callback.state_mismatch', { profileId });
        return 'ignore';
      }
      if (ticket.signal.aborted) return 'failure';
      try {
        const expected = { state, verifier, nonce, redirectUri: listener.redirectUri };
        settle.resolve(await context.store(await exchange(provider, url, expected, ticket.signal)));
        return 'success';
      } catch (error) {
        settle.reject(explainOAuthError(context.cancelledOr(error), 'authorization'));
        return 'failure';
      }
    };

    let listener: LoopbackListener;
    try {
      listener = await openLoopbackListener({ path: REDIRECT_PATHS[auth.type], port: auth.redirectPort, onCallback });
    } catch (error) {
      throw new AppError(
        {
          code: 'oauth_config',
          message: auth.redirectPort
            ? `Port ${auth.redirectPort} on 127.0.0.1 is in use, so the redirect cannot be received.`
            : 'No local port could be opened to receive the redirect.',
          hint: auth.redirectPort
            ? 'Close the program using it, or choose another fixed redirect port (and register that URI).'
            : 'Try again.',
        },
        { cause: error },
      );
    }
    // Until the session is handed over, every exit (a refused endpoint, a failed PKCE step) must
    // close the listener: otherwise a fixed redirect port stays taken and every later Authorize fails.
    try {
      const authorizationUrl = buildAuthorizationUrl(
        provider,
        listener.redirectUri,
        state,
        nonce,
        await oauth.calculatePKCECodeChallenge(verifier),
      );
      // Cancel, timeout, sign-out and delete all end the flow through its ticket.
      ticket.signal.addEventListener('abort', () => settle.reject(abortReason(ticket.signal)), { once: true });
      return {
        start: { authorizationUrl, redirectUri: listener.redirectUri },
        outcome,
        cancel: () => listener.close(),
        port: listener.port,
      };
    } catch (error) {
      await listener.close();
      throw error;
    }
  },
};

async function exchange(provider: ResolvedProvider, callback: URL, expected: Expected, signal: AbortSignal) {
  const oauth = await loadOAuth();
  const as = withCallbackIssuer(provider, callback);
  // Checks state and, when present, iss (RFC 9207); throws on error=access_denied and friends.
  const params = oauth.validateAuthResponse(as, provider.client, callback, expected.state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    provider.client,
    provider.clientAuth,
    params,
    expected.redirectUri,
    expected.verifier,
    // Cancel, sign-out and delete stop the exchange, not only its write.
    { ...provider.requestOptions, signal: AbortSignal.any([signal, AbortSignal.timeout(OAUTH_TIMEOUT_MS)]) },
  );
  const tokens = await oauth.processAuthorizationCodeResponse(as, provider.client, response, {
    expectedNonce: expected.nonce ?? oauth.expectNoNonce,
    requireIdToken: provider.openid,
  });
  const claims = oauth.getValidatedIdTokenClaims(tokens);
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? null,
    expiresIn: tokens.expires_in,
    scopes: tokens.scope ? tokens.scope.split(' ') : provider.scopes,
    account: stringClaim(claims, 'email') ?? stringClaim(claims, 'preferred_username') ?? null,
  };
}

function buildAuthorizationUrl(
  provider: ResolvedProvider,
  redirectUri: string,
  state: string,
  nonce: string | undefined,
  codeChallenge: string,
): string {
  const endpoint = provider.as.authorization_endpoint;
  if (!endpoint || !isSecureUrl(endpoint)) {
    throw new AppError({
      code: 'oauth_config',
      message: 'The authorization endpoint is not an https:// address.',
      hint: "Use the provider's https:// authorization endpoint; plain http is allowed only for 127.0.0.1 test servers.",
    });
  }
  const url = new URL(endpoint);
  const params: Record<string, string> = {
    client_id: provider.client.client_id,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: provider.scopes.join(' '),
    state,
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
    ...(nonce ? { nonce } : {}),
    ...provider.extraParams,
  };
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.href;
}

/**
 * Microsoft's metadata issuer for "organizations" is a template; when the callback carries the
 * account's real tenant issuer (RFC 9207 iss), accept exactly that tenant form and no other.
 */
function withCallbackIssuer(provider: ResolvedProvider, callback: URL): OAuth.AuthorizationServer {
  const iss = callback.searchParams.get('iss');
  if (!iss || !provider.issuerForTenant) return provider.as;
  const tid = /\/([0-9a-f-]{36})\/v2\.0$/i.exec(iss)?.[1];
  return tid && provider.issuerForTenant(tid) === iss ? { ...provider.as, issuer: iss } : provider.as;
}

function stringClaim(claims: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = claims?.[name];
  return typeof value === 'string' && value ? value : undefined;
}
