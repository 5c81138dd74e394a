// What every interactive grant ends with: tokens in the vault, their metadata, the fill-in of
// mailbox and From, in one transaction against the profile as it is now (the admin
// may have edited it meanwhile), and only if no cancel, sign-out or delete came first (then it
// throws `cancelled`, writing nothing).
import { AppError } from '../../../src-shared/errors';
import type { AuthorizationOutcome } from '../../../src-shared/ipc';
import type { AuthorizationInfo, OAuthAuth } from '../../../src-shared/oauth';
import type { Logger } from '../../logging/logger';
import type { OperationGuard, Ticket } from '../../profiles/operation-guard';
import type { ProfileService } from '../../profiles/profile-service';
import { registrationOf } from '../../profiles/status-rules';
import { applySealed, type SecretVault } from '../../vault/secret-vault';
import { expiresAtFrom } from '../refresh-grant';

export interface GrantedTokens {
  accessToken: string;
  refreshToken: string | null;
  /** Seconds, as the token endpoint said; absent when it did not. */
  expiresIn: number | undefined;
  scopes: string[];
  /** The account the provider says consented (ID token email / preferred_username). */
  account: string | null;
}

export interface StoreDeps {
  profiles: ProfileService;
  vault: SecretVault;
  guard: OperationGuard;
  logger: Logger;
  now: () => Date;
}

/** What the sign-in began with: its tokens are stored only onto the same app registration. */
export interface BegunWith {
  auth: OAuthAuth;
  /** The client secret's ciphertext then (undefined: none). */
  clientSecret: string | undefined;
}

export async function storeGrant(
  deps: StoreDeps,
  profileId: string,
  tokens: GrantedTokens,
  ticket: Ticket,
  progress: { committed: boolean },
  begunWith: BegunWith,
): Promise<AuthorizationOutcome> {
  const { account } = tokens;
  const now = deps.now();
  const info: AuthorizationInfo = {
    account,
    scopes: tokens.scopes,
    // As a refresh reads it (an hour when the endpoint does not say, a year at most): unknown
    // (null) read as already expired, so the first use refreshed, spending a rotating token.
    accessTokenExpiresAt: new Date(expiresAtFrom(now, tokens.expiresIn)).toISOString(),
    hasRefreshToken: !!tokens.refreshToken,
    authorizedAt: now.toISOString(),
    lastRefreshAt: null,
  };
  const sealed = await deps.vault.seal({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
  const view = await deps.profiles.patch(profileId, (stored) => {
    deps.guard.assertCurrent(ticket);
    // Saved with another client ID, secret, tenant or issuer while the browser was open: these
    // tokens belong to the old registration, and the first refresh would fail with the new one.
    if (
      registrationOf(stored.profile.auth) !== registrationOf(begunWith.auth) ||
      stored.secrets.clientSecret !== begunWith.clientSecret
    ) {
      throw new AppError({
        code: 'conflict',
        message:
          'The sign-in settings (the app registration, its secret, the tenant, issuer or sign-in type) were changed while you signed in, so the tokens were not stored.',
        hint: 'Press Authorize again: the sign-in then uses the saved settings.',
      });
    }
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
      // Verified comes from the login check that follows (check-login.ts), not from the consent.
      status: {
        state: 'not_verified',
        lastVerifiedSend: null,
        lastVerifiedLogin: null,
        reason: 'Authorized; the login has not been checked with the mail server yet. Send a test email to verify.',
      },
      updatedAt: now.toISOString(),
    };
  });
  deps.logger.log('info', 'oauth.authorized', { profileId, refreshToken: info.hasRefreshToken, scopes: info.scopes });
  return {
    view,
    loginCheck: null,
    warning: info.hasRefreshToken
      ? null
      : 'The provider returned no refresh token, so the server will stop sending when the access token expires' +
        (info.accessTokenExpiresAt ? ` (${info.accessTokenExpiresAt})` : '') +
        ". Google: the app requests offline access with consent, so revoke the app's access in the Google account and authorize again. Generic providers: add offline_access to the scope or allow the refresh_token grant for this client.",
  };
}
