// Access tokens for app-only profiles (nobody signs in): Office 365 application permission, minted
// with the client credentials grant from the app's own secret, and Google service accounts, minted
// with a JWT bearer assertion signed by the service account's key; cached in the vault until
// shortly before expiry (hasTimeLeft), and never a refresh token. Each mint writes the token and its
// metadata in one transaction, and only if the settings it was minted with are still stored.
import { AppError } from '../../src-shared/errors';
import { MICROSOFT, scopesFor, type OAuthAuth } from '../../src-shared/oauth';
import type { Profile } from '../../src-shared/profile';
import type { Logger } from '../logging/logger';
import type { OperationGuard } from '../profiles/operation-guard';
import type { StoredProfile } from '../profiles/profile-document';
import type { ProfileService } from '../profiles/profile-service';
import { applySealed, type SecretVault } from '../vault/secret-vault';
import { explainAppOnlyError } from './explain-app-only-error';
import type { ProviderEndpoints } from './endpoints';
import { appOnlyGrantFor } from './grants/index';
import { explainServiceAccountError } from './explain-service-account-error';
import { hasTimeLeft } from './refresh-grant';
import { resolveProvider } from './resolve-provider';

export interface AppOnlyToken {
  token: string;
  expiresAt: number;
}

export interface AppOnlyDeps {
  profiles: ProfileService;
  vault: SecretVault;
  endpoints: ProviderEndpoints;
  logger: Logger;
  now: () => Date;
  guard: OperationGuard;
}

/** The cached token while it has more than the margin left and was minted for these settings. */
export async function cachedAppOnlyToken(deps: AppOnlyDeps, record: StoredProfile): Promise<AppOnlyToken | null> {
  const info = record.authorization;
  if (!info?.accessTokenExpiresAt || info.account !== mailboxOf(record.profile)) return null;
  if (!sameScopes(info.scopes, scopesFor(record.profile))) return null;
  const expiresAt = Date.parse(info.accessTokenExpiresAt);
  const mintedAt = info.lastRefreshAt ? Date.parse(info.lastRefreshAt) : null;
  if (!hasTimeLeft(expiresAt, mintedAt, deps.now().getTime())) return null;
  const token = await deps.vault.open(record, 'accessToken');
  return token ? { token, expiresAt } : null;
}

/** One client credentials grant, stored. Callers make it single-flight per profile. */
export async function mintAppOnlyToken(deps: AppOnlyDeps, profileId: string): Promise<AppOnlyToken> {
  const ticket = deps.guard.start(profileId);
  const record = deps.profiles.stored(profileId);
  const { auth } = record.profile;
  const clientSecret = await deps.vault.open(record, 'clientSecret');
  if (!clientSecret) throw auth.type === 'google' ? noKey() : noSecret();
  const provider = await resolveProvider(record.profile, clientSecret, deps.endpoints);
  const now = deps.now();
  let minted;
  try {
    minted = await appOnlyGrantFor(auth as OAuthAuth).mint(
      auth.type === 'google'
        ? {
            ...provider,
            serviceAccount: {
              issuer: auth.clientId,
              subject: auth.email,
              keyId: auth.keyId,
              privateKey: clientSecret,
            },
          }
        : provider,
      now,
      ticket.cancel,
    );
  } catch (error) {
    if (ticket.cancel.aborted) throw deps.guard.cancelledOr(ticket, error);
    const explained =
      auth.type === 'google'
        ? explainServiceAccountError(error)
        : explainAppOnlyError(error, auth.type === 'microsoft' ? auth.appCredential : 'secret');
    deps.logger.log('warn', 'oauth.app_only.mint_failed', {
      profileId,
      code: explained.code,
      detail: explained.detail,
    });
    throw explained;
  }
  // Nothing to refresh with, ever: a refresh token left from a delegated past goes with this write.
  const sealed = await deps.vault.seal({ accessToken: minted.accessToken, refreshToken: null });
  let kept = true;
  await deps.profiles
    .patch(profileId, (current) => {
      deps.guard.assertCurrent(ticket); // signed out or deleted meanwhile: `cancelled`, nothing written
      // Edited while the token was minted (another client, tenant, mailbox or secret): it may not fit.
      if (
        JSON.stringify(current.profile.auth) !== JSON.stringify(record.profile.auth) ||
        current.secrets.clientSecret !== record.secrets.clientSecret
      ) {
        kept = false;
        return null;
      }
      return {
        secrets: applySealed(current.secrets, sealed),
        authorization: {
          account: mailboxOf(current.profile),
          scopes: scopesFor(current.profile),
          accessTokenExpiresAt: new Date(minted.expiresAt).toISOString(),
          hasRefreshToken: false,
          authorizedAt: current.authorization?.authorizedAt ?? now.toISOString(),
          lastRefreshAt: now.toISOString(),
          handedOff: null,
        },
      };
    })
    .catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') kept = false;
      else throw error;
    });
  // The token is still good for the settings it was minted with (this call's send uses those).
  deps.logger.log('info', kept ? 'oauth.app_only.minted' : 'oauth.app_only.discarded', { profileId });
  return { token: minted.accessToken, expiresAt: minted.expiresAt };
}

function mailboxOf(profile: Profile): string {
  return profile.auth.type === 'microsoft' || profile.auth.type === 'google' ? profile.auth.email.toLowerCase() : '';
}

function sameScopes(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s) => b.includes(s));
}

function noKey(): AppError {
  return new AppError({
    code: 'oauth_config',
    message: 'No service account key is stored, and a service account signs in with nothing else.',
    hint: 'Import the key file (Google Cloud › IAM › Service accounts › Keys › Add key › JSON) under "Service account key", and save.',
    fields: [{ path: 'secrets.clientSecret', message: 'Import the service account key.' }],
  });
}

function noSecret(): AppError {
  return new AppError({
    code: 'oauth_config',
    message: 'No client secret is stored, and an application permission needs one: nobody signs in.',
    hint: `In the app registration, Certificates & secrets → New client secret; paste its Value into "Client secret" and save. The app asks Microsoft for ${MICROSOFT.appOnlyScope} with it.`,
    fields: [{ path: 'secrets.clientSecret', message: 'Enter the client secret.' }],
  });
}
