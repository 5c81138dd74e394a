// Interactive authorizations, one at a time, whatever the grant: begin() starts the profile's
// grant (grants/index.ts picks it: today the authorization code flow) and opens the system
// browser; the grant completes on its own, so the outcome is ready whether or not the renderer is
// still waiting for it. The flow is state here in main: state() and awaitOutcome() may be asked
// any number of times (a profile switch, a window reload), and a finished flow's result is kept
// for a while. Cancel, timeout, sign-out and delete abort the flow's ticket (operation-guard.ts):
// a token request under way is stopped, and its store write refuses to run, so nothing is saved.
import { AppError, type Result } from '../../src-shared/errors';
import type { AuthorizationOutcome, AuthorizationState, LoginCheck } from '../../src-shared/ipc';
import { isOAuth, type AuthorizationStart, type OAuthAuth, type SignInMethod } from '../../src-shared/oauth';
import { profileSchema } from '../../src-shared/profile';
import type { Logger } from '../logging/logger';
import { cancelledError, type OperationGuard } from '../profiles/operation-guard';
import type { ProfileService } from '../profiles/profile-service';
import type { SecretVault } from '../vault/secret-vault';
import type { ProviderEndpoints } from './endpoints';
import { explainOAuthError } from './explain-oauth-error';
import type { GrantSession } from './grants/grant';
import { interactiveGrantFor } from './grants/index';
import { storeGrant } from './grants/store-grant';
import { resolveProvider, type DiscoveryCache } from './resolve-provider';

export const DEFAULT_FLOW_TIMEOUT_MS = 5 * 60_000;
/** How long a finished flow's result stays available to a window that reloaded or came back to it. */
export const FINISHED_RETENTION_MS = 10 * 60_000;

/** Opens a URL in the system browser. Injected: Electron's shell, or a test's Chromium page. */
export type OpenExternal = (url: string) => Promise<void>;

