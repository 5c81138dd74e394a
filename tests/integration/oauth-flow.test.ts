// OAuth 2.0 end to end under Node: a real oidc-provider, Debian's Chromium as the system browser,
// the real loopback listener, token exchange, the vault, and XOAUTH2 sends to a real SMTP server
// that introspects the bearer token at the authorization server.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorizationOutcome, AuthorizationState, SignOutResult, TestSendResult } from '../../src-shared/ipc';
import type { AuthorizationStart } from '../../src-shared/oauth';
import type { ProfileView } from '../../src-shared/profile';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  startAuthServer,
  tokenHash,
  type AuthServerKind,
  type AuthServerOptions,
  type TestAuthServer,
} from '../support/auth-server';
import { CHROMIUM_ARGS, CHROMIUM_PATH, assertChromium } from '../support/chromium';
import { consentInNewContext, TEST_MAILBOX } from '../support/consent';
import { createTestHost, type TestHost } from '../support/main-host';
import { introspectingXoauth2, oauthProfile } from '../support/oauth-profiles';
import { portIsOpen } from '../support/ports';
import { standardProfile } from '../support/profiles';
import { findSecrets } from '../support/secret-scan';
import { SMTP_PASSWORD, startSmtpServer, type TestSmtpServer } from '../support/smtp-server';

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
  opened: string[];
  id: string;
  /** Every token and secret seen, for the plaintext scan after the test. */
  secrets: string[];
}

const rigs: Rig[] = [];

async function rig(
  kind: AuthServerKind,
  options: AuthServerOptions & { timeoutMs?: number; profile?: Parameters<typeof oauthProfile>[3] } = {},
): Promise<Rig> {
  const auth = await startAuthServer(kind, options);
  const smtp = await startSmtpServer({ onXoauth2: introspectingXoauth2(auth) });
  const opened: string[] = [];
  const host = createTestHost({
    endpoints: auth.endpoints,
    openExternal: async (url) => void opened.push(url),
    ...(options.timeoutMs ? { authorizationTimeoutMs: options.timeoutMs } : {}),
  });
  const created = await host.call<ProfileView>('createProfile', { name: `${kind} account`, authType: kind });
  const id = created.profile.id;
  const secret = options.clientAuthMethod === 'none' ? {} : { clientSecret: CLIENT_SECRET };
  await host.call('saveProfile', { profile: oauthProfile(auth, id, smtp.port, options.profile), secrets: secret });
  const r = { auth, smtp, host, opened, id, secrets: [CLIENT_SECRET] };
  rigs.push(r);
  return r;
}

afterEach(async () => {
  for (const r of rigs.splice(0)) {
    for (const kind of ['accessToken', 'refreshToken'] as const) {
      const value = await r.host.services.vault.get(r.id, kind).catch(() => undefined);
      if (value) r.secrets.push(value);
    }
    // No token or secret in plaintext anywhere in the data directory or the log.
    expect(findSecrets(r.host.dataDirectory, r.secrets)).toEqual([]);
    await r.smtp.close();
    await r.auth.close();
    r.host.cleanup();
  }
});

async function authorize(r: Rig, options: { deny?: boolean; login?: string } = {}) {
  const start = await r.host.call<AuthorizationStart>('beginAuthorization', { id: r.id });
  expect(r.opened.at(-1)).toBe(start.authorizationUrl);
  const port = Number(new URL(start.redirectUri).port);
  const outcome = r.host.dispatch('awaitAuthorization', { id: r.id });
  const browserResult = await consentInNewContext(browser, start.authorizationUrl, options);
  return { start, port, result: await outcome, browserResult };
}

async function rememberTokens(r: Rig) {
  for (const kind of ['accessToken', 'refreshToken'] as const) {
    const value = await r.host.services.vault.get(r.id, kind);
    if (value) r.secrets.push(value);
  }
}

async function expireAccessToken(r: Rig) {
  const info = r.host.services.profiles.authorization(r.id)!;
  await r.host.services.profiles.setAuthorization(r.id, {
    ...info,
    accessTokenExpiresAt: new Date(Date.now() - 1000).toISOString(),
  });
}

