// Fixtures for specs that authorize from the renderer: a real authorization server of the chosen
// kind, the host pointed at it, and the client secret in the list of secrets scanned for.
import {
  CLIENT_SECRET,
  startAuthServer,
  type AuthServerKind,
  type AuthServerOptions,
  type TestAuthServer,
} from '../support/auth-server';
import { introspectingXoauth2 } from '../support/oauth-profiles';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server';
import { test as base } from './fixtures';

export const oauthTest = base.extend<{
  kind: AuthServerKind;
  authOptions: AuthServerOptions;
  auth: TestAuthServer;
  oauthSmtp: TestSmtpServer;
}>({
  kind: ['google', { option: true }],
  /** The provider's lifetimes and behaviour (e.g. a device code that expires in seconds). */
  authOptions: [{}, { option: true }],
  auth: async ({ kind, authOptions }, use) => {
    const server = await startAuthServer(kind, authOptions);
    await use(server);
    await server.close();
  },
  // An SMTP server that accepts XOAUTH2 tokens this authorization server issued.
  oauthSmtp: async ({ auth }, use) => {
    const smtp = await startSmtpServer({ onXoauth2: introspectingXoauth2(auth) });
    await use(smtp);
    await smtp.close();
  },
  hostOptions: async ({ auth, opened }, use) => {
    await use({ endpoints: auth.endpoints, openExternal: async (url) => void opened.push(url) });
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern here
  typedSecrets: async ({}, use) => {
    await use([CLIENT_SECRET]);
  },
});
