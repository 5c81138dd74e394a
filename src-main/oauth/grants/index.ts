// The table of grants: which module gets a profile its tokens. A new grant is one module
// implementing grant.ts's interface, one row here and, if it is a choice, one schema value.
import { AppError } from '../../../src-shared/errors';
import { isAppOnly, type OAuthAuth, type SignInMethod } from '../../../src-shared/oauth';
import { authorizationCodeGrant } from './authorization-code';
import { clientCredentialsGrant } from './client-credentials';
import { deviceCodeGrant } from './device-code';
import { jwtBearerGrant } from './jwt-bearer';
import type { AppOnlyGrant, Grant, InteractiveGrant } from './grant';

export type GrantKind = Grant['kind'];

const GRANTS: { [K in GrantKind]: Extract<Grant, { kind: K }> } = {
  authorization_code: authorizationCodeGrant,
  // "Sign in with a code": the same profile, signed in on another device (RFC 8628).
  device_code: deviceCodeGrant,
  // Office 365 "Application permission, no sign-in": TokenService mints on demand (app-only-tokens.ts).
  client_credentials: clientCredentialsGrant,
  // Google Workspace service account with domain-wide delegation (RFC 7523).
  jwt_bearer: jwtBearerGrant,
};

/** The grant a profile's auth settings call for. */
export function grantKindFor(auth: OAuthAuth): GrantKind {
  if (!isAppOnly(auth)) return 'authorization_code';
  return auth.type === 'google' ? 'jwt_bearer' : 'client_credentials';
}

/** The grant an app-only profile mints its tokens with. */
export function appOnlyGrantFor(auth: OAuthAuth): AppOnlyGrant {
  return auth.type === 'google' ? GRANTS.jwt_bearer : GRANTS.client_credentials;
}

/**
 * The grant an Authorize press runs: the browser on this computer (authorization code), or a code
 * entered on another device (device code) when the admin asked for that.
 */
export function interactiveGrantFor(auth: OAuthAuth, method: SignInMethod = 'browser'): InteractiveGrant {
  const grant = GRANTS[grantKindFor(auth)];
  if (grant.kind === 'authorization_code' && method === 'device') return GRANTS.device_code;
  if (grant.kind === 'client_credentials' || grant.kind === 'jwt_bearer') {
    throw new AppError({
      code: 'invalid_input',
      message: 'This profile uses an application permission, so nobody signs in: the app gets its tokens itself.',
      hint: 'Press "Send test message" to check the app credential, or choose "Sign in as the mailbox".',
    });
  }
  return grant;
}
