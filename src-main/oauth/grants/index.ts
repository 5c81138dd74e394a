// The table of grants: which module gets a profile its tokens. A new grant is one module
// implementing grant.ts's interface, one row here and, if it is a choice, one schema value.
import { AppError } from '../../../src-shared/errors';
import { isAppOnly, type OAuthAuth, type SignInMethod } from '../../../src-shared/oauth';
import { authorizationCodeGrant } from './authorization-code';
import { clientCredentialsGrant } from './client-credentials';
import { deviceCodeGrant } from './device-code';
import type { Grant, InteractiveGrant } from './grant';

export type GrantKind = Grant['kind'];

const GRANTS: { [K in GrantKind]: Extract<Grant, { kind: K }> } = {
  authorization_code: authorizationCodeGrant,
  // "Sign in with a code": the same profile, signed in on another device (RFC 8628).
  device_code: deviceCodeGrant,
  // Office 365 "Application permission, no sign-in": TokenService mints on demand (app-only-tokens.ts).
  client_credentials: clientCredentialsGrant,
};

/** The grant a profile's auth settings call for. */
export function grantKindFor(auth: OAuthAuth): GrantKind {
  return isAppOnly(auth) ? 'client_credentials' : 'authorization_code';
}

/**
 * The grant an Authorize press runs: the browser on this computer (authorization code), or a code
 * entered on another device (device code) when the admin asked for that.
 */
export function interactiveGrantFor(auth: OAuthAuth, method: SignInMethod = 'browser'): InteractiveGrant {
  const grant = GRANTS[grantKindFor(auth)];
  if (grant.kind === 'authorization_code' && method === 'device') return GRANTS.device_code;
  if (grant.kind === 'client_credentials') {
    throw new AppError({
      code: 'invalid_input',
      message: 'This profile uses an application permission, so nobody signs in: the app gets its tokens itself.',
      hint: 'Press "Send test message" to check the app credential, or choose "Sign in as the mailbox".',
    });
  }
  return grant;
}