describe.each(['google', 'microsoft', 'generic'] as const)('%s provider, end to end', (kind) => {
  it('authorizes in the browser, stores tokens encrypted, and sends over XOAUTH2', async () => {
    const r = await rig(kind);
    const { start, port, result, browserResult } = await authorize(r);

    const url = new URL(start.authorizationUrl);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toMatch(/.{20,}/);
    expect(url.searchParams.get('nonce')).toMatch(/.{20,}/);
    expect(start.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\//);
    if (kind === 'google') {
      expect(url.searchParams.get('access_type')).toBe('offline');
      expect(url.searchParams.get('prompt')).toBe('consent');
      expect(url.searchParams.get('scope')).toBe('https://mail.google.com/ openid email');
    }
    if (kind === 'microsoft') {
      expect(url.pathname).toMatch(/\/oauth2\/v2\.0\/authorize$/);
      expect(url.searchParams.get('scope')).toBe('https://outlook.office.com/SMTP.Send offline_access openid email');
    }

    // The browser ends on the app's static page, without the code in its address.
    expect(browserResult.finalUrl).toMatch(/\/done$/);
    expect(browserResult.text).toContain('Authorization complete');
    expect(result.ok).toBe(true);
    const outcome = (result as { value: AuthorizationOutcome }).value;
    expect(outcome.warning).toBeNull();
    // The login check after the consent: SMTP AUTH with the new token, nothing sent.
    expect(outcome.view.status).toMatchObject({ state: 'verified', lastVerifiedSend: null });
    expect(outcome.loginCheck).toMatchObject({ ok: true, incoming: null });
    expect(outcome.view.authorization).toMatchObject({ account: TEST_MAILBOX, hasRefreshToken: true });
    expect(outcome.view.secrets).toMatchObject({ accessToken: true, refreshToken: true });
    // The authorized account fills the empty mailbox and From address.
    expect(outcome.view.profile.sender.fromAddress).toBe(TEST_MAILBOX);
    expect((outcome.view.profile.auth as { email: string }).email).toBe(TEST_MAILBOX);
    // The renderer's view carries no token.
    await rememberTokens(r);
    for (const token of r.secrets) expect(JSON.stringify(outcome.view)).not.toContain(token);
    // The loopback listener is gone.
    await expect.poll(() => portIsOpen(port), { timeout: 5000 }).toBe(false);

    const sent = await r.host.call<TestSendResult>('sendTestEmail', { id: r.id, to: 'admin@example.test' });
    expect(sent.response).toMatch(/^250/);
    expect(r.smtp.messages).toHaveLength(1);
    expect(r.smtp.messages[0]).toMatchObject({ user: TEST_MAILBOX, rcptTo: ['admin@example.test'] });
    expect(r.smtp.messages[0]?.headers['from']).toBe(`Help Desk <${TEST_MAILBOX}>`);
  });
});

describe('authorization flow edge cases', () => {
  it('denied consent ends the flow with a clear message', async () => {
    const r = await rig('google');
    const { port, result, browserResult } = await authorize(r, { deny: true });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'oauth_denied', message: expect.stringMatching(/denied/) },
    });
    expect(browserResult.text).toContain('did not complete');
    expect(r.host.services.profiles.get(r.id).status.state).toBe('not_verified');
    await expect.poll(() => portIsOpen(port), { timeout: 5000 }).toBe(false);
  });

  it('refuses a forged callback with a wrong state and keeps waiting for the real one', async () => {
    const r = await rig('generic');
    const start = await r.host.call<AuthorizationStart>('beginAuthorization', { id: r.id });
    const outcome = r.host.dispatch('awaitAuthorization', { id: r.id });
    const forged = await fetch(`${start.redirectUri}?code=attacker-code&state=wrong-state`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).not.toContain('attacker-code');
    const missing = await fetch(`${start.redirectUri}?code=attacker-code`);
    expect(missing.status).toBe(400);
    await consentInNewContext(browser, start.authorizationUrl);
    expect(await outcome).toMatchObject({ ok: true });
  });

  it('times out when the browser never comes back, and closes the port', async () => {
    const r = await rig('google', { timeoutMs: 400 });
    const start = await r.host.call<AuthorizationStart>('beginAuthorization', { id: r.id });
    const result = await r.host.dispatch('awaitAuthorization', { id: r.id });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'oauth_timeout', hint: expect.stringMatching(/Copy link/) },
    });
    await expect.poll(() => portIsOpen(Number(new URL(start.redirectUri).port)), { timeout: 5000 }).toBe(false);
  });

  it('cancel ends the waiting flow; a second Authorize while one runs is refused', async () => {
    const r = await rig('microsoft');
    const start = await r.host.call<AuthorizationStart>('beginAuthorization', { id: r.id });
    expect(await r.host.dispatch('beginAuthorization', { id: r.id })).toMatchObject({
      ok: false,
      error: { code: 'oauth_busy', message: expect.stringMatching(/waiting in the browser/), hint: /Cancel/ },
    });
    const outcome = r.host.dispatch('awaitAuthorization', { id: r.id });
    expect(await r.host.call('cancelAuthorization', { id: r.id })).toEqual({ cancelled: true });
    expect(await outcome).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    await expect.poll(() => portIsOpen(Number(new URL(start.redirectUri).port)), { timeout: 5000 }).toBe(false);
    // A new flow can start once the old one has ended.
    const again = await r.host.call<AuthorizationStart>('beginAuthorization', { id: r.id });
    await consentInNewContext(browser, again.authorizationUrl);
    expect(await r.host.dispatch('awaitAuthorization', { id: r.id })).toMatchObject({ ok: true });
  });

  it("refuses an account other than the profile's mailbox", async () => {
    const r = await rig('google', { profile: { email: 'someone.else@example.test' } });
    const { result } = await authorize(r);
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'oauth_denied',
        message: `You signed in as ${TEST_MAILBOX}, but this profile is for someone.else@example.test.`,
      },
    });
    expect(r.host.services.vault.flags(r.id).refreshToken).toBe(false);
  });

  it('warns when the provider returns no refresh token', async () => {
    const r = await rig('generic', { alwaysIssueRefreshToken: false, profile: { scope: 'openid email smtp' } });
    const { result } = await authorize(r);
    const outcome = (result as { value: AuthorizationOutcome }).value;
    expect(outcome.view.authorization?.hasRefreshToken).toBe(false);
    expect(outcome.warning).toMatch(/no refresh token.*stop sending when the access token expires/);
  });

  it('supports client_secret_basic and public clients (none)', async () => {
    for (const method of ['client_secret_basic', 'none'] as const) {
      const r = await rig('generic', { clientAuthMethod: method, profile: { clientAuthMethod: method } });
      const { result } = await authorize(r);
      expect(result).toMatchObject({ ok: true });
    }
  });
});

