// The table of grants: which module gets a profile its tokens. A new grant is one module
// implementing grant.ts's interface, one row here and, if it is a choice, one schema value.
import type { OAuthAuth } from '../../../src-shared/oauth';
import { authorizationCodeGrant } from './authorization-code';
import type { Grant, InteractiveGrant } from './grant';

export type GrantKind = Grant['kind'];

const GRANTS: { [K in GrantKind]: Extract<Grant, { kind: K }> } = {
  authorization_code: authorizationCodeGrant,
};

/** The grant a profile's auth settings call for. */
export function grantKindFor(_auth: OAuthAuth): GrantKind {
  return 'authorization_code';
}

export function interactiveGrantFor(auth: OAuthAuth): InteractiveGrant {
  return GRANTS[grantKindFor(auth)];
}
