// One holder per refresh token, against an authorization server that rotates refresh tokens and
// revokes the whole grant when a used one comes back (oidc-provider, rotateRefreshToken). Before,
// the app and the server shared one refresh token: the first refresh on one side killed both.
// The server side is the real server command (`mailprefs token` and `mailprefs send`, the built
// bundle under plain Node) on the plaintext export; the auth server's token log shows every
// refresh token presented at /token, so the test can prove that each one was presented once, by
// its one holder, and accepted.
import { chromium, type Browser } from '@playwright/test';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigDocument, ExportResult } from '../../src-shared/config-file';
import type { AuthorizationStart } from '../../src-shared/oauth';
import type { ProfileView } from '../../src-shared/profile';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  startAuthServer,
  tokenHash,
  type AuthServerOptions,
  type RefreshLogEntry,
  type TestAuthServer,
} from '../support/auth-server';
import { CHROMIUM_ARGS, CHROMIUM_PATH, assertChromium } from '../support/chromium';
import { json, sandbox, type Sandbox } from '../support/cli';
import { consentInNewContext, TEST_MAILBOX } from '../support/consent';
import { createTestHost, type TestHost } from '../support/main-host';
import { introspectingXoauth2, oauthProfile } from '../support/oauth-profiles';
import { findSecrets } from '../support/secret-scan';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server';

let browser: Browser;
beforeAll(async () => {
  assertChromium();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});
afterAll(async () => browser?.close());

interface Rig {
  auth: TestAuthServer;
  smtp: TestSmtpServer;
  host: TestHost;
  server: Sandbox;
  opened: string[];
  id: string;
  /** Runs while the export's save dialog is open (after the export read the tokens). */
  whileSaveDialogOpen: () => Promise<void>;
}
const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await r.smtp.close();
    await r.auth.close();
    r.host.cleanup();
    r.server.cleanup();
  }
});

async function rig(options: AuthServerOptions = {}): Promise<Rig> {
  // eslint-disable-next-line prefer-const -- the dialog above reads it once the rig exists
  let r: Rig;
  const auth = await startAuthServer('generic', { rotateRefreshToken: true, ...options });
  const smtp = await startSmtpServer({ onXoauth2: introspectingXoauth2(auth) });
  const server = await sandbox();
  const exportsDir = path.join(server.cwd, 'exports');
  mkdirSync(exportsDir);
  const opened: string[] = [];
  const host = createTestHost({
    endpoints: auth.endpoints,
    openExternal: async (url) => void opened.push(url),
    dialogs: {
      chooseSaveFile: async (name) => {
        await r.whileSaveDialogOpen();
        return path.join(exportsDir, name);
      },
      chooseOpenFile: async () => null,
    },
  });
  const { profile } = await host.call<ProfileView>('createProfile', { name: 'Generic', authType: 'generic' });
  await host.call('saveProfile', {
    profile: oauthProfile(auth, profile.id, smtp.port, { email: TEST_MAILBOX }),
    secrets: { clientSecret: CLIENT_SECRET },
  });
  r = { auth, smtp, host, server, opened, id: profile.id, whileSaveDialogOpen: async () => undefined };
  rigs.push(r);
  return r;
}

async function authorize(r: Rig) {
  const start = await r.host.call<AuthorizationStart>('beginAuthorization', { id: r.id });
  expect(r.opened.at(-1)).toBe(start.authorizationUrl);
  const outcome = r.host.call('awaitAuthorization', { id: r.id });
  await consentInNewContext(browser, start.authorizationUrl);
  await outcome;
}

async function expireAppAccessToken(r: Rig) {
  const info = r.host.services.profiles.authorization(r.id)!;
  await r.host.services.profiles.setAuthorization(r.id, { ...info, accessTokenExpiresAt: new Date(0).toISOString() });
}

async function appRefreshToken(r: Rig): Promise<string> {
  const token = await r.host.services.vault.get(r.id, 'refreshToken');
  if (!token) throw new Error('the app holds no refresh token');
  return token;
}

/** Export with secrets: the file the admin installs on the server, and the refresh token in it. */
async function exportToServer(r: Rig): Promise<{ file: string; refreshToken: string }> {
  const exported = await r.host.call<ExportResult>('exportProfiles', {
    ids: [r.id],
    format: 'json',
    secrets: { mode: 'plaintext', confirmed: true },
  });
  const doc = JSON.parse(readFileSync(exported.path!, 'utf8')) as ConfigDocument;
  return { file: exported.path!, refreshToken: doc.profiles[0]!.secrets.refreshToken! };
}

/** The refresh token the server command keeps in its state directory (after its first run). */
/** The server's access tokens live SERVER_TOKEN_S (shortenAccessTokens); a cron run comes after. */
const SERVER_TOKEN_S = 2;
const outlastServerToken = () => new Promise((resolve) => setTimeout(resolve, SERVER_TOKEN_S * 1000 + 100));

function serverRefreshToken(r: Rig): string {
  const files = readdirSync(r.server.stateDir).filter((f) => f.endsWith('.json'));
  expect(files).toHaveLength(1);
  const state = JSON.parse(readFileSync(path.join(r.server.stateDir, files[0]!), 'utf8')) as {
    refreshToken: string | null;
  };
  if (!state.refreshToken) throw new Error('the server state holds no refresh token');
  return state.refreshToken;
}

