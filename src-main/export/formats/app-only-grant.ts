// What a server needs, beyond the client secret, to mint tokens for a profile nobody signs in
// to, for the key-value formats (.env, .properties): the JSON document carries it in `auth`.
//   - Office 365 application permission: the client credentials grant; with a certificate
//     (private_key_jwt) also the certificate's thumbprint, the assertion's x5t.
//   - Google service account: the JWT bearer grant (RFC 7523), signed with the key in the client
//     secret under its key id, for the mailbox in the user name (the assertion's sub).
// Neither has a refresh token.
import type { ConfigDocument } from '../../../src-shared/config-file';
import { isAppOnly } from '../../../src-shared/oauth';
import type { FieldPath } from './key-value';

export interface AppOnlyGrant {
  grantType: 'client_credentials' | 'urn:ietf:params:oauth:grant-type:jwt-bearer';
  /** The auth field the grant type is derived from, for encoding errors. */
  grantFrom: FieldPath;
  keyId?: string;
  certificateThumbprint?: string;
}

export function appOnlyGrant(p: ConfigDocument['profiles'][number]): AppOnlyGrant | null {
  const { auth } = p;
  if (!isAppOnly(auth)) return null;
  if (auth.type === 'google') {
    return {
      grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      grantFrom: 'auth.credential',
      keyId: auth.keyId,
    };
  }
  if (auth.type === 'microsoft' && auth.appCredential === 'certificate') {
    return {
      grantType: 'client_credentials',
      grantFrom: 'auth.permission',
      certificateThumbprint: auth.certificateThumbprint,
    };
  }
  return { grantType: 'client_credentials', grantFrom: 'auth.permission' };
}
