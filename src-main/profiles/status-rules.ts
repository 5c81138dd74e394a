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
  // App-only, before or after: nobody re-authorizes an app-only token; tokensVoided drops
  // it (or a delegated grant being given up) and the next send mints, or the admin authorizes.
  if (authorization && isOAuth(profile.auth) && !isAppOnly(profile.auth) && !isAppOnly(previous.profile.auth)) {
    const identityChanged = signsInAsAnother(previous.profile, profile) || secrets.clientSecret !== undefined;
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

/** Another kind of sign-in, registration or account: what a grant was obtained for has changed. */
function signsInAsAnother(before: Profile, after: Profile): boolean {
  return (
    before.auth.type !== after.auth.type ||
    JSON.stringify(identity(before.auth)) !== JSON.stringify(identity(after.auth))
  );
}

/** The registration and the account it signs in as: a change of either asks for a new authorization. */
function identity(auth: Profile['auth']): unknown[] {
  return [...registrationParts(auth), auth.type === 'standard' ? auth.username : auth.email.toLowerCase()];
}

/**
 * Whether an edit leaves the stored tokens unfit for the profile: another client, tenant, issuer,
 * mailbox or permission (delegated or app-only, or a switch between the two), or an app-only
 * profile's new secret. A save or import then drops the tokens and their metadata together
 * (tokens exist only with an authorization): the old grant's tokens sent mail, and were exported,
 * under a registration nobody had authorized. The next send mints anew, or the admin authorizes.
 */
export function tokensVoided(previous: StoredProfile, profile: Profile, secrets: SecretUpdate): boolean {
  if (!previous.authorization) return false;
  const registrationChanged = signsInAsAnother(previous.profile, profile);
  // An app-only token was minted with the client secret (a new one mints its own); a delegated
  // grant outlives a rotated secret, and a test send then shows whether it still works.
  const appOnly = isAppOnly(profile.auth) || isAppOnly(previous.profile.auth);
  return registrationChanged || (appOnly && secrets.clientSecret !== undefined);
}