interface Flow {
  profileId: string;
  start: AuthorizationStart;
  /** The grant's own part: its listener or poll, its outcome. */
  session: GrantSession;
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
  /** The profile whose Authorize is starting (before its flow is current), or null. */
  private starting: string | null = null;
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
      /** What a stored grant is followed by: the login check (mail/check-login.ts). */
      checkLogin?: (profileId: string) => Promise<LoginCheck>;
    },
  ) {}

  /** Starts the profile's sign-in: in the browser on this computer, or with a code on another device. */
  async begin(profileId: string, method: SignInMethod = 'browser'): Promise<AuthorizationStart> {
    this.assertIdle(profileId);
    // Taken before the first await: a second Authorize meanwhile (a double-click) is told one is
    // under way, instead of failing to open a fixed redirect port this first one holds.
    this.starting = profileId;
    try {
      return await this.beginNow(profileId, method);
    } finally {
      this.starting = null;
    }
  }

  private async beginNow(profileId: string, method: SignInMethod): Promise<AuthorizationStart> {
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
    const grant = interactiveGrantFor(auth, method);
    // Taken before the first await: a sign-out or delete from here on voids this flow.
    const controller = new AbortController();
    const ticket = this.deps.guard.start(profileId, controller.signal);
    const begunWith = { auth, clientSecret: this.deps.profiles.stored(profileId).secrets.clientSecret };
    const clientSecret = await this.deps.vault.get(profileId, 'clientSecret');
    const provider = await resolveProvider(profile, clientSecret, this.deps.endpoints, this.deps.oauthMetadata);
    this.finished.delete(profileId);

    const progress = { committed: false };
    const session = await grant.start({
      profileId,
      auth,
      provider,
      ticket,
      logger: this.deps.logger,
      cancelledOr: (error) => this.deps.guard.cancelledOr(ticket, error),
      store: async (tokens) =>
        this.checked(await storeGrant(this.deps, profileId, tokens, ticket, progress, begunWith)),
    });

    // Until the flow owns the session, every exit must cancel it: otherwise a fixed redirect
    // port stays taken and every later Authorize fails.
    let owned = false;
    try {
      // A device code lives as long as the provider says (Microsoft: 15 minutes).
      const timeoutMs = session.expiresInMs ?? this.deps.timeoutMs ?? DEFAULT_FLOW_TIMEOUT_MS;
      const start: AuthorizationStart = {
        ...session.start,
        expiresAt: new Date(this.deps.now().getTime() + timeoutMs).toISOString(),
      };
      // While this call awaited, a sign-out or delete may have come.
      this.deps.guard.assertCurrent(ticket);
      const flow: Flow = {
        profileId,
        start,
        session,
        controller,
        progress,
        timer: setTimeout(() => {
          // Tokens stored already (the login check that follows is running): as for Cancel, too late.
          if (progress.committed) return;
          const minutes = Math.max(1, Math.round(timeoutMs / 60_000));
          controller.abort(
            new AppError({
              code: 'oauth_timeout',
              message: `No answer came back from the browser within ${minutes === 1 ? 'a minute' : `${minutes} minutes`}.`,
              hint: 'Press Authorize again and finish signing in. If the browser did not open, use "Copy link" and paste it into your browser.',
            }),
          );
        }, timeoutMs),
      };
      this.current = flow;
      owned = true;
      // Whatever ends the flow (callback, cancel, timeout) frees the session and the slot.
      void session.outcome
        .then(
          (value): Result<AuthorizationOutcome> => ({ ok: true, value }),
          (error: unknown): Result<AuthorizationOutcome> => ({
            ok: false,
            error: explainOAuthError(error, 'authorization').toData(),
          }),
        )
        .then((result) => {
          clearTimeout(flow.timer);
          void session.cancel();
          if (this.current === flow) this.current = null;
          this.finished.set(profileId, { result, at: Date.now() });
        });

      this.deps.logger.log('info', 'oauth.begin', {
        profileId,
        provider: auth.type,
        grant: grant.kind,
        redirectUri: start.redirectUri,
      });
      // The device code is entered on another device: nothing opens here unless the admin asks.
      if (grant.kind === 'authorization_code') await this.openBrowser(profileId, start.authorizationUrl);
      return start;
    } finally {
      if (!owned) await session.cancel();
    }
  }

  private async openBrowser(profileId: string, url: string): Promise<void> {
    try {
      await this.deps.openExternal(url);
    } catch (error) {
      // The admin can still copy the link into a browser; the flow keeps waiting.
      this.deps.logger.log('warn', 'oauth.open_external_failed', { profileId, message: String(error) });
    }
  }

  /**
   * Resolves with the flow's outcome for this profile: waits if it is still running, answers at
   * once if it finished recently. Safe to call any number of times, from any window.
   */
  async awaitOutcome(profileId: string): Promise<AuthorizationOutcome> {
    if (this.current?.profileId === profileId) return this.current.session.outcome;
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

  /**
   * The stored grant, then the login check: the outcome carries its answer and the view after it.
   * A check that cannot run at all (a sign-out came first) leaves the authorization as stored.
   */
  private async checked(outcome: AuthorizationOutcome): Promise<AuthorizationOutcome> {
    const id = outcome.view.profile.id;
    if (!this.deps.checkLogin) return outcome;
    try {
      const loginCheck = await this.deps.checkLogin(id);
      return { ...outcome, loginCheck, view: this.deps.profiles.get(id) };
    } catch (error) {
      this.deps.logger.log('warn', 'oauth.login_check_skipped', { profileId: id, message: String(error) });
      return outcome;
    }
  }

  /**
   * The waiting sign-in with a code, on this computer after all (its browser can reach the
   * provider, only the loopback redirect is blocked): its verification page, with the code filled
   * in where the provider offers that. Only that page: the window names a profile, not a URL.
   */
  async openVerificationPage(profileId: string): Promise<{ opened: boolean }> {
    this.deps.profiles.get(profileId);
    const device = this.current?.profileId === profileId ? this.current.start.device : undefined;
    if (!device) return { opened: false };
    await this.deps.openExternal(device.verificationUriComplete ?? device.verificationUri);
    return { opened: true };
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
      ? { profileId: this.current.profileId, start: this.current.start, port: this.current.session.port ?? 0 }
      : null;
  }

  private assertIdle(profileId: string): void {
    const busy = this.current?.profileId ?? this.starting;
    if (busy === null) return;
    const other = busy === profileId ? 'this profile' : `"${this.nameOf(busy)}"`;
    // Said as it is: one only starting, or one finished in the browser whose login check runs,
    // is not "waiting in the browser", and Cancel does nothing to either.
    const [message, hint] = !this.current
      ? [`An authorization for ${other} is starting.`, 'Wait a moment, then try again.']
      : this.current.progress.committed
        ? [
            `The authorization for ${other} is complete; its login check with the mail server is still running.`,
            'Wait for the check to finish (at most two minutes), then try again.',
          ]
        : [
            `An authorization for ${other} is already waiting in the browser.`,
            'Finish it in the browser, or press Cancel, then try again.',
          ];
    throw new AppError({ code: 'oauth_busy', message, hint });
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
}
