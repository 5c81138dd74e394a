// Revokes a profile's grant at the provider where it has a revocation endpoint (RFC 7009), then
// forgets the tokens locally whatever the provider said: signing out must always work offline.
import type { Profile } from '../../src-shared/profile';
import type { Logger } from '../logging/logger';
import type { ProfileService } from '../profiles/profile-service';
import type { SecretVault } from '../vault/secret-vault';
import type { ProviderEndpoints } from './endpoints';
import { explainOAuthError } from './explain-oauth-error';
import { loadOAuth } from './oauth-lib';
import { OAUTH_TIMEOUT_MS, resolveProvider, type DiscoveryCache } from './resolve-provider';

export interface RevocationResult {
  revoked: boolean;
  note: string;
}

export async function revokeAtProvider(
  profile: Profile,
  deps: {
    vault: SecretVault;
    endpoints: ProviderEndpoints;
    logger: Logger;
    profiles: ProfileService;
    oauthMetadata?: DiscoveryCache;
  },
  options: { revokeServerGrant?: boolean } = {},
): Promise<RevocationResult> {
  const id = profile.id;
  const handedOff = deps.profiles.authorization(id)?.handedOff;
  // The access token the app kept belongs to the grant the server now lives on; revoking it can
  // stop the server (Google, and oidc-provider with a revokeGrantPolicy, revoke the whole grant
  // with it; RFC 7009 §2.1 leaves that to the provider). Only when asked.
  if (handedOff && !options.revokeServerGrant) {
    return {
      revoked: false,
      note: `Nothing was revoked: the grant was handed to the server in ${handedOff.file} and keeps working there. Revoke the app's access at the provider if the server should stop too.`,
    };
  }
  let secrets: (string | undefined)[];
  try {
    secrets = await Promise.all([
      deps.vault.get(id, 'refreshToken'),
      deps.vault.get(id, 'accessToken'),
      deps.vault.get(id, 'clientSecret'),
    ]);
  } catch (error) {
    // Secrets sealed on another computer or under a reset keyring: nothing can be revoked with
    // them, and sign-out and delete must still go ahead (their only way out of this state).
    deps.logger.log('warn', 'oauth.revoke.undecryptable', { profileId: id, message: String(error) });
    return {
      revoked: false,
      note: "Nothing was revoked: the stored tokens could not be decrypted on this computer. They were deleted here; remove the app's access at the provider to cut it off.",
    };
  }
  const [refreshToken, accessToken, clientSecret] = secrets;
  const token = refreshToken ?? accessToken;
  if (!token) return { revoked: false, note: 'No tokens were stored.' };
  try {
    const provider = await resolveProvider(profile, clientSecret, deps.endpoints, deps.oauthMetadata);
    if (!provider.as.revocation_endpoint) {
      return {
        revoked: false,
        note:
          profile.auth.type === 'microsoft'
            ? "Microsoft has no token revocation endpoint. The tokens were deleted here; to cut off access now, revoke the user's sessions or remove the app's consent in Microsoft Entra."
            : "The provider has no revocation endpoint. The tokens were deleted here; remove the app's access at the provider to cut it off.",
      };
    }
    const oauth = await loadOAuth();
    const response = await oauth.revocationRequest(provider.as, provider.client, provider.clientAuth, token, {
      ...provider.requestOptions,
      signal: AbortSignal.timeout(OAUTH_TIMEOUT_MS),
      additionalParameters: { token_type_hint: refreshToken ? 'refresh_token' : 'access_token' },
    });
    await oauth.processRevocationResponse(response);
    deps.logger.log('info', 'oauth.revoked', { profileId: id });
    if (handedOff && !refreshToken) {
      return {
        revoked: true,
        note: `The provider confirmed the revocation of the access token this workstation kept. Providers that revoke the whole grant with it (Google does) stop the server in ${handedOff.file} too; with others, revoke the app's access at the provider to be sure.`,
      };
    }
    return { revoked: true, note: 'The provider confirmed the revocation.' };
  } catch (error) {
    const explained = explainOAuthError(error, 'revocation');
    deps.logger.log('warn', 'oauth.revoke.failed', { profileId: id, code: explained.code, detail: explained.detail });
    return {
      revoked: false,
      note: `The provider could not confirm the revocation (${explained.message}) The tokens were deleted here; remove the app's access at the provider to be sure.`,
    };
  }
}
