// The login check an authorization ends with: against a real SMTP server (XOAUTH2 checked by
// introspection at the test authorization server) and Debian's Dovecot. "Verified: the server
// accepted the login" only when both servers took the token; a refusal is explained, and the
// profile stays Not verified with the reason. A delivered test email then shows its own state.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from '@playwright/test';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExportResult } from '../../src-shared/config-file';
import type { AuthorizationOutcome } from '../../src-shared/ipc';
import type { AuthorizationStart } from '../../src-shared/oauth';
import { verifiedBy, type Profile, type ProfileView } from '../../src-shared/profile';
import { CLIENT_SECRET, RS_ID, RS_SECRET, startAuthServer, type TestAuthServer } from '../support/auth-server';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { consentInNewContext, TEST_MAILBOX } from '../support/consent';
import { dovecotIncoming, startDovecot, type TestDovecot } from '../support/dovecot';
import { createTestHost, type TestHost } from '../support/main-host';
import { introspectingXoauth2, oauthProfile } from '../support/oauth-profiles';
import { findSecrets } from '../support/secret-scan';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server';

let auth: TestAuthServer;
let dovecot: TestDovecot;
let browser: Browser;
const cleanups: (() => Promise<void> | void)[] = [];

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

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function authorizeWith(smtp: TestSmtpServer, incoming: Profile['incoming']) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-export-'));
  let files = 0;
  const host: TestHost = createTestHost({
    endpoints: auth.endpoints,
    openExternal: async () => undefined,
    dialogs: {
      chooseSaveFile: async (name) => path.join(dir, `${files++}-${name}`),
      chooseOpenFile: async () => null,
    },
  });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => host.cleanup());
  const created = await host.call<ProfileView>('createProfile', { name: 'Help desk', authType: 'generic' });
  const id = created.profile.id;
  const scope = incoming ? 'openid email offline_access smtp imap' : 'openid email offline_access smtp';
  await host.call('saveProfile', {
    profile: { ...oauthProfile(auth, id, smtp.port, { scope }), incoming },
    secrets: { clientSecret: CLIENT_SECRET },
  });
  const start = await host.call<AuthorizationStart>('beginAuthorization', { id });
  const waiting = host.call<AuthorizationOutcome>('awaitAuthorization', { id });
  await consentInNewContext(browser, start.authorizationUrl);
  return { host, id, outcome: await waiting };
}

async function smtpServer(options: Parameters<typeof startSmtpServer>[0] = {}) {
  const smtp = await startSmtpServer({ onXoauth2: introspectingXoauth2(auth), ...options });
  cleanups.push(() => smtp.close());
  return smtp;
}

describe('after an authorization, the app checks the login without sending', () => {
  it('SMTP AUTH and the IMAP login accepted: Verified, the server accepted the login; no message sent', async () => {
    const smtp = await smtpServer();
    const { host, id, outcome } = await authorizeWith(smtp, dovecotIncoming(dovecot, 'imap'));
    expect(outcome.loginCheck).toMatchObject({
      ok: true,
      smtp: { host: '127.0.0.1', port: smtp.port },
      incoming: { protocol: 'imap', host: '127.0.0.1' },
    });
    expect(outcome.view.status).toMatchObject({ state: 'verified', lastVerifiedSend: null, reason: null });
    expect(outcome.view.status.lastVerifiedLogin).toBe(outcome.loginCheck?.checkedAt);
    expect(verifiedBy(outcome.view.status)).toBe('login_accepted');
    // The check logged in (XOAUTH2 was asked) but nothing was delivered.
    expect(smtp.messages).toHaveLength(0);

    // The export says how the profile was proved, in every format.
    const exported = async (format: 'json' | 'dotenv' | 'properties') => {
      const result = await host.call<ExportResult>('exportProfiles', { ids: [id], format, secrets: { mode: 'omit' } });
      return readFileSync(result.path!, 'utf8');
    };
    expect(JSON.parse(await exported('json')).profiles[0].verified).toEqual({
      by: 'login_accepted',
      at: outcome.loginCheck?.checkedAt,
    });

    // A delivered test email is the stronger proof, and shows as such.
    await host.call('sendTestEmail', { id, to: TEST_MAILBOX });
    const after = host.services.profiles.get(id);
    expect(verifiedBy(after.status)).toBe('test_delivered');
    expect(smtp.messages).toHaveLength(1);
    expect(JSON.parse(await exported('json')).profiles[0].verified).toEqual({
      by: 'test_delivered',
      at: after.status.lastVerifiedSend,
    });
    expect(await exported('dotenv')).toContain("MAIL_VERIFIED='test_delivered'");
    expect(await exported('properties')).toContain('mailprefs.verified=test_delivered');

    const tokens = [CLIENT_SECRET];
    for (const kind of ['accessToken', 'refreshToken'] as const)
      tokens.push((await host.services.vault.get(id, kind))!);
    expect(findSecrets(host.dataDirectory, tokens)).toEqual([]);
    expect(JSON.stringify(outcome)).not.toContain(tokens[1]);
  });

  it('SMTP AUTH turned off for the tenant (535 5.7.139): authorized, but Not verified, with the cause and fix', async () => {
    const smtp = await smtpServer({
      fault: {
        at: 'auth',
        code: 535,
        text: '5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.',
      },
    });
    const { outcome } = await authorizeWith(smtp, null);
    expect(outcome.view.authorization).toMatchObject({ hasRefreshToken: true });
    expect(outcome.loginCheck).toMatchObject({ ok: false, error: { code: 'smtp_auth' } });
    const error = outcome.loginCheck?.ok === false ? outcome.loginCheck.error : null;
    expect(error?.message).toMatch(/SMTP AUTH is turned off/);
    expect(error?.hint).toMatch(/Set-CASMailbox/);
    expect(outcome.view.status).toMatchObject({ state: 'not_verified', reason: error?.message });
    expect(verifiedBy(outcome.view.status)).toBeNull();
  });

  it('SMTP accepted but the incoming server cannot be reached: Not verified, and the answer names the incoming side', async () => {
    const smtp = await smtpServer();
    const { outcome } = await authorizeWith(smtp, { ...dovecotIncoming(dovecot, 'imap'), port: await closedPort() });
    expect(outcome.loginCheck).toMatchObject({ ok: false, incoming: { protocol: 'imap' } });
    const error = outcome.loginCheck?.ok === false ? outcome.loginCheck.error : null;
    expect(`${error?.message} ${error?.hint}`).toMatch(/IMAP|incoming/i);
    expect(outcome.view.status.state).toBe('not_verified');
  });
});
