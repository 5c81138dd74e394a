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

/** One thing the file says about the grant; each format names it its own way (`name` is the .properties form). */
export interface GrantField {
  name: 'grant-type' | 'key-id' | 'certificate-thumbprint';
  value: string;
  /** The auth field it comes from, for encoding errors. */
  field: FieldPath;
}

/** What the key-value formats write for an app-only profile; null for one somebody signs in to. */
export function appOnlyGrant(p: ConfigDocument['profiles'][number]): GrantField[] | null {
  const { auth } = p;
  if (!isAppOnly(auth)) return null;
  if (auth.type === 'google') {
    return [
      { name: 'grant-type', value: 'urn:ietf:params:oauth:grant-type:jwt-bearer', field: 'auth.credential' },
      { name: 'key-id', value: auth.keyId, field: 'auth.keyId' },
    ];
  }
  const clientCredentials: GrantField = { name: 'grant-type', value: 'client_credentials', field: 'auth.permission' };
  if (auth.type === 'microsoft' && auth.appCredential === 'certificate') {
    const thumbprint = auth.certificateThumbprint;
    return [
      clientCredentials,
      { name: 'certificate-thumbprint', value: thumbprint, field: 'auth.certificateThumbprint' },
    ];
  }
  return [clientCredentials];
}
