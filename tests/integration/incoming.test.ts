// IMAP and POP3 against Debian's Dovecot (started by the test with a private config), with a
// password and with OAuth tokens checked by Dovecot through introspection at the test server.
import { chromium, type Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingTestResult } from '../../src-shared/ipc';
import type { AuthorizationStart } from '../../src-shared/oauth';
import type { Profile, ProfileView } from '../../src-shared/profile';
import { CLIENT_SECRET, RS_ID, RS_SECRET, startAuthServer, type TestAuthServer } from '../support/auth-server';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { consentInNewContext, TEST_MAILBOX } from '../support/consent';
import { dovecotIncoming, IMAP_PASSWORD, IMAP_USER, startDovecot, type TestDovecot } from '../support/dovecot';
import { createTestHost, type TestHost } from '../support/main-host';
import { oauthProfile } from '../support/oauth-profiles';
import { standardProfile } from '../support/profiles';

let auth: TestAuthServer;
let dovecot: TestDovecot;
let browser: Browser;

beforeAll(async () => {
  auth = await startAuthServer('generic');
  dovecot = await startDovecot({ issuer: auth.issuer, rsId: RS_ID, rsSecret: RS_SECRET, mailboxes: [TEST_MAILBOX] });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await dovecot?.close();
  await auth?.close();
});

async function passwordProfile(protocol: 'imap' | 'pop3', password = IMAP_PASSWORD, validateCertificate = false) {
  const host = createTestHost();
  const created = await host.call<ProfileView>('createProfile', { name: 'Mailbox', authType: 'standard' });
  const profile = standardProfile(created.profile.id, 2525, { name: 'Mailbox', username: IMAP_USER });
  await host.call('saveProfile', {
    profile: { ...profile, incoming: { ...dovecotIncoming(dovecot, protocol), validateCertificate } },
    secrets: { password },
  });
  return { host, id: created.profile.id };
}

async function oauthMailbox(protocol: 'imap' | 'pop3', login = TEST_MAILBOX): Promise<{ host: TestHost; id: string }> {
  const opened: string[] = [];
  const host = createTestHost({ endpoints: auth.endpoints, openExternal: async (url) => void opened.push(url) });
  const created = await host.call<ProfileView>('createProfile', { name: 'OAuth mailbox', authType: 'generic' });
  const profile = oauthProfile(auth, created.profile.id, 2525, { scope: 'openid email offline_access imap' });
  await host.call('saveProfile', {
    profile: { ...profile, name: 'OAuth mailbox', incoming: dovecotIncoming(dovecot, protocol) },
    secrets: { clientSecret: CLIENT_SECRET },
  });
  const start = await host.call<AuthorizationStart>('beginAuthorization', { id: created.profile.id });
  const outcome = host.dispatch('awaitAuthorization', { id: created.profile.id });
  await consentInNewContext(browser, start.authorizationUrl, { login });
  expect(await outcome).toMatchObject({ ok: true });
  return { host, id: created.profile.id };
}

