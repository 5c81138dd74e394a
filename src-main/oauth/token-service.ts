// Access tokens on demand: the stored one while it has time left, otherwise a refresh (one at a
// time per profile). Every rotated refresh token is stored with the new access token in one write.
// A refresh carries its profile's ticket (operation-guard.ts): sign-out and delete abort it.
import { AppError } from '../../src-shared/errors';
import { isAppOnly, type AuthorizationInfo } from '../../src-shared/oauth';
import type { Profile } from '../../src-shared/profile';
import type { Logger } from '../logging/logger';
import type { OperationGuard } from '../profiles/operation-guard';
import type { ProfileService } from '../profiles/profile-service';
import { applySealed, type SecretVault } from '../vault/secret-vault';
import { cachedAppOnlyToken, mintAppOnlyToken, type AppOnlyDeps } from './app-only-tokens';
import type { ProviderEndpoints } from './endpoints';
import { explainOAuthError } from './explain-oauth-error';
import { hasTimeLeft, refreshGrant, REFRESH_MARGIN_MS, type RefreshedGrant } from './refresh-grant';
import { resolveProvider, type DiscoveryCache } from './resolve-provider';

export { REFRESH_MARGIN_MS };

export interface AccessToken {
  token: string;
  expiresAt: number;
}

export class TokenService {
  private readonly inflight = new Map<string, Promise<AccessToken>>();

  constructor(
    private readonly profiles: ProfileService,
    private readonly vault: SecretVault,
    private readonly endpoints: ProviderEndpoints,
    private readonly logger: Logger,
    private readonly now: () => Date,
    private readonly guard: OperationGuard,
    private readonly oauthMetadata?: DiscoveryCache,
  ) {}

  /** Resolves once no refresh of this profile is in flight (an export waits before reading tokens). */
  async settle(profileId: string): Promise<void> {
    await this.inflight.get(profileId)?.catch(() => undefined);
  }

  /**
   * Whether a refresh of this profile has started and not ended (or an app-only mint: they share
   * the single flight): its refresh token may be spent already.
   */
  refreshing(profileId: string): boolean {
    return this.inflight.has(profileId);
  }

  /** A usable access token; `force` refreshes even if the stored one looks valid (server refused it). */
  async accessToken(profileId: string, options: { force?: boolean } = {}): Promise<AccessToken> {
    const record = this.profiles.stored(profileId);
    if (isAppOnly(record.profile.auth)) return this.appOnlyToken(profileId, options.force === true);
    const info = this.requireAuthorization(profileId);
    const expiresAt = info.accessTokenExpiresAt ? Date.parse(info.accessTokenExpiresAt) : 0;
    const now = this.now().getTime();
    // Decrypted only when it may be handed out: a refresh does not need the old one.
    const timely = !options.force && hasTimeLeft(expiresAt, obtainedAt(info), now);
    const usable = timely || (!info.hasRefreshToken && expiresAt > now);
    const stored = usable ? await this.vault.get(profileId, 'accessToken') : undefined;
    if (stored && timely) return { token: stored, expiresAt };
    if (!info.hasRefreshToken) {
      // Nothing to refresh with: hand back what we have and let the server judge it.
      if (stored) return { token: stored, expiresAt };
      if (info.handedOff) {
        throw await this.reauthorize(
          profileId,
          info,
          `The refresh token was handed to the server in ${info.handedOff.file} on ${info.handedOff.at.slice(0, 10)}, and the access token this workstation kept has expired. Press "Authorize this workstation again" to test from here with a grant of its own; the server's keeps working.`,
        );
      }
      throw await this.reauthorize(profileId, info, 'The access token expired and no refresh token is held.');
    }
    let pending = this.inflight.get(profileId);
    if (!pending) {
      pending = this.refresh(profileId).finally(() => this.inflight.delete(profileId));
      this.inflight.set(profileId, pending);
    }
    return pending;
  }

  /**
   * App-only (application permission): the cached token while it has more than the margin left,
   * else one client credentials grant shared by every caller that arrives meanwhile. `force` (the
   * server refused the token) mints anew, unless a mint is under way (its token is a new one anyway).
   */
  private async appOnlyToken(profileId: string, force: boolean): Promise<AccessToken> {
    const pending = this.inflight.get(profileId);
    if (pending) return pending;
    if (!force) {
      const cached = await cachedAppOnlyToken(this.appOnlyDeps, this.profiles.stored(profileId));
      if (cached) return cached;
      // Another caller may have started a mint while this one read the vault.
      const started = this.inflight.get(profileId);
      if (started) return started;
    }
    const mint = mintAppOnlyToken(this.appOnlyDeps, profileId).finally(() => this.inflight.delete(profileId));
    this.inflight.set(profileId, mint);
    return mint;
  }

  private get appOnlyDeps(): AppOnlyDeps {
    const { profiles, vault, endpoints, logger, now, guard } = this;
    return { profiles, vault, endpoints, logger, now, guard };
  }

