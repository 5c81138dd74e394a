// One holder per refresh token, against an authorization server that rotates refresh tokens and
// revokes the whole grant when a used one comes back (oidc-provider, rotateRefreshToken). Before,
// the app and the server shared one refresh token: the first refresh on one side killed both.
// Here: export → the app tests with its access token → the server refreshes → the app authorizes
// again (a grant of its own) and refreshes → the server refreshes again → the app deletes the
// profile → the server still refreshes. Neither side ever presents the other's refresh token.
import { chromium, type Browser } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigDocument, ExportResult } from '../../src-shared/config-file';
import type { AuthorizationStart } from '../../src-shared/oauth';
import type { ProfileView } from '../../src-shared/profile';
import { CLIENT_ID, CLIENT_SECRET, startAuthServer } from '../support/auth-server';
import { CHROMIUM_ARGS, CHROMIUM_PATH, assertChromium } from '../support/chromium';
import { consentInNewContext } from '../support/consent';
import { createTestHost, type TestHost } from '../support/main-host';
import { introspectingXoauth2, oauthProfile } from '../support/oauth-profiles';
import { findSecrets } from '../support/secret-scan';
import { startSmtpServer } from '../support/smtp-server';

let browser: Browser;
beforeAll(async () => {
  assertChromium();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});
afterAll(async () => browser?.close());

/** The server's side: a plain refresh grant with the token from the exported file. */
async function serverRefresh(issuer: string, refreshToken: string): Promise<oauth.TokenEndpointResponse> {
  const insecure = { [oauth.allowInsecureRequests]: true };
  const as = await oauth.processDiscoveryResponse(
    new URL(issuer),
    await oauth.discoveryRequest(new URL(issuer), insecure),
  );
  const client = { client_id: CLIENT_ID };
  const response = await oauth.refreshTokenGrantRequest(
    as,
    client,
    oauth.ClientSecretPost(CLIENT_SECRET),
    refreshToken,
    insecure,
  );
  return oauth.processRefreshTokenResponse(as, client, response);
}

async function authorize(host: TestHost, id: string, opened: string[]) {
  const start = await host.call<AuthorizationStart>('beginAuthorization', { id });
  expect(opened.at(-1)).toBe(start.authorizationUrl);
  const outcome = host.call('awaitAuthorization', { id });
  await consentInNewContext(browser, start.authorizationUrl);
  await outcome;
}

async function expireAccessToken(host: TestHost, id: string) {
  const info = host.services.profiles.authorization(id)!;
  await host.services.profiles.setAuthorization(id, { ...info, accessTokenExpiresAt: new Date(0).toISOString() });
}

describe('one holder per refresh token', () => {
  it('the app and the server keep working through rotations, each on a grant of its own', async () => {
    const auth = await startAuthServer('generic', { rotateRefreshToken: true });
    const smtp = await startSmtpServer({ onXoauth2: introspectingXoauth2(auth) });
    const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-handoff-'));
    const opened: string[] = [];
    const host = createTestHost({
      endpoints: auth.endpoints,
      openExternal: async (url) => void opened.push(url),
      dialogs: { chooseSaveFile: async (name) => path.join(dir, name), chooseOpenFile: async () => null },
    });
    const appTokens = new Set<string>();
    const serverTokens = new Set<string>();
    const remember = async () => {
      const token = await host.services.vault.get(id, 'refreshToken');
      if (token) appTokens.add(token);
    };
    const { profile } = await host.call<ProfileView>('createProfile', { name: 'Generic', authType: 'generic' });
    const id = profile.id;
    await host.call('saveProfile', {
      profile: oauthProfile(auth, id, smtp.port),
      secrets: { clientSecret: CLIENT_SECRET },
    });
    try {
      await authorize(host, id, opened);
      await remember();

      // Export: the server becomes the grant's only holder.
      const exported = await host.call<ExportResult>('exportProfiles', {
        ids: [id],
        format: 'json',
        secrets: { mode: 'plaintext', confirmed: true },
      });
      const doc = JSON.parse(readFileSync(exported.path!, 'utf8')) as ConfigDocument;
      let serverRefreshToken = doc.profiles[0]!.secrets.refreshToken!;
      expect(appTokens.has(serverRefreshToken)).toBe(true); // the grant the app had
      const view = host.services.profiles.get(id);
      expect(view.secrets.refreshToken).toBe(false);
      expect(view.authorization?.handedOff?.file).toBe(path.basename(exported.path!));
      serverTokens.add(serverRefreshToken);
      appTokens.clear(); // from here on, the app's own tokens only

      // A second server must not get the same grant.
      const again = await host.dispatch('exportProfiles', {
        ids: [id],
        format: 'json',
        secrets: { mode: 'plaintext', confirmed: true },
      });
      expect(again).toMatchObject({ ok: false, error: { code: 'conflict', message: /handed to a server/ } });

      // The app still tests with the access token it kept.
      await host.call('sendTestEmail', { id, to: 'admin@example.test' });
      // The server refreshes (rotation): works.
      let server = await serverRefresh(auth.issuer, serverRefreshToken);
      expect(server.refresh_token).toBeDefined();
      serverRefreshToken = server.refresh_token!;
      serverTokens.add(serverRefreshToken);

      // Once the app's access token runs out it says what happened, and never refreshes.
      await expireAccessToken(host, id);
      const stale = await host.dispatch('sendTestEmail', { id, to: 'admin@example.test' });
      expect(stale).toMatchObject({ ok: false, error: { code: 'oauth_reauthorize', message: /handed to the server/ } });

      // "Authorize this workstation again": a separate grant; its refresh rotates on its own.
      await authorize(host, id, opened);
      await remember();
      expect(host.services.profiles.authorization(id)?.handedOff ?? null).toBeNull();
      await expireAccessToken(host, id);
      await host.call('sendTestEmail', { id, to: 'admin@example.test' });
      await remember();
      expect(appTokens.size).toBe(2); // rotated

      // The server's grant survived the app's refreshes.
      server = await serverRefresh(auth.issuer, serverRefreshToken);
      serverRefreshToken = server.refresh_token!;
      serverTokens.add(serverRefreshToken);

      // Deleting the profile in the app (the app's own grant is revoked) leaves the server's working.
      await host.call('deleteProfile', { id });
      server = await serverRefresh(auth.issuer, serverRefreshToken);
      expect(server.access_token).toBeTruthy();

      for (const token of appTokens) expect(serverTokens.has(token)).toBe(false);
      expect(smtp.messages.length).toBe(2);
      expect(findSecrets(host.dataDirectory, [...appTokens, ...serverTokens, CLIENT_SECRET])).toEqual([]);
    } finally {
      await smtp.close();
      await auth.close();
      host.cleanup();
    }
  }, 60_000);
});