describe('IMAP', () => {
  it('logs in with a password over STARTTLS, lists folders and counts INBOX', async () => {
    const { host, id } = await passwordProfile('imap');
    const result = await host.call<IncomingTestResult>('testIncoming', { id, debug: true });
    expect(result).toMatchObject({ protocol: 'imap', mechanism: 'PLAIN', messages: 2 });
    expect(result.folders).toEqual(expect.arrayContaining(['INBOX', 'Sent']));
    expect(result.capabilities).toEqual(expect.arrayContaining(['AUTH=PLAIN', 'AUTH=OAUTHBEARER', 'AUTH=XOAUTH2']));
    // The transcript shows the conversation, never the password.
    const transcript = JSON.stringify(result.transcript);
    expect(transcript).toContain('STARTTLS');
    expect(transcript).toContain('AUTHENTICATE PLAIN');
    expect(transcript).toContain('[credentials hidden]');
    expect(transcript).not.toContain(IMAP_PASSWORD);
    host.cleanup();
  });

  it('logs in with the OAuth token (OAUTHBEARER) and counts INBOX', async () => {
    const { host, id } = await oauthMailbox('imap');
    const result = await host.call<IncomingTestResult>('testIncoming', { id, debug: true });
    expect(result).toMatchObject({ protocol: 'imap', mechanism: 'OAUTHBEARER', messages: 2 });
    const token = (await host.services.vault.get(id, 'accessToken'))!;
    expect(JSON.stringify(result.transcript)).not.toContain(token);
    expect(JSON.stringify(result.transcript)).not.toContain(Buffer.from(token).toString('base64').slice(0, 40));
    host.cleanup();
  });

  it('explains a wrong password', async () => {
    const { host, id } = await passwordProfile('imap', 'Wrong-Password-1');
    const result = await host.dispatch('testIncoming', { id, debug: true });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'smtp_auth', message: /IMAP server .* rejected the login/ },
    });
    expect(JSON.stringify(result)).not.toContain('Wrong-Password-1');
    host.cleanup();
  });

  it('explains a self-signed certificate when validation is on', async () => {
    const { host, id } = await passwordProfile('imap', IMAP_PASSWORD, true);
    const result = await host.dispatch('testIncoming', { id });
    expect(result).toMatchObject({ ok: false, error: { code: 'smtp_tls', message: /self-signed/ } });
    host.cleanup();
  });

  it('an expired access token is refreshed and the login works', async () => {
    const { host, id } = await oauthMailbox('imap');
    const info = host.services.profiles.authorization(id)!;
    await host.services.profiles.setAuthorization(id, {
      ...info,
      accessTokenExpiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    const before = await host.services.vault.get(id, 'accessToken');
    const result = await host.call<IncomingTestResult>('testIncoming', { id });
    expect(result.messages).toBe(2);
    expect(await host.services.vault.get(id, 'accessToken')).not.toBe(before);
    host.cleanup();
  });

  it('an expired token that cannot be refreshed fails with a clear message', async () => {
    const { host, id } = await oauthMailbox('imap');
    const info = host.services.profiles.authorization(id)!;
    await host.services.vault.update(id, { refreshToken: null });
    await host.services.profiles.setAuthorization(id, {
      ...info,
      hasRefreshToken: false,
      accessTokenExpiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    const result = await host.dispatch('testIncoming', { id });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'oauth_reauthorize', message: 'The access token expired and no refresh token is held.' },
    });
    expect(host.services.profiles.get(id).status.state).toBe('reauthorization_required');
    host.cleanup();
  });

  it('a token for another user fails with a clear message', async () => {
    const { host, id } = await oauthMailbox('imap', 'someone.else@example.test');
    // The profile claims the helpdesk mailbox, but the token is someone else's.
    const { profile } = host.services.profiles.get(id);
    await host.services.profiles.update(id, (p) => ({
      ...p,
      auth: { ...(p.auth as { email: string } & Profile['auth']), email: TEST_MAILBOX } as Profile['auth'],
    }));
    expect(profile).toBeTruthy();
    const result = await host.dispatch('testIncoming', { id });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'smtp_auth', message: /refused the OAuth access token/ },
    });
    host.cleanup();
  });

  it('a revoked token fails and asks for re-authorization', async () => {
    const { host, id } = await oauthMailbox('imap');
    await auth.revoke((await host.services.vault.get(id, 'refreshToken'))!);
    const result = await host.dispatch('testIncoming', { id });
    expect(result).toMatchObject({ ok: false, error: { code: 'oauth_reauthorize' } });
    expect(host.services.profiles.get(id).status.state).toBe('reauthorization_required');
    host.cleanup();
  });
});

