// Fixtures for specs that authorize from the renderer: a real authorization server of the chosen
// kind, the host pointed at it, and the client secret in the list of secrets scanned for.
import { CLIENT_SECRET, startAuthServer, type AuthServerKind, type TestAuthServer } from '../support/auth-server';
import { test as base } from './fixtures';

export const oauthTest = base.extend<{ kind: AuthServerKind; auth: TestAuthServer }>({
  kind: ['google', { option: true }],
  auth: async ({ kind }, use) => {
    const server = await startAuthServer(kind);
    await use(server);
    await server.close();
  },
  hostOptions: async ({ auth, opened }, use) => {
    await use({ endpoints: auth.endpoints, openExternal: async (url) => void opened.push(url) });
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern here
  typedSecrets: async ({}, use) => {
    await use([CLIENT_SECRET]);
  },
});
