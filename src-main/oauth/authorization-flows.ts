// The authorization code flow (RFC 6749 + PKCE S256 + state + nonce, RFC 8252 loopback), one at
// a time. begin() opens the listener and the system browser; the callback runs the code exchange
// right away, so the outcome is ready whether or not the renderer is still waiting for it. The
// flow is state here in main: state() and awaitOutcome() may be asked any number of times (a
// profile switch, a window reload), and a finished flow's result is kept for a while. Cancel,
// sign-out and delete abort the flow's ticket (operation-guard.ts): a code exchange under way
// is stopped, and its store write refuses to run, so nothing is saved after a cancel.
import type * as OAuth from 'oauth4webapi';
import { AppError, type Result } from '../../src-shared/errors';
import type { AuthorizationOutcome, AuthorizationState } from '../../src-shared/ipc';
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
import { abortReason, cancelledError, type OperationGuard, type Ticket } from '../profiles/operation-guard';
import type { ProfileService } from '../profiles/profile-service';
import { applySealed, type SecretVault } from '../vault/secret-vault';
import type { ProviderEndpoints } from './endpoints';
import { explainOAuthError } from './explain-oauth-error';
import { openLoopbackListener, type CallbackVerdict, type LoopbackListener } from './loopback-listener';
import { loadOAuth } from './oauth-lib';
import { OAUTH_TIMEOUT_MS, resolveProvider, type DiscoveryCache, type ResolvedProvider } from './resolve-provider';

export const DEFAULT_FLOW_TIMEOUT_MS = 5 * 60_000;
/** How long a finished flow's result stays available to a window that reloaded or came back to it. */
export const FINISHED_RETENTION_MS = 10 * 60_000;

/** Opens a URL in the system browser. Injected: Electron's shell, or a test's Chromium page. */
export type OpenExternal = (url: string) => Promise<void>;

interface Flow {
  profileId: string;
  start: AuthorizationStart;
  listener: LoopbackListener;
  outcome: Promise<AuthorizationOutcome>;
  /** Ends the flow (Cancel, timeout): aborts its ticket, so a code exchange under way stops too. */
  controller: AbortController;
  /** Set inside the transaction that stored the tokens: from then on Cancel is too late. */
  progress: { committed: boolean };
  timer: NodeJS.Timeout;
}

interface Finished {
  result: Result<AuthorizationOutcome>;
  at: number;
}

export class AuthorizationFlows {
  private current: Flow | null = null;
  /** The last flow's result per profile, for a window that asks again (reload, profile switch). */
  private readonly finished = new Map<string, Finished>();

  constructor(
    private readonly deps: {
      profiles: ProfileService;
      vault: SecretVault;
      guard: OperationGuard;
      endpoints: ProviderEndpoints;
      openExternal: OpenExternal;
      logger: Logger;
      now: () => Date;
      timeoutMs?: number;
      oauthMetadata?: DiscoveryCache;
    },
  ) {}