describe('POP3', () => {
  it('logs in with USER/PASS after STLS and runs STAT', async () => {
    const { host, id } = await passwordProfile('pop3');
    const result = await host.call<IncomingTestResult>('testIncoming', { id, debug: true });
    expect(result).toMatchObject({ protocol: 'pop3', mechanism: 'USER/PASS', messages: 2 });
    expect(result.capabilities).toEqual(expect.arrayContaining(['USER', 'SASL XOAUTH2 OAUTHBEARER PLAIN LOGIN']));
    const transcript = result.transcript.map((l) => l.text);
    expect(transcript).toContain('STLS');
    expect(transcript).toContain('PASS [hidden]');
    expect(JSON.stringify(result.transcript)).not.toContain(IMAP_PASSWORD);
    host.cleanup();
  });

  it('logs in with AUTH XOAUTH2 and the OAuth token', async () => {
    const { host, id } = await oauthMailbox('pop3');
    const result = await host.call<IncomingTestResult>('testIncoming', { id, debug: true });
    expect(result).toMatchObject({ protocol: 'pop3', mechanism: 'AUTH XOAUTH2', messages: 2 });
    expect(result.transcript.map((l) => l.text)).toContain('AUTH XOAUTH2 [credentials hidden]');
    host.cleanup();
  });

  it('explains a wrong password', async () => {
    const { host, id } = await passwordProfile('pop3', 'Wrong-Password-2');
    const result = await host.dispatch('testIncoming', { id });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'smtp_auth', message: /POP3 server .* rejected the login/ },
    });
    host.cleanup();
  });

  it('a garbage token is refused, refreshed once, and explained when the refresh cannot help', async () => {
    const { host, id } = await oauthMailbox('pop3', 'someone.else@example.test');
    await host.services.profiles.update(id, (p) => ({
      ...p,
      auth: { ...p.auth, email: TEST_MAILBOX } as Profile['auth'],
    }));
    const result = await host.dispatch('testIncoming', { id, debug: true });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'smtp_auth', message: /POP3 server .* refused the OAuth access token/ },
    });
    host.cleanup();
  });
});

describe('a stored value with a line break never becomes a second command', () => {
  // Stored values may predate the schema (or come from an import), so they are written to the
  // vault directly here, bypassing it, as such a value would be on disk.
  async function mailbox(host: TestHost, id: string) {
    await host.services.vault.update(id, { password: IMAP_PASSWORD });
    const r = await host.call<IncomingTestResult>('testIncoming', { id });
    return { messages: r.messages, folders: r.folders };
  }

  const cases: [protocol: 'imap' | 'pop3', password: string][] = [
    ['pop3', 'x\r\nDELE 1'],
    // With the right password first, the smuggled DELE would run in the TRANSACTION state and
    // QUIT would commit it: the dangerous case.
    ['pop3', `${IMAP_PASSWORD}\r\nDELE 1`],
    ['imap', 'x\r\nA1 DELETE INBOX'],
    ['imap', `${IMAP_PASSWORD}\r\nA1 DELETE Sent`],
  ];

  for (const [protocol, password] of cases) {
    it(`${protocol.toUpperCase()}: password ${JSON.stringify(password.replace(IMAP_PASSWORD, '<right password>'))} is refused and the mailbox is unchanged`, async () => {
      const { host, id } = await passwordProfile(protocol);
      const before = await mailbox(host, id);
      const imapBefore = protocol === 'imap' ? before : await imapView();
      expect(before.messages).toBe(2);

      await host.services.vault.update(id, { password });
      const result = await host.dispatch('testIncoming', { id, debug: true });
      expect(result).toMatchObject({
        ok: false,
        error: {
          code: 'invalid_input',
          message:
            'The password cannot contain line breaks or control characters: the mail server would read them as a new command. Nothing was sent to the server.',
        },
      });
      expect(JSON.stringify(result)).not.toMatch(/DELE|DELETE/);

      expect(await mailbox(host, id)).toEqual(before);
      expect(protocol === 'imap' ? await mailbox(host, id) : await imapView()).toEqual(imapBefore);
      host.cleanup();
    });
  }

  /** The folder list and INBOX count as IMAP sees them (POP3 shows neither folders nor other folders). */
  async function imapView() {
    const { host, id } = await passwordProfile('imap');
    const view = await mailbox(host, id);
    host.cleanup();
    return view;
  }
});