describe('token lifecycle', () => {
  it('refreshes an expired access token, stores the rotated refresh token, and sends', async () => {
    const r = await rig('microsoft', { accessTokenTtl: 2, rotateRefreshToken: true });
    await authorize(r);
    await rememberTokens(r);
    const oldAccess = (await r.host.services.vault.get(r.id, 'accessToken'))!;
    const oldRefresh = (await r.host.services.vault.get(r.id, 'refreshToken'))!;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await r.auth.introspect(oldAccess)).active).toBe(false); // really expired at the server

    await r.host.call('sendTestEmail', { id: r.id, to: 'admin@example.test' });
    expect(r.smtp.messages).toHaveLength(1);
    const newAccess = await r.host.services.vault.get(r.id, 'accessToken');
    expect(newAccess).not.toBe(oldAccess);
    expect(r.host.services.profiles.authorization(r.id)?.lastRefreshAt).not.toBeNull();
    // The server rotated the refresh token: the new one is stored, the old one is dead there.
    const newRefresh = await r.host.services.vault.get(r.id, 'refreshToken');
    expect(newRefresh).toBeDefined();
    expect(newRefresh).not.toBe(oldRefresh);
    expect((await r.auth.introspect(oldRefresh)).active).toBe(false);
    expect((await r.auth.introspect(newRefresh!)).active).toBe(true);
    await rememberTokens(r);
    // The token endpoint saw one refresh: the old token presented once, answered with the new one.
    const grantId = await r.auth.grantOf(newRefresh!);
    expect(grantId).toBeTruthy();
    expect(r.auth.tokenLog()).toEqual([
      {
        presented: tokenHash(oldRefresh),
        outcome: 'accepted',
        issued: tokenHash(newRefresh!),
        clientId: CLIENT_ID,
        grantId,
        detail: null,
      },
    ]);
    // The old one is refused if it comes back, and its reuse ends the grant (so the app must
    // never present a token twice): the new one is dead too.
    expect(await r.auth.presentRefreshToken(oldRefresh)).toBe('invalid_grant');
    expect(r.auth.tokenLog().at(-1)).toMatchObject({
      presented: tokenHash(oldRefresh),
      outcome: 'invalid_grant',
      detail: 'refresh token already used',
      grantId,
    });
    expect((await r.auth.introspect(newRefresh!)).active).toBe(false);
  });

  it('refreshes once for concurrent requests', async () => {
    const r = await rig('google');
    await authorize(r);
    await expireAccessToken(r);
    const tokens = await Promise.all([1, 2, 3].map(() => r.host.services.tokens.accessToken(r.id)));
    expect(new Set(tokens.map((t) => t.token)).size).toBe(1);
    await rememberTokens(r);
  });

  it('a revoked grant sets "Re-authorization required"', async () => {
    const r = await rig('google');
    await authorize(r);
    await rememberTokens(r);
    await r.auth.revoke((await r.host.services.vault.get(r.id, 'refreshToken'))!);
    await expireAccessToken(r);
    const result = await r.host.dispatch('sendTestEmail', { id: r.id, to: 'admin@example.test' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'oauth_reauthorize', hint: expect.stringMatching(/Authorize again/) },
    });
    const view = (await r.host.call<ProfileView[]>('listProfiles'))[0]!;
    expect(view.status).toMatchObject({
      state: 'reauthorization_required',
      reason: expect.stringMatching(/no longer accepts/),
    });
    expect(r.smtp.messages).toHaveLength(0);
  });

  it('a garbage token is explained as the server refusing it', async () => {
    const r = await rig('generic');
    await authorize(r);
    await rememberTokens(r);
    await r.host.services.vault.update(r.id, { accessToken: 'garbage-token-value', refreshToken: null });
    const info = r.host.services.profiles.authorization(r.id)!;
    await r.host.services.profiles.setAuthorization(r.id, { ...info, hasRefreshToken: false });
    const result = await r.host.dispatch('sendTestEmail', { id: r.id, to: 'admin@example.test' });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'smtp_auth',
        message: expect.stringMatching(/refused the OAuth access token/),
        hint: expect.stringMatching(/Authorize again/),
      },
    });
    r.secrets.push('garbage-token-value');
  });

  it('token endpoint down gives a network error and changes nothing', async () => {
    const r = await rig('google');
    await authorize(r);
    await rememberTokens(r);
    await expireAccessToken(r);
    await r.auth.close();
    const result = await r.host.dispatch('sendTestEmail', { id: r.id, to: 'admin@example.test' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'oauth_network', message: expect.stringMatching(/could not be reached/) },
    });
    expect(r.host.services.profiles.get(r.id).status.state).toBe('verified');
    expect(r.host.services.vault.flags(r.id).refreshToken).toBe(true);
  });

  it('signing out revokes the grant at the provider and forgets the tokens', async () => {
    const r = await rig('google');
    await authorize(r);
    await rememberTokens(r);
    const refresh = (await r.host.services.vault.get(r.id, 'refreshToken'))!;
    const out = await r.host.call<SignOutResult>('signOut', { id: r.id });
    expect(out).toMatchObject({ revoked: true });
    expect(out.view.secrets).toMatchObject({ accessToken: false, refreshToken: false, clientSecret: true });
    expect(out.view.authorization).toBeNull();
    expect((await r.auth.introspect(refresh)).active).toBe(false);
  });

  it('deleting a profile revokes its grant first', async () => {
    const r = await rig('generic');
    await authorize(r);
    await rememberTokens(r);
    const refresh = (await r.host.services.vault.get(r.id, 'refreshToken'))!;
    await r.host.call('deleteProfile', { id: r.id });
    expect((await r.auth.introspect(refresh)).active).toBe(false);
  });

  it('Microsoft has no revocation endpoint: sign-out says so and still forgets the tokens', async () => {
    const r = await rig('microsoft');
    await authorize(r);
    await rememberTokens(r);
    const out = await r.host.call<SignOutResult>('signOut', { id: r.id });
    expect(out).toMatchObject({
      revoked: false,
      note: expect.stringMatching(/Microsoft has no token revocation endpoint/),
    });
    expect(out.view.secrets.refreshToken).toBe(false);
  });

  it("a save to another client ID while the browser is open: the old registration's tokens are not stored", async () => {
    const r = await rig('generic');
    const start = await r.host.call<AuthorizationStart>('beginAuthorization', { id: r.id });
    const outcome = r.host.dispatch('awaitAuthorization', { id: r.id });
    const { profile } = r.host.services.profiles.get(r.id);
    await r.host.call('saveProfile', {
      profile: { ...profile, auth: { ...profile.auth, clientId: 'another-registration' } },
      secrets: { clientSecret: 'Another-Client-Secret-42' },
    });
    r.secrets.push('Another-Client-Secret-42');
    await consentInNewContext(browser, start.authorizationUrl);
    expect(await outcome).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: expect.stringMatching(/sign-in settings .* were changed while you signed in/),
      },
    });
    expect(r.host.services.vault.flags(r.id)).toMatchObject({ accessToken: false, refreshToken: false });
    expect(r.host.services.profiles.authorization(r.id)).toBeNull();
    expect(r.host.services.profiles.get(r.id).profile.auth).toMatchObject({ clientId: 'another-registration' });
  });

  it('Authorize pressed twice at once: the second is told one is under way, the first goes on', async () => {
    const r = await rig('generic');
    // A fixed redirect port (a registration that allows one URI): the second start cannot bind it.
    const { profile } = r.host.services.profiles.get(r.id);
    const redirectPort = 18000 + Math.floor(Math.random() * 1000);
    await r.host.call('saveProfile', { profile: { ...profile, auth: { ...profile.auth, redirectPort } }, secrets: {} });
    const [first, second] = await Promise.all([
      r.host.dispatch('beginAuthorization', { id: r.id }),
      r.host.dispatch('beginAuthorization', { id: r.id }),
    ]);
    expect(first).toMatchObject({ ok: true });
    expect(second).toMatchObject({
      ok: false,
      error: { code: 'oauth_busy', message: expect.stringMatching(/is starting/), hint: /Wait a moment/ },
    });
    expect(await r.host.call('cancelAuthorization', { id: r.id })).toEqual({ cancelled: true });
  });

  it('the flow timing out during the login check after the tokens were stored does not report a timeout', async () => {
    // A mail server that takes the connection and never greets: the login check waits (10 s).
    const silent = net.createServer((socket) => socket.on('error', () => undefined));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const auth = await startAuthServer('generic');
    const host = createTestHost({
      endpoints: auth.endpoints,
      openExternal: async () => undefined,
      authorizationTimeoutMs: 4_000,
    });
    try {
      const { profile } = await host.call<ProfileView>('createProfile', { name: 'Slow mail', authType: 'generic' });
      const port = (silent.address() as net.AddressInfo).port;
      await host.call('saveProfile', {
        profile: oauthProfile(auth, profile.id, port),
        secrets: { clientSecret: CLIENT_SECRET },
      });
      const start = await host.call<AuthorizationStart>('beginAuthorization', { id: profile.id });
      const outcome = host.dispatch('awaitAuthorization', { id: profile.id });
      // The browser's page waits for the whole outcome, login check included: not awaited yet.
      const consented = consentInNewContext(browser, start.authorizationUrl);
      // The tokens are stored and the login check waits on the silent server: a new Authorize is
      // told that, not that one waits in the browser (where there is nothing left to finish).
      await expect.poll(() => host.services.vault.flags(profile.id).accessToken, { timeout: 8_000 }).toBe(true);
      expect(await host.dispatch('beginAuthorization', { id: profile.id })).toMatchObject({
        ok: false,
        error: { code: 'oauth_busy', message: expect.stringMatching(/login check/), hint: /Wait for the check/ },
      });
      await consented;
      const result = await outcome;
      // Authorized (the tokens are stored): the login check's own failure is what is reported.
      expect(result).toMatchObject({ ok: true, value: { loginCheck: { ok: false } } });
      expect(host.services.vault.flags(profile.id)).toMatchObject({ accessToken: true, refreshToken: true });
    } finally {
      host.cleanup();
      await auth.close();
      silent.close();
    }
  }, 30_000);

  it('changing the client ID after authorization asks for re-authorization', async () => {
    const r = await rig('google');
    await authorize(r);
    await rememberTokens(r);
    const { profile } = r.host.services.profiles.get(r.id);
    const view = await r.host.call<ProfileView>('saveProfile', {
      profile: { ...profile, auth: { ...profile.auth, clientId: 'another-client' } },
      secrets: {},
    });
    expect(view.status).toMatchObject({ state: 'reauthorization_required', reason: expect.stringMatching(/changed/) });
  });

  it('Microsoft: adding IMAP after authorization asks for re-authorization, and the new request carries the IMAP scope', async () => {
    const r = await rig('microsoft');
    await authorize(r);
    await rememberTokens(r);
    const { profile } = r.host.services.profiles.get(r.id);
    const withImap = {
      ...profile,
      incoming: {
        protocol: 'imap' as const,
        // Nothing listens here: the login check after the new authorization fails on the IMAP side.
        host: '127.0.0.1',
        port: 1,
        security: 'tls' as const,
        validateCertificate: true,
        folder: 'INBOX',
      },
    };
    const view = await r.host.call<ProfileView>('saveProfile', { profile: withImap, secrets: {} });
    expect(view.status).toMatchObject({
      state: 'reauthorization_required',
      reason: expect.stringContaining('https://outlook.office.com/IMAP.AccessAsUser.All'),
    });
    const start = await r.host.call<AuthorizationStart>('beginAuthorization', { id: r.id });
    expect(new URL(start.authorizationUrl).searchParams.get('scope')).toBe(
      'https://outlook.office.com/SMTP.Send https://outlook.office.com/IMAP.AccessAsUser.All offline_access openid email',
    );
    await consentInNewContext(browser, start.authorizationUrl);
    const outcome = await r.host.dispatch('awaitAuthorization', { id: r.id });
    // Authorized with the IMAP scope; the login check then tells that the IMAP server is not there.
    expect(outcome).toMatchObject({
      ok: true,
      value: { view: { status: { state: 'not_verified' } }, loginCheck: { ok: false, incoming: { protocol: 'imap' } } },
    });
    await rememberTokens(r);
  });
});