/**
 * Runs `step`, then expects the token endpoint to have seen exactly one refresh: `before`
 * presented by `grantId`'s holder, accepted, rotated into the token `after()` reads.
 */
async function expectOneRotation(
  r: Rig,
  step: () => Promise<void>,
  before: string,
  after: () => Promise<string> | string,
  grantId: string,
): Promise<string> {
  const seen = r.auth.tokenLog().length;
  await step();
  const rotated = await after();
  expect(rotated).not.toBe(before);
  expect(r.auth.tokenLog().slice(seen)).toEqual<RefreshLogEntry[]>([
    {
      presented: tokenHash(before),
      outcome: 'accepted',
      issued: tokenHash(rotated),
      clientId: CLIENT_ID,
      grantId,
      detail: null,
    },
  ]);
  return rotated;
}

describe('one holder per refresh token', () => {
  it('a refresh that starts while the save dialog is open: nothing is exported, the app keeps a working grant', async () => {
    const r = await rig();
    await authorize(r);
    const before = await appRefreshToken(r);
    await expireAppAccessToken(r);
    const hold = r.auth.holdTokenResponses();
    let refresh: Promise<unknown> = Promise.resolve();
    // The admin runs a test send while choosing where to save: it needs a fresh access token.
    r.whileSaveDialogOpen = async () => {
      refresh = r.host.services.tokens.accessToken(r.id);
      await hold.arrived; // the provider has rotated the refresh token; its answer is held
      setTimeout(() => hold.release(), 300); // ...and comes while the export is finishing
    };
    const exported = await r.host.dispatch('exportProfiles', {
      ids: [r.id],
      format: 'json',
      secrets: { mode: 'plaintext', confirmed: true },
    });
    await refresh;
    // The export waited for the refresh, saw the rotated token, and wrote nothing.
    expect(exported).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/changed while the export was being prepared/) },
    });
    expect(readdirSync(path.join(r.server.cwd, 'exports'))).toEqual([]);
    // The app holds the rotated token, no hand-off is recorded, and its grant still works.
    const after = await appRefreshToken(r);
    expect(after).not.toBe(before);
    const authorization = r.host.services.profiles.authorization(r.id);
    expect(authorization?.hasRefreshToken).toBe(true);
    expect(authorization?.handedOff ?? null).toBeNull();
    expect((await r.auth.introspect(after)).active).toBe(true);
  });

  it.each(['signOut', 'deleteProfile'] as const)(
    'an export while %s waits on the revocation hands nothing over (the file would carry a revoked grant)',
    async (method) => {
      const r = await rig();
      await authorize(r);
      const hold = r.auth.holdRevocationResponses();
      const ending = r.host.dispatch(method, { id: r.id });
      await hold.arrived;
      const exported = await r.host.dispatch('exportProfiles', {
        ids: [r.id],
        format: 'json',
        secrets: { mode: 'plaintext', confirmed: true },
      });
      expect(exported).toMatchObject({ ok: false, error: { code: 'cancelled' } });
      hold.release();
      expect(await ending).toMatchObject({ ok: true });
      expect(readdirSync(path.join(r.server.cwd, 'exports'))).toEqual([]);
    },
    30_000,
  );

  it('the app and the server command keep working through rotations, each on a grant of its own', async () => {
    const r = await rig();
    await authorize(r);
    const { file, refreshToken: exportedToken } = await exportToServer(r);
    const serverGrant = (await r.auth.grantOf(exportedToken))!;
    expect(serverGrant).toBeTruthy();
    // The server's cron runs outlast its access tokens: every `mailprefs token` refreshes.
    await r.auth.shortenAccessTokens(exportedToken, SERVER_TOKEN_S);
    const view = r.host.services.profiles.get(r.id);
    expect(view.secrets.refreshToken).toBe(false);
    expect(view.authorization?.handedOff?.file).toBe(path.basename(file));
    const serverTokens = [exportedToken];
    const appTokens: string[] = [];

    // A second server must not get the same grant.
    const again = await r.host.dispatch('exportProfiles', {
      ids: [r.id],
      format: 'json',
      secrets: { mode: 'plaintext', confirmed: true },
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', message: /handed to a server/ } });

    // The app still tests with the access token it kept: no refresh.
    await r.host.call('sendTestEmail', { id: r.id, to: 'admin@example.test' });
    expect(r.auth.tokenLog()).toEqual([]);

    const serverToken = async () => {
      const previous = serverTokens.at(-1)!;
      const next = await expectOneRotation(
        r,
        async () => {
          await outlastServerToken();
          const run = await r.server.run(['token', file, '--json']);
          expect(json(run), run.stderr).toMatchObject({ ok: true, refreshed: true });
          expect(await r.auth.introspect(String(json(run)['accessToken']))).toMatchObject({ active: true });
        },
        previous,
        () => serverRefreshToken(r),
        serverGrant,
      );
      serverTokens.push(next);
    };
    await serverToken();
    await serverToken();

    // Once the app's access token runs out it says what happened, and never refreshes.
    await expireAppAccessToken(r);
    const seen = r.auth.tokenLog().length;
    const stale = await r.host.dispatch('sendTestEmail', { id: r.id, to: 'admin@example.test' });
    expect(stale).toMatchObject({ ok: false, error: { code: 'oauth_reauthorize', message: /handed to the server/ } });
    expect(r.auth.tokenLog()).toHaveLength(seen);

    // "Authorize this workstation again": a separate grant; its refresh rotates on its own.
    await authorize(r);
    expect(r.host.services.profiles.authorization(r.id)?.handedOff ?? null).toBeNull();
    appTokens.push(await appRefreshToken(r));
    const appGrant = (await r.auth.grantOf(appTokens[0]!))!;
    expect(appGrant).toBeTruthy();
    expect(appGrant).not.toBe(serverGrant);
    const appRefresh = async () => {
      await expireAppAccessToken(r);
      const next = await expectOneRotation(
        r,
        async () => void (await r.host.call('sendTestEmail', { id: r.id, to: 'admin@example.test' })),
        appTokens.at(-1)!,
        () => appRefreshToken(r),
        appGrant,
      );
      appTokens.push(next);
    };
    // Interleaved: neither side's rotation disturbs the other's grant.
    await appRefresh();
    await serverToken();
    await appRefresh();
    await serverToken();

    // Deleting the profile in the app (its own grant is revoked; the server's is not without
    // asking) leaves the server working: it refreshes once more and delivers.
    await r.host.call('deleteProfile', { id: r.id });
    const before = r.smtp.messages.length;
    const sent = await expectOneRotation(
      r,
      async () => {
        await outlastServerToken();
        const run = await r.server.run(['send', file, '--to', 'ops@example.test', '--json']);
        expect(json(run), run.stdout).toMatchObject({ ok: true, exitCode: 0, accepted: ['ops@example.test'] });
      },
      serverTokens.at(-1)!,
      () => serverRefreshToken(r),
      serverGrant,
    );
    serverTokens.push(sent);
    expect(r.smtp.messages.slice(before)).toMatchObject([{ user: TEST_MAILBOX, rcptTo: ['ops@example.test'] }]);
    expect(r.smtp.messages).toHaveLength(4); // the app's three tests, the server's one

    // The whole log: 5 server rotations and 2 of the app's, every token presented once, by
    // its one holder, never refused.
    const log = r.auth.tokenLog();
    expect(log).toHaveLength(7);
    expect(log.filter((e) => e.outcome !== 'accepted')).toEqual([]);
    expect(new Set(log.map((e) => e.presented)).size).toBe(log.length);
    const app = new Set(appTokens.map(tokenHash));
    const server = new Set(serverTokens.map(tokenHash));
    expect([...app].filter((h) => server.has(h))).toEqual([]);
    for (const entry of log) {
      const holder = entry.grantId === serverGrant ? server : app;
      expect(holder.has(entry.presented)).toBe(true);
      expect(holder.has(entry.issued!)).toBe(true);
    }
    expect(findSecrets(r.host.dataDirectory, [...appTokens, ...serverTokens, CLIENT_SECRET])).toEqual([]);
  }, 120_000);

  it('deleting the profile with "revoke the server\'s grant too" stops the server: exit 3, what to do', async () => {
    const r = await rig({ revokeGrantWithAccessToken: true });
    await authorize(r);
    const { file, refreshToken: exportedToken } = await exportToServer(r);
    const serverGrant = (await r.auth.grantOf(exportedToken))!;
    await r.auth.shortenAccessTokens(exportedToken, SERVER_TOKEN_S);
    const first = await r.server.run(['token', file]);
    expect(first, first.stderr).toMatchObject({ code: 0, stderr: '' });
    const current = serverRefreshToken(r);

    // The app kept only the access token; revoking it ends the grant the server lives on.
    await r.host.call('deleteProfile', { id: r.id, revokeServerGrant: true });
    await outlastServerToken();
    const refused = await r.server.run(['token', file]);
    expect(refused.code).toBe(3);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('no longer accepts the stored authorization');
    expect(refused.stderr).toContain('What to do: Authorize again');
    expect(refused.stderr).toContain('export the profile again');
    expect(refused.stderr).not.toContain(current);

    // One refusal, of the server's current token; never a token presented twice.
    const log = r.auth.tokenLog();
    expect(log.map((e) => e.outcome)).toEqual(['accepted', 'invalid_grant']);
    expect(log[0]).toMatchObject({ presented: tokenHash(exportedToken), grantId: serverGrant });
    expect(log[1]).toMatchObject({ presented: tokenHash(current) });
    expect(new Set(log.map((e) => e.presented)).size).toBe(2);
    // The failure is remembered: a cron job does not keep asking the provider.
    const again = await r.server.run(['token', file, '--json']);
    expect(json(again)).toMatchObject({ ok: false, exitCode: 3, error: { code: 'oauth_reauthorize' } });
    expect(r.auth.tokenLog()).toHaveLength(2);
  }, 60_000);
});