  private async refresh(profileId: string): Promise<AccessToken> {
    const ticket = this.guard.start(profileId);
    const record = this.profiles.stored(profileId);
    const started = record.authorization ?? this.notAuthorized();
    const granted = started.scopes;
    const [refreshToken, clientSecret] = await Promise.all([
      this.vault.open(record, 'refreshToken'),
      this.vault.open(record, 'clientSecret'),
    ]);
    if (!refreshToken) throw await this.reauthorize(profileId, started, 'No refresh token is stored.');
    const provider = await resolveProvider(record.profile, clientSecret, this.endpoints, this.oauthMetadata);
    const now = this.now();
    let tokens: RefreshedGrant;
    try {
      // Microsoft wants the scope on refresh too (AADSTS900144), and it keeps the token's audience.
      tokens = await refreshGrant(
        provider,
        refreshToken,
        granted.length ? granted : provider.scopes,
        now,
        ticket.cancel,
      );
    } catch (error) {
      if (ticket.cancel.aborted) {
        this.logger.log('info', 'oauth.refresh.cancelled', { profileId });
        throw this.guard.cancelledOr(ticket, error);
      }
      provider.forgetMetadata(); // the endpoint may have moved: discover again next time
      const explained = error instanceof AppError ? error : explainOAuthError(error, 'refresh');
      this.logger.log('warn', 'oauth.refresh.failed', { profileId, code: explained.code, detail: explained.detail });
      if (explained.code === 'oauth_reauthorize')
        throw await this.reauthorize(profileId, started, explained.message, explained);
      throw explained;
    }
    const expiresAt = tokens.expiresAt;
    const sealed = await this.vault.seal({
      accessToken: tokens.accessToken,
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
    });
    // One write for tokens and metadata, and only onto the authorization this refresh started
    // from: after a sign-out, a new authorization or a delete, the result is discarded.
    let kept = true;
    let why = 'The authorization was removed while its token was being refreshed.';
    await this.profiles
      .patch(profileId, (current) => {
        this.guard.assertCurrent(ticket); // signed out or deleted meanwhile: `cancelled`, nothing written
        // Only onto the refresh token it spent: one handed to a server meanwhile, or replaced by
        // another writer, is not this refresh's to bring back (two holders revoke each other).
        if (current.authorization?.authorizedAt !== started.authorizedAt) {
          kept = false;
          return null;
        }
        if (current.secrets.refreshToken !== record.secrets.refreshToken) {
          kept = false;
          why = 'The refresh token was handed to a server by an export (or replaced) while it was being used here.';
          return null;
        }
        return {
          secrets: applySealed(current.secrets, sealed),
          authorization: {
            ...current.authorization,
            accessTokenExpiresAt: new Date(expiresAt).toISOString(),
            lastRefreshAt: now.toISOString(),
            ...(tokens.scopes ? { scopes: tokens.scopes } : {}),
          },
        };
      })
      .catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'not_found') kept = false;
        else throw error;
      });
    if (!kept) {
      this.logger.log('info', 'oauth.refresh.discarded', { profileId });
      throw new AppError({
        code: 'oauth_reauthorize',
        message: why,
        hint: 'Press Authorize to give the app a new authorization.',
      });
    }
    this.logger.log('info', 'oauth.refresh', { profileId, rotated: !!tokens.refreshToken });
    return { token: tokens.accessToken, expiresAt };
  }

  /** The mailbox an OAuth profile authenticates as: its email, or the account that consented. */
  mailbox(profile: Profile): string {
    // App-only: the schema requires the mailbox, and no account ever consents.
    if (isAppOnly(profile.auth) && profile.auth.type !== 'standard') return profile.auth.email;
    const email = profile.auth.type === 'standard' ? '' : profile.auth.email;
    return email || this.requireAuthorization(profile.id).account || this.notAuthorized();
  }

  private requireAuthorization(profileId: string): AuthorizationInfo {
    return this.profiles.authorization(profileId) ?? this.notAuthorized();
  }

  private notAuthorized(): never {
    throw new AppError({
      code: 'oauth_reauthorize',
      message: 'This profile has not been authorized yet.',
      hint: 'Press Authorize and sign in with the mailbox in your browser.',
    });
  }

  /**
   * Records "re-authorization required", only onto the authorization the caller judged (`basis`):
   * a refresh that failed after a new sign-in had been stored says nothing about the new one.
   */
  private async reauthorize(
    profileId: string,
    basis: AuthorizationInfo,
    reason: string,
    cause?: AppError,
  ): Promise<AppError> {
    await this.profiles
      .applyPatch(profileId, (current) =>
        current.authorization?.authorizedAt === basis.authorizedAt
          ? { status: { state: 'reauthorization_required', lastVerifiedSend: null, reason } }
          : null,
      )
      .catch(() => undefined); // a profile deleted meanwhile has no status to set
    return new AppError({
      code: 'oauth_reauthorize',
      message: cause?.message ?? reason,
      hint: cause?.hint ?? 'Press Authorize and sign in again to give the app a new authorization.',
      ...(cause?.detail ? { detail: cause.detail } : {}),
    });
  }
}

/** When the stored access token was issued: the last refresh, or the authorization that brought it. */
function obtainedAt(info: AuthorizationInfo): number {
  return Math.max(Date.parse(info.authorizedAt), info.lastRefreshAt ? Date.parse(info.lastRefreshAt) : -Infinity);
}
