// The client credentials grant module against a real oidc-provider: a token from the app's own
// secret that the server accepts, and a wrong secret refused with an explanation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { clientCredentialsGrant } from '../../src-main/oauth/grants/client-credentials';
import { providerAtTokenEndpoint } from '../../src-main/oauth/refresh-grant';
import {
  APP_CLIENT_ID,
  APP_CLIENT_SECRET,
  APP_ONLY_SCOPE,
  startAuthServer,
  type TestAuthServer,
} from '../support/auth-server';

let server: TestAuthServer;
beforeAll(async () => {
  server = await startAuthServer('generic');
});
afterAll(() => server.close());

async function provider(clientSecret: string) {
  const p = await providerAtTokenEndpoint({
    clientId: APP_CLIENT_ID,
    tokenEndpoint: `${server.issuer}/token`,
    clientAuthMethod: 'client_secret_post',
    clientSecret,
  });
  return { ...p, scopes: [APP_ONLY_SCOPE] };
}

describe('client credentials grant', () => {
  it('mints a token the authorization server vouches for, with the app-only scope and no person', async () => {
    const now = new Date();
    const minted = await clientCredentialsGrant.mint(await provider(APP_CLIENT_SECRET), now);
    expect(minted.expiresAt).toBeGreaterThan(now.getTime());
    const info = await server.introspect(minted.accessToken);
    expect(info.active).toBe(true);
    expect(info.scope).toBe(APP_ONLY_SCOPE);
    expect(info.sub).toBeUndefined();
  });

  it('a wrong secret is refused, explained, and the secret is not in the error', async () => {
    const wrong = 'Wrong-App-Secret-zz9';
    const error = await clientCredentialsGrant.mint(await provider(wrong), new Date()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    const data = (error as AppError).toData();
    expect(data.code).toMatch(/oauth/);
    expect(JSON.stringify(data)).not.toContain(wrong);
    expect(JSON.stringify(data)).not.toContain(APP_CLIENT_SECRET);
  });
});