  async begin(profileId: string): Promise<AuthorizationStart> {
    this.assertIdle(profileId);
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
    // Taken before the first await: a sign-out or delete from here on voids this flow.
    const controller = new AbortController();
    const ticket = this.deps.guard.start(profileId, controller.signal);
    const clientSecret = await this.deps.vault.get(profileId, 'clientSecret');
    const provider = await resolveProvider(profile, clientSecret, this.deps.endpoints, this.deps.oauthMetadata);
    const oauth = await loadOAuth();
    this.finished.delete(profileId);

    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = provider.openid ? oauth.generateRandomNonce() : undefined;

    let settle!: { resolve: (v: AuthorizationOutcome) => void; reject: (e: AppError) => void };
    const outcome = new Promise<AuthorizationOutcome>((resolve, reject) => (settle = { resolve, reject }));
    outcome.catch(() => undefined); // collected by awaitOutcome; never an unhandled rejection
    const progress = { committed: false };

    const onCallback = async (url: URL): Promise<CallbackVerdict> => {
      // A callback without our state is someone else's (or forged): refuse it and keep waiting.
      if (url.searchParams.get('state') !== state) {
        this.deps.logger.log('warn', 'oauth.callback.state_mismatch', { profileId });
        return 'ignore';
      }
      if (ticket.signal.aborted) return 'failure';
      try {
        const expected = { state, verifier, nonce, redirectUri: listener.redirectUri };
        settle.resolve(await this.complete(profileId, provider, url, expected, ticket, progress));
        return 'success';
      } catch (error) {
        settle.reject(explainOAuthError(this.deps.guard.cancelledOr(ticket, error), 'authorization'));
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
      // While this call awaited, a sign-out or delete may have come, or another Authorize started.
      this.deps.guard.assertCurrent(ticket);
      this.assertIdle(profileId);
      const flow: Flow = {
        profileId,
        start,
        listener,
        outcome,
        controller,
        progress,
        timer: setTimeout(
          () =>
            controller.abort(
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
      // Cancel, timeout, sign-out and delete all end the flow through its ticket.
      ticket.signal.addEventListener('abort', () => settle.reject(abortReason(ticket.signal)), { once: true });
      // Whatever ends the flow (callback, cancel, timeout) closes the port and frees the slot.
      void outcome
        .then(
          (value): Result<AuthorizationOutcome> => ({ ok: true, value }),
          (error: unknown): Result<AuthorizationOutcome> => ({
            ok: false,
            error: explainOAuthError(error, 'authorization').toData(),
          }),
        )
        .then((result) => {
          clearTimeout(flow.timer);
          void listener.close();
          if (this.current === flow) this.current = null;
          this.finished.set(profileId, { result, at: Date.now() });
        });

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

  /**
   * Resolves with the flow's outcome for this profile: waits if it is still running, answers at
   * once if it finished recently. Safe to call any number of times, from any window.
   */
  async awaitOutcome(profileId: string): Promise<AuthorizationOutcome> {
    if (this.current?.profileId === profileId) return this.current.outcome;
    const finished = this.recent(profileId);
    if (!finished) {
      throw new AppError({
        code: 'not_found',
        message: 'No authorization is in progress for this profile.',
        hint: 'Press Authorize to start one.',
      });
    }
    if (finished.result.ok) return finished.result.value;
    throw new AppError(finished.result.error);
  }

  /** What a window showing this profile should show: the flow waiting, its result, or nothing. */
  state(profileId: string): AuthorizationState {
    this.deps.profiles.get(profileId); // not_found for a profile that is not there
    const current = this.current;
    if (current?.profileId === profileId) return { phase: 'waiting', start: current.start, elsewhere: null };
    const elsewhere = current
      ? { id: current.profileId, name: this.nameOf(current.profileId), start: current.start }
      : null;
    const finished = this.recent(profileId);
    if (!finished) return { phase: 'idle', elsewhere };
    return finished.result.ok
      ? { phase: 'finished', outcome: finished.result.value, elsewhere }
      : { phase: 'finished', error: finished.result.error, elsewhere };
  }

  /** Ends the waiting flow; a code exchange under way is aborted and writes nothing. */
  cancel(profileId: string): boolean {
    const flow = this.current;
    if (flow?.profileId !== profileId || flow.progress.committed) return false;
    flow.controller.abort(cancelledError('Authorization was cancelled'));
    return true;
  }

  /** Drops what is kept about a deleted profile's flows. */
  forget(profileId: string): void {
    this.cancel(profileId);
    this.finished.delete(profileId);
  }

  /** The running flow's redirect URI and port, for tests and diagnostics. */
  get active(): { profileId: string; start: AuthorizationStart; port: number } | null {
    return this.current
      ? { profileId: this.current.profileId, start: this.current.start, port: this.current.listener.port }
      : null;
  }

  private assertIdle(profileId: string): void {
    if (!this.current) return;
    const other = this.current.profileId === profileId ? 'this profile' : `"${this.nameOf(this.current.profileId)}"`;
    throw new AppError({
      code: 'oauth_busy',
      message: `An authorization for ${other} is already waiting in the browser.`,
      hint: 'Finish it in the browser, or press Cancel, then try again.',
    });
  }

  private recent(profileId: string): Finished | undefined {
    const finished = this.finished.get(profileId);
    if (finished && Date.now() - finished.at > FINISHED_RETENTION_MS) {
      this.finished.delete(profileId);
      return undefined;
    }
    return finished;
  }

  private nameOf(profileId: string): string {
    try {
      return this.deps.profiles.get(profileId).profile.name;
    } catch {
      return 'another profile';
    }
  }

  private async complete(
    profileId: string,
    provider: ResolvedProvider,
    callback: URL,
    expected: { state: string; verifier: string; nonce: string | undefined; redirectUri: string },
    ticket: Ticket,
    progress: { committed: boolean },
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
      // Cancel, sign-out and delete stop the exchange, not only its write.
      { ...provider.requestOptions, signal: AbortSignal.any([ticket.signal, AbortSignal.timeout(OAUTH_TIMEOUT_MS)]) },
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
    // the profile as it is now (the admin may have edited it while the browser was open), and
    // only if no cancel, sign-out or delete came first (then it throws `cancelled`, writing nothing).
    const view = await this.deps.profiles.patch(profileId, (stored) => {
      this.deps.guard.assertCurrent(ticket);
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
      progress.committed = true;
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
