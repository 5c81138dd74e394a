// The client credentials grant (RFC 6749 §4.4): the app's own credential, no person, no refresh
// token (Microsoft 365 app-only: scope https://outlook.office365.com/.default). Nothing stored
// here: the caller caches the token until shortly before expiry. Errors come back explained.
import { explainOAuthError } from '../explain-oauth-error';
import { loadOAuth } from '../oauth-lib';
import { expiresAtFrom } from '../refresh-grant';
import { tokenRequest } from '../request-deadline';
import type { AppOnlyGrant, MintedToken } from './grant';

export const clientCredentialsGrant: AppOnlyGrant<'client_credentials'> = {
  kind: 'client_credentials',
  async mint(provider, now, signal): Promise<MintedToken> {
    const oauth = await loadOAuth();
    const tokens = await tokenRequest(
      signal,
      async (deadline) => {
        const response = await oauth.clientCredentialsGrantRequest(
          provider.as,
          provider.client,
          provider.clientAuth,
          { scope: provider.scopes.join(' ') },
          { ...provider.requestOptions, signal: deadline },
        );
        return oauth.processClientCredentialsResponse(provider.as, provider.client, response);
      },
      (error) => explainOAuthError(error, 'token'),
    );
    return {
      accessToken: tokens.access_token,
      expiresAt: expiresAtFrom(now, tokens.expires_in),
    };
  },
};
