// How a profile's status follows an edit: which changes void a past verification, and which
// void an OAuth authorization. Used by saves and by imports that replace a profile alike.
import type { SecretUpdate } from '../../src-shared/ipc';
import { isAppOnly, isOAuth, scopesFor } from '../../src-shared/oauth';
import type { Profile, ProfileStatus } from '../../src-shared/profile';
import { NOT_VERIFIED, type StoredProfile } from './profile-document';

/** Whether an edit could change whether mail gets through (and so voids a past verification). */
export function affectsDelivery(before: Profile, after: Profile): boolean {
  // The store shares an unchanged profile between versions: the common case needs no compare.
  if (before === after) return false;
  const relevant = (p: Profile) => JSON.stringify([p.auth, p.outgoing, p.sender.fromAddress]);
  return relevant(before) !== relevant(after);
}

/**
 * The status after the admin saves an edit. An OAuth authorization is tied to the client, tenant,
 * account and scopes it was granted for: change one and the tokens no longer fit.
 */
export function statusAfterEdit(previous: StoredProfile, profile: Profile, secrets: SecretUpdate): ProfileStatus {
  const authorization = previous.authorization;
  // App-only, before or after: nobody re-authorizes an app-only token; appOnlyTokensVoided drops
  // it (or a delegated grant being given up) and the next send mints, or the admin authorizes.
  if (authorization && isOAuth(profile.auth) && !isAppOnly(profile.auth) && !isAppOnly(previous.profile.auth)) {
    const before = previous.profile.auth;
    const identityChanged =
      before.type !== profile.auth.type ||
      JSON.stringify(identity(before)) !== JSON.stringify(identity(profile.auth)) ||
      secrets.clientSecret !== undefined;
    const missingScopes = scopesFor(profile).filter(
      (s) => !authorization.scopes.includes(s) && !OPTIONAL_SCOPES.has(s),
    );
    if (identityChanged || missingScopes.length > 0) {
      return {
        state: 'reauthorization_required',
        lastVerifiedSend: null,
        reason: identityChanged
          ? 'The app registration or account changed since the last authorization.'
          : `The settings now need permissions that were not granted: ${missingScopes.join(', ')}.`,
      };
    }
  }
  const credentialsChanged = secrets.password !== undefined || secrets.clientSecret !== undefined;
  return credentialsChanged || affectsDelivery(previous.profile, profile) ? NOT_VERIFIED : previous.status;
}

/**
 * The app registration a sign-in is made with (type, client, tenant or issuer and endpoints): a
 * grant obtained with one does not belong to a profile edited to another meanwhile.
 */
export function registrationOf(auth: Profile['auth']): string {
  return JSON.stringify([auth.type, ...registrationParts(auth)]);
}

function registrationParts(auth: Profile['auth']): unknown[] {
  switch (auth.type) {
    case 'standard':
      return [];
    case 'google':
      // The key id names a service account's key; a user sign-in has none to change.
      return [auth.clientId, auth.credential, auth.credential === 'service_account' ? auth.keyId : ''];
    case 'microsoft':
      return [auth.clientId, auth.tenant.toLowerCase(), auth.permission];
    case 'generic':
      return [auth.clientId, auth.issuer, auth.authorizationEndpoint, auth.tokenEndpoint];
  }
}

/** Scopes a provider may leave out of the granted list without that meaning anything is missing. */
const OPTIONAL_SCOPES = new Set(['openid', 'email', 'profile', 'offline_access']);

/** The registration and the account it signs in as: a change of either asks for a new authorization. */
function identity(auth: Profile['auth']): unknown[] {
  return [...registrationParts(auth), auth.type === 'standard' ? auth.username : auth.email.toLowerCase()];
}

/**
 * Whether an edit leaves an app-only profile's cached token (or a delegated past's tokens, or an
 * app-only past's token after switching back to a sign-in) unfit: another client, tenant,
 * mailbox, secret or permission. The save then drops the tokens and their
 * metadata together (tokens exist only with an authorization), and the next send mints anew.
 */
export function appOnlyTokensVoided(previous: StoredProfile, profile: Profile, secrets: SecretUpdate): boolean {
  // Either side app-only: a minted token must not serve a delegated profile, nor a grant an app-only one.
  if (!(isAppOnly(profile.auth) || isAppOnly(previous.profile.auth)) || !previous.authorization) return false;
  return (
    previous.profile.auth.type !== profile.auth.type ||
    JSON.stringify(identity(previous.profile.auth)) !== JSON.stringify(identity(profile.auth)) ||
    secrets.clientSecret !== undefined
  );
}