/** Long enough for a late answer to arrive and (not) be written. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('cancel, sign-out and delete win over work in flight', () => {
  it('Cancel during the code exchange stores no tokens and no status, and the flow answers cancelled', async () => {
    const r = await rig('google');
    const before = r.host.services.profiles.get(r.id);
    const start = await r.host.call<AuthorizationStart>('beginAuthorization', { id: r.id });
    const outcome = r.host.dispatch('awaitAuthorization', { id: r.id });
    const hold = r.auth.holdTokenResponses();
    const browserDone = consentInNewContext(browser, start.authorizationUrl);
    // The provider has issued the tokens; its answer is held, so the app is inside the exchange.
    await hold.arrived;
    expect(await r.host.call('cancelAuthorization', { id: r.id })).toEqual({ cancelled: true });
    expect(await outcome).toMatchObject({
      ok: false,
      error: { code: 'cancelled', message: 'Authorization was cancelled: nothing was saved.' },
    });
    // The exchange was aborted, not merely ignored: the browser got its answer before the provider's came.
    expect((await browserDone).text).toContain('did not complete');
    hold.release();
    await settle();

    const after = r.host.services.profiles.get(r.id);
    expect(r.host.services.vault.flags(r.id)).toMatchObject({ accessToken: false, refreshToken: false });
    expect(after.authorization).toBeNull();
    expect(after.status).toEqual(before.status);
    expect(after.revision).toBe(before.revision); // no write at all
    // Asking again (a reloaded window) gets the same answer; the port is closed.
    expect(await r.host.dispatch('awaitAuthorization', { id: r.id })).toMatchObject({
      ok: false,
      error: { code: 'cancelled' },
    });
    expect(await r.host.call<AuthorizationState>('authorizationState', { id: r.id })).toMatchObject({
      phase: 'finished',
      error: { code: 'cancelled' },
    });
    await expect.poll(() => portIsOpen(Number(new URL(start.redirectUri).port)), { timeout: 5000 }).toBe(false);
  });

  it('sign-out during a refresh aborts it: no tokens afterwards, no authorization', async () => {
    const r = await rig('generic');
    await authorize(r);
    await rememberTokens(r);
    await expireAccessToken(r);
    const hold = r.auth.holdTokenResponses();
    // The test send needs a fresh token, so it refreshes; the refresh grant's answer is held.
    const send = r.host.dispatch('sendTestEmail', { id: r.id, to: 'admin@example.test' });
    await hold.arrived;
    const out = await r.host.call<SignOutResult>('signOut', { id: r.id });
    expect(out.view.authorization).toBeNull();
    // Answered while the provider still holds its response: the refresh was aborted.
    expect(await send).toMatchObject({
      ok: false,
      error: { code: 'cancelled', message: 'Cancelled by signing out: nothing was saved.' },
    });
    hold.release();
    await settle();

    expect(r.host.services.vault.flags(r.id)).toMatchObject({ accessToken: false, refreshToken: false });
    expect(r.host.services.profiles.authorization(r.id)).toBeNull();
    expect(r.host.services.profiles.get(r.id).status.state).toBe('not_verified');
    expect(r.smtp.messages).toHaveLength(0);
  });

  // While sign-out or delete waits for the provider to revoke the refresh token, a refresh that
  // started then would rotate it: the app would send with the new token after "signed out", and
  // the token revoked would be one the provider no longer counts.
  describe.each([
    ['signOut', 'Cancelled by signing out'],
    ['deleteProfile', 'Cancelled because the profile was deleted'],
  ] as const)('%s while the provider is revoking', (method, why) => {
    it('cancels a test send started meanwhile before it refreshes; the revoked token is the last one', async () => {
      const r = await rig('generic');
      await authorize(r);
      await rememberTokens(r);
      await expireAccessToken(r);
      const refresh = (await r.host.services.vault.get(r.id, 'refreshToken'))!;
      const refreshes = r.auth.tokenLog().length;
      const hold = r.auth.holdRevocationResponses();
      const ending = r.host.dispatch(method, { id: r.id });
      await hold.arrived;

      // The access token has expired: this send would refresh first.
      expect(await r.host.dispatch('sendTestEmail', { id: r.id, to: 'admin@example.test' })).toMatchObject({
        ok: false,
        error: { code: 'cancelled', message: `${why}: nothing was saved.` },
      });
      hold.release();
      expect(await ending).toMatchObject({ ok: true });

      expect(r.auth.tokenLog().slice(refreshes)).toEqual([]); // no refresh reached the provider
      expect((await r.auth.introspect(refresh)).active).toBe(false);
      expect(r.smtp.messages).toHaveLength(0);
      if (method === 'signOut') {
        expect(r.host.services.vault.flags(r.id)).toMatchObject({ accessToken: false, refreshToken: false });
        // Afterwards the profile is usable again: the next send asks for an authorization.
        expect(await r.host.dispatch('sendTestEmail', { id: r.id, to: 'admin@example.test' })).toMatchObject({
          ok: false,
          error: { code: 'oauth_reauthorize' },
        });
      } else {
        expect(r.host.services.profiles.list().some((p) => p.profile.id === r.id)).toBe(false);
      }
    });
  });

  it('delete during a test send: the send is aborted, nothing is written, no profile or secret is left', async () => {
    let arrived!: () => void;
    let release!: () => void;
    const dataArrived = new Promise<void>((resolve) => (arrived = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const smtp = await startSmtpServer({
      beforeAcceptingData: async () => {
        arrived();
        await released;
      },
    });
    const host = createTestHost();
    try {
      const created = await host.call<ProfileView>('createProfile', { name: 'Help desk', authType: 'standard' });
      const id = created.profile.id;
      await host.call('saveProfile', { profile: standardProfile(id, smtp.port), secrets: { password: SMTP_PASSWORD } });
      const ciphertext = host.services.store.current.profiles.get(id)!.secrets.password!;
      expect(ciphertext.length).toBeGreaterThan(20);

      const send = host.dispatch('sendTestEmail', { id, to: 'admin@example.test' });
      await dataArrived; // the server has the message and has not answered it
      await host.call('deleteProfile', { id });
      // Answered before the server did: delete closed the connection.
      expect(await send).toMatchObject({
        ok: false,
        error: { code: 'cancelled', message: 'Cancelled because the profile was deleted: nothing was saved.' },
      });
      const file = path.join(host.dataDirectory, 'profiles.json');
      const afterDelete = readFileSync(file, 'utf8');
      release();
      await settle();

      expect(host.services.store.current.profiles.size).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(afterDelete); // no status write after the delete
      expect(afterDelete).not.toContain(ciphertext);
      expect(afterDelete).not.toContain(id);
      expect(findSecrets(host.dataDirectory, [SMTP_PASSWORD])).toEqual([]);
    } finally {
      release();
      await smtp.close();
      host.cleanup();
    }
  });
});
