// The authorization code flow (RFC 6749 + PKCE S256 + state + nonce, RFC 8252 loopback), one at
// a time. begin() opens the listener and the system browser; the callback runs the code exchange
// right away, so the outcome is ready whether or not the renderer is still waiting for it.
import type * as OAuth from 'oauth4webapi';
import { AppError } from '../../src-shared/errors';
import type { AuthorizationOutcome } from '../../src-shared/ipc';
import {
  isOAuth,
  REDIRECT_PATHS,
  type AuthorizationInfo,
  type AuthorizationStart,
  type OAuthAuth,
} from '../../src-shared/oauth';
import { profileSchema } from '../../src-shared/profile';
import { isSecureUrl } from '../../src-shared/validators';
import type { Logger } from '../logging/logger';
import type { ProfileService } from '../profiles/profile-service';
import { applySealed, type SecretVault } from '../vault/secret-vault';
import type { ProviderEndpoints } from './endpoints';
import { explainOAuthError } from './explain-oauth-error';
import { openLoopbackListener, type CallbackVerdict, type LoopbackListener } from './loopback-listener';
import { loadOAuth } from './oauth-lib';
import { OAUTH_TIMEOUT_MS, resolveProvider, type DiscoveryCache, type ResolvedProvider } from './resolve-provider';

export const DEFAULT_FLOW_TIMEOUT_MS = 5 * 60_000;

/** Opens a URL in the system browser. Injected: Electron's shell, or a test's Chromium page. */
export type OpenExternal = (url: string) => Promise<void>;

interface Flow {
  profileId: string;
  start: AuthorizationStart;
  listener: LoopbackListener;
  outcome: Promise<AuthorizationOutcome>;
  fail: (error: AppError) => void;
  timer: NodeJS.Timeout;
}

export class AuthorizationFlows {
  private current: Flow | null = null;
  /** Finished flows whose outcome nobody has collected yet (renderer reloaded mid-flow). */
  private readonly finished = new Map<string, Promise<AuthorizationOutcome>>();

  constructor(
    private readonly deps: {
      profiles: ProfileService;
      vault: SecretVault;
      endpoints: ProviderEndpoints;
      openExternal: OpenExternal;
      logger: Logger;
      now: () => Date;
      timeoutMs?: number;
      discovery?: DiscoveryCache;
    },
  ) {}

