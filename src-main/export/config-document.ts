// Builds the canonical config document from profiles and their secrets. Every format (JSON,
// dotenv, properties) is rendered from this one document.
import {
  CONFIG_SCHEMA_FILE,
  CONFIG_VERSION,
  type ConfigDocument,
  type ExportedProfile,
} from '../../src-shared/config-file';
import { isAppOnly, scopesFor, type OAuthAuth } from '../../src-shared/oauth';
import { verifiedBy, type Profile, type ProfileStatus } from '../../src-shared/profile';
import type { ProviderEndpoints } from '../oauth/endpoints';
import { resolveProvider } from '../oauth/resolve-provider';
import type { SecretVault } from '../vault/secret-vault';

/** A profile to export, with its status on this workstation (what `verified` is written from). */
export interface ProfileToExport {
  profile: Profile;
  status: ProfileStatus;
}

export async function buildConfigDocument(
  entries: ProfileToExport[],
  options: { includeSecrets: boolean; vault: SecretVault; endpoints: ProviderEndpoints; generator: string; now: Date },
): Promise<ConfigDocument> {
  const exported: ExportedProfile[] = [];
  for (const { profile, status } of entries) {
    exported.push({
      name: profile.name,
      description: profile.description,
      auth: exportedAuth(profile.auth),
      outgoing: profile.outgoing,
      incoming: profile.incoming,
      alternateOutgoing: profile.alternateOutgoing,
      sender: profile.sender,
      signature: profile.signature,
      senders: profile.senders,
      receivers: profile.receivers,
      oauth: await oauthFor(profile, options),
      secrets: options.includeSecrets ? await secretsFor(profile, options.vault) : {},
      verified: verificationOf(status),
    });
  }
  return {
    $schema: `./${CONFIG_SCHEMA_FILE}`,
    version: CONFIG_VERSION,
    generator: options.generator,
    exportedAt: options.now.toISOString(),
    secrets: options.includeSecrets ? 'included' : 'omitted',
    profiles: exported,
  };
}

function verificationOf(status: ProfileStatus): ExportedProfile['verified'] {
  const by = verifiedBy(status);
  const at = by === 'test_delivered' ? status.lastVerifiedSend : status.lastVerifiedLogin;
  return by && at ? { by, at } : null;
}

/**
 * The auth settings as the file spells them. A delegated Office 365 profile leaves `permission`
 * out (the reader's default), so servers with an older mailprefs still read its file; an app-only
 * one says "application", which an older reader refuses rather than misread as delegated.
 */
function exportedAuth(auth: Profile['auth']): ExportedProfile['auth'] {
  // Likewise a Google sign-in leaves out `credential` and `keyId`; a service account spells them out.
  if (auth.type === 'google' && auth.credential === 'user') {
    const { credential: _user, keyId: _none, ...signIn } = auth;
    return signIn as ExportedProfile['auth'];
  }
  if (auth.type !== 'microsoft') return auth;
  // A certificate is spelt out; a client secret (the default) leaves both fields out, as before.
  const { appCredential, certificateThumbprint, ...rest } = auth;
  const withCredential = appCredential === 'certificate' ? { ...rest, appCredential, certificateThumbprint } : rest;
  if (auth.permission === 'application') return withCredential as ExportedProfile['auth'];
  const { permission: _default, ...delegated } = withCredential;
  // The schema's output type has the defaulted fields; the file is read back through the schema.
  return delegated as ExportedProfile['auth'];
}

async function secretsFor(profile: Profile, vault: SecretVault): Promise<ExportedProfile['secrets']> {
  // App-only: the app credential goes instead of a refresh token (there is none: tokens are minted).
  const kinds =
    profile.auth.type === 'standard'
      ? (['password'] as const)
      : isAppOnly(profile.auth)
        ? (['clientSecret'] as const)
        : (['clientSecret', 'refreshToken'] as const);
  const out: ExportedProfile['secrets'] = {};
  for (const kind of kinds) {
    const value = await vault.get(profile.id, kind);
    if (value) out[kind] = value;
  }
  return out;
}

/** Where the server gets tokens, for whom, with which scope: resolved now, so the server need not. */
async function oauthFor(
  profile: Profile,
  options: { vault: SecretVault; endpoints: ProviderEndpoints },
): Promise<ExportedProfile['oauth']> {
  if (profile.auth.type === 'standard') return null;
  const auth = profile.auth as OAuthAuth;
  const clientSecret = await options.vault.get(profile.id, 'clientSecret');
  let tokenEndpoint = auth.type === 'generic' ? auth.tokenEndpoint : '';
  let deviceAuthorizationEndpoint: string | undefined;
  try {
    const provider = await resolveProvider(profile, clientSecret ?? 'placeholder', options.endpoints);
    tokenEndpoint = provider.as.token_endpoint ?? tokenEndpoint;
    // Device sign-in on the server: delegated grants only (Google's device flow refuses the mail scope).
    if (auth.type !== 'google' && !isAppOnly(auth))
      deviceAuthorizationEndpoint = provider.as.device_authorization_endpoint;
  } catch {
    // Discovery failed (offline?): export what the admin entered; the server can discover.
  }
  return {
    user: auth.email || profile.sender.fromAddress,
    tokenEndpoint,
    scope: scopesFor(profile).join(' '),
    // A service account's key signs its assertion and is never sent: it is no client secret to the token endpoint.
    clientAuthMethod:
      auth.type === 'generic'
        ? auth.clientAuthMethod
        : auth.type === 'google' && auth.credential === 'service_account'
          ? 'none'
          : auth.type === 'microsoft' && auth.appCredential === 'certificate'
            ? 'private_key_jwt'
            : clientSecret
              ? 'client_secret_post'
              : 'none',
    ...(deviceAuthorizationEndpoint ? { deviceAuthorizationEndpoint } : {}),
  };
}
