// The JWT bearer grant (RFC 7523 §2.1) as Google service accounts with domain-wide delegation
// use it: the service account's key signs an assertion (iss = the service account, sub = the
// mailbox, aud = the token endpoint, scope = the mail scope, one hour), and the token endpoint
// returns an access token for that mailbox. No refresh token: a new assertion each time.
import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import { AppError } from '../../../src-shared/errors';
import { explainServiceAccountError } from '../explain-service-account-error';
import { loadOAuth } from '../oauth-lib';
import { expiresAtFrom } from '../refresh-grant';
import { tokenRequest } from '../request-deadline';
import type { AppOnlyGrant, MintedToken } from './grant';

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Google's limit: an assertion may be valid for at most an hour. */
const ASSERTION_SECONDS = 3600;

export const jwtBearerGrant: AppOnlyGrant<'jwt_bearer'> = {
  kind: 'jwt_bearer',
  async mint(provider, now, signal): Promise<MintedToken> {
    const account = provider.serviceAccount;
    if (!account) throw new Error('jwt_bearer needs the service account');
    const oauth = await loadOAuth();
    const audience = provider.as.token_endpoint ?? '';
    const assertion = signAssertion(account, audience, provider.scopes.join(' '), now);
    const tokens = await tokenRequest(
      signal,
      async (deadline) => {
        const response = await oauth.genericTokenEndpointRequest(
          provider.as,
          provider.client,
          provider.clientAuth,
          JWT_BEARER,
          { assertion },
          { ...provider.requestOptions, signal: deadline },
        );
        return oauth.processGenericTokenEndpointResponse(provider.as, provider.client, response);
      },
      // Google's own words decide the explanation (explain-service-account-error.ts).
      explainServiceAccountError,
    );
    return { accessToken: tokens.access_token, expiresAt: expiresAtFrom(now, tokens.expires_in) };
  },
};

export interface ServiceAccount {
  /** The service account's client_email: the assertion's issuer. */
  issuer: string;
  /** The mailbox the token is for (domain-wide delegation). */
  subject: string;
  keyId: string;
  /** PKCS#8 DER in base64 (service-account-key.ts): the stored client secret. */
  privateKey: string;
}

function signAssertion(account: ServiceAccount, audience: string, scope: string, now: Date): string {
  let key;
  try {
    key = createPrivateKey({ key: Buffer.from(account.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
  } catch (cause) {
    throw new AppError(
      {
        code: 'oauth_config',
        message: 'The stored service account key cannot be read as a private key.',
        hint: 'Import the key file again (Google Cloud › IAM › Service accounts › Keys › Add key › JSON).',
      },
      { cause },
    );
  }
  const iat = Math.floor(now.getTime() / 1000);
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = part({ alg: 'RS256', typ: 'JWT', ...(account.keyId ? { kid: account.keyId } : {}) });
  const claims = part({
    iss: account.issuer,
    sub: account.subject,
    aud: audience,
    scope,
    iat,
    exp: iat + ASSERTION_SECONDS,
    jti: randomUUID(),
  });
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${claims}`), key).toString('base64url');
  return `${header}.${claims}.${signature}`;
}