  async begin(profileId: string): Promise<AuthorizationStart> {
    if (this.current) {
      const other =
        this.current.profileId === profileId
          ? 'this profile'
          : `"${this.deps.profiles.get(this.current.profileId).profile.name}"`;
      throw new AppError({
        code: 'oauth_busy',
        message: `An authorization for ${other} is already waiting in the browser.`,
        hint: 'Finish it in the browser, or press Cancel, then try again.',
      });
    }
    const { profile } = this.deps.profiles.get(profileId);
    if (!isOAuth(profile.auth)) {
      throw new AppError({
        code: 'invalid_input',
        message: 'This profile uses the Standard protocol, which needs no authorization.',
        hint: 'Choose Google, Office 365 or Generic OAuth 2.0 as the Authorization Protocol to authorize.',
      });
    }
    const saved = profileSchema.safeParse(profile);
    if (!saved.success) {
      throw new AppError({
        code: 'invalid_input',
        message: 'The saved settings are incomplete, so there is nothing to authorize yet.',
        hint: 'Fill in the highlighted fields, save, and press Authorize again.',
      });
    }
    const auth = profile.auth as OAuthAuth;
    const clientSecret = await this.deps.vault.get(profileId, 'clientSecret');
    const provider = await resolveProvider(profile, clientSecret, this.deps.endpoints, this.deps.discovery);
    const oauth = await loadOAuth();
    this.finished.delete(profileId);

    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = provider.openid ? oauth.generateRandomNonce() : undefined;

    let settle!: { resolve: (v: AuthorizationOutcome) => void; reject: (e: AppError) => void };
    const outcome = new Promise<AuthorizationOutcome>((resolve, reject) => (settle = { resolve, reject }));
    outcome.catch(() => undefined); // collected by awaitOutcome; never an unhandled rejection

    const onCallback = async (url: URL): Promise<CallbackVerdict> => {
      // A callback without our state is someone else's (or forged): refuse it and keep waiting.
      if (url.searchParams.get('state') !== state) {
        this.deps.logger.log('warn', 'oauth.callback.state_mismatch', { profileId });
        return 'ignore';
      }
      try {
        settle.resolve(
          await this.complete(profileId, provider, url, { state, verifier, nonce, redirectUri: listener.redirectUri }),
        );
        return 'success';
      } catch (error) {
        settle.reject(explainOAuthError(error, 'authorization'));
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

    // Until the flow owns the listener, every exit (a refused endpoint, a failed PKCE step) must
    // close it: otherwise a fixed redirect port stays taken and every later Authorize fails.
    let owned = false;
    try {
      const authorizationUrl = buildAuthorizationUrl(
        provider,
        listener.redirectUri,
        state,
        nonce,
        await oauth.calculatePKCECodeChallenge(verifier),
      );
      const timeoutMs = this.deps.timeoutMs ?? DEFAULT_FLOW_TIMEOUT_MS;
      const start: AuthorizationStart = {
        authorizationUrl,
        redirectUri: listener.redirectUri,
        expiresAt: new Date(this.deps.now().getTime() + timeoutMs).toISOString(),
      };
      const flow: Flow = {
        profileId,
        start,
        listener,
        outcome,
        fail: (error) => settle.reject(error),
        timer: setTimeout(
          () =>
            flow.fail(
              new AppError({
                code: 'oauth_timeout',
                message: `No answer came back from the browser within ${Math.round(timeoutMs / 60_000) || 1} minutes.`,
                hint: 'Press Authorize again and finish signing in. If the browser did not open, use "Copy link" and paste it into your browser.',
              }),
            ),
          timeoutMs,
        ),
      };
      this.current = flow;
      owned = true;
      // Whatever ends the flow (callback, cancel, timeout) closes the port and frees the slot.
      void outcome
        .catch(() => undefined)
        .finally(() => {
          clearTimeout(flow.timer);
          void listener.close();
          if (this.current === flow) this.current = null;
        });
      this.finished.set(profileId, outcome);

      this.deps.logger.log('info', 'oauth.begin', {
        profileId,
        provider: auth.type,
        redirectUri: listener.redirectUri,
      });
      try {
        await this.deps.openExternal(authorizationUrl);
      } catch (error) {
        // The admin can still copy the link into a browser; the flow keeps waiting.
        this.deps.logger.log('warn', 'oauth.open_external_failed', { profileId, message: String(error) });
      }
      return start;
    } finally {
      if (!owned) await listener.close();
    }
  }

  /** Resolves with the flow's outcome for this profile (waits if it is still running). */
  async awaitOutcome(profileId: string): Promise<AuthorizationOutcome> {
    const outcome = this.current?.profileId === profileId ? this.current.outcome : this.finished.get(profileId);
    if (!outcome) {
      throw new AppError({
        code: 'not_found',
        message: 'No authorization is in progress for this profile.',
        hint: 'Press Authorize to start one.',
      });
    }
    try {
      return await outcome;
    } finally {
      if (this.finished.get(profileId) === outcome && this.current?.outcome !== outcome)
        this.finished.delete(profileId);
    }
  }

  cancel(profileId: string): boolean {
    if (this.current?.profileId !== profileId) return false;
    this.current.fail(
      new AppError({
        code: 'oauth_cancelled',
        message: 'Authorization was cancelled.',
        hint: 'Press Authorize when you are ready.',
      }),
    );
    return true;
  }

  /** The running flow's redirect URI and port, for tests and diagnostics. */
  get active(): { profileId: string; start: AuthorizationStart; port: number } | null {
    return this.current
      ? { profileId: this.current.profileId, start: this.current.start, port: this.current.listener.port }
      : null;
  }

  private async complete(
    profileId: string,
    provider: ResolvedProvider,
    callback: URL,
    expected: { state: string; verifier: string; nonce: string | undefined; redirectUri: string },
  ): Promise<AuthorizationOutcome> {
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
      { ...provider.requestOptions, signal: AbortSignal.timeout(OAUTH_TIMEOUT_MS) },
    );
    const tokens = await oauth.processAuthorizationCodeResponse(as, provider.client, response, {
      expectedNonce: expected.nonce ?? oauth.expectNoNonce,
      requireIdToken: provider.openid,
    });
    const claims = oauth.getValidatedIdTokenClaims(tokens);
    const account = stringClaim(claims, 'email') ?? stringClaim(claims, 'preferred_username') ?? null;

    const now = this.deps.now();
    const info: AuthorizationInfo = {
      account,
      scopes: tokens.scope ? tokens.scope.split(' ') : provider.scopes,
      accessTokenExpiresAt: tokens.expires_in ? new Date(now.getTime() + tokens.expires_in * 1000).toISOString() : null,
      hasRefreshToken: !!tokens.refresh_token,
      authorizedAt: now.toISOString(),
      lastRefreshAt: null,
    };
    const sealed = await this.deps.vault.seal({
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token ?? null,
    });
    // Tokens, their metadata, the fill-in of email/From and the status: one transaction, against
    // the profile as it is now (the admin may have edited it while the browser was open).
    const view = await this.deps.profiles.patch(profileId, (stored) => {
      const auth = stored.profile.auth as OAuthAuth;
      if (account && auth.email && account.toLowerCase() !== auth.email.toLowerCase()) {
        throw new AppError({
          code: 'oauth_denied',
          message: `You signed in as ${account}, but this profile is for ${auth.email}.`,
          hint: `Authorize again and choose ${auth.email} in the browser, or change the profile's email address to ${account}.`,
        });
      }
      const profile = account
        ? {
            ...stored.profile,
            auth: { ...auth, email: auth.email || account },
            sender: { ...stored.profile.sender, fromAddress: stored.profile.sender.fromAddress || account },
          }
        : stored.profile;
      return {
        profile,
        secrets: applySealed(stored.secrets, sealed),
        authorization: info,
        status: { state: 'verified', lastVerifiedSend: null, reason: null },
        updatedAt: now.toISOString(),
      };
    });
    this.deps.logger.log('info', 'oauth.authorized', {
      profileId,
      refreshToken: info.hasRefreshToken,
      scopes: info.scopes,
    });
    return {
      view,
      warning: info.hasRefreshToken
        ? null
        : 'The provider returned no refresh token, so the server will stop sending when the access token expires' +
          (info.accessTokenExpiresAt ? ` (${info.accessTokenExpiresAt})` : '') +
          ". Google: the app requests offline access with consent, so revoke the app's access in the Google account and authorize again. Generic providers: add offline_access to the scope or allow the refresh_token grant for this client.",
    };
  }
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
