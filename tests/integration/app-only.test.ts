// Office 365 app-only (application permission, no sign-in) end to end under Node: the app mints
// tokens with the client credentials grant at a real oidc-provider (Microsoft-shaped), caches them
// until shortly before expiry, and sends and fetches through a real SMTP server and Dovecot that
// model Exchange's mailbox permission (a token with no person passes only for a granted mailbox).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportResult, ImportPreview } from '../../src-shared/config-file';
import type { FileDialogs } from '../../src-main/export/file-dialogs';
import type { AppErrorData } from '../../src-shared/errors';
import type { IncomingTestResult } from '../../src-shared/ipc';
import type { Profile, ProfileView } from '../../src-shared/profile';
import { REFRESH_MARGIN_MS } from '../../src-main/oauth/token-service';
import { APP_CLIENT_SECRET, startAuthServer, type TestAuthServer } from '../support/auth-server';
import { type TestDovecot } from '../support/dovecot';
import { createTestHost, type TestHost } from '../support/main-host';
import {
  APP_MAILBOX,
  APP_PERMISSIONS,
  appOnlyProfile,
  introspectingXoauth2,
  startExchangeDovecot,
  UNGRANTED_MAILBOX,
} from '../support/oauth-profiles';
import { findSecrets } from '../support/secret-scan';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server';

let auth: TestAuthServer;
let smtp: TestSmtpServer;
let dovecot: TestDovecot;
const hosts: { host: TestHost; secrets: string[] }[] = [];

beforeAll(async () => {
  auth = await startAuthServer('microsoft');
  smtp = await startSmtpServer({ onXoauth2: introspectingXoauth2(auth, APP_PERMISSIONS) });
  dovecot = await startExchangeDovecot(auth);
}, 30_000);

afterAll(async () => {
  for (const { host, secrets } of hosts) {
    // No token and no client secret in plaintext anywhere in the data directory or the log.
    expect(findSecrets(host.dataDirectory, secrets)).toEqual([]);
    host.cleanup();
  }
  await dovecot?.close();
  await smtp?.close();
  await auth?.close();
});

function incoming(protocol: 'imap' | 'pop3'): Profile['incoming'] {
  return {
    protocol,
    host: '127.0.0.1',
    port: protocol === 'imap' ? dovecot.imapPort : dovecot.pop3Port,
    security: 'starttls',
    validateCertificate: false,
    folder: 'INBOX',
    fetchIntervalMinutes: 5,
  };
}

async function appOnly(
  options: {
    mailbox?: string;
    secret?: string;
    now?: () => Date;
    protocol?: 'imap' | 'pop3';
    dialogs?: FileDialogs;
  } = {},
) {
  const host = createTestHost({
    endpoints: auth.endpoints,
    ...(options.now ? { now: options.now } : {}),
    ...(options.dialogs ? { dialogs: options.dialogs } : {}),
  });
  const secrets = [APP_CLIENT_SECRET, options.secret ?? ''].filter(Boolean);
  hosts.push({ host, secrets });
  const created = await host.call<ProfileView>('createProfile', { name: 'App-only', authType: 'microsoft' });
  const id = created.profile.id;
  const profile = { ...appOnlyProfile(id, smtp.port, options.mailbox), incoming: incoming(options.protocol ?? 'imap') };
  await host.call('saveProfile', { profile, secrets: { clientSecret: options.secret ?? APP_CLIENT_SECRET } });
  const send = () => host.dispatch('sendTestEmail', { id, to: 'someone@example.test' });
  const remember = async () => {
    const token = await host.services.vault.get(id, 'accessToken');
    if (token) secrets.push(token);
  };
  return { host, id, send, remember };
}

describe('app-only tokens', () => {
  it('two sends within the token lifetime mint once; the send is Verified and no refresh token is stored', async () => {
    const { host, id, send, remember } = await appOnly();
    const before = auth.clientCredentialsRequests();
    const first = await send();
    expect(first).toMatchObject({ ok: true });
    const second = await send();
    expect(second).toMatchObject({ ok: true });
    expect(auth.clientCredentialsRequests() - before).toBe(1);
    const sent = smtp.messages.filter((m) => m.rcptTo.includes('someone@example.test'));
    expect(sent.slice(-2).map((m) => [m.user, m.mailFrom])).toEqual([
      [APP_MAILBOX, APP_MAILBOX],
      [APP_MAILBOX, APP_MAILBOX],
    ]);

    const view = host.services.profiles.get(id);
    expect(view.status.state).toBe('verified');
    expect(view.secrets.refreshToken).toBe(false);
    expect(view.secrets.accessToken).toBe(true);
    expect(view.authorization).toMatchObject({
      account: APP_MAILBOX,
      scopes: ['https://outlook.office365.com/.default'],
      hasRefreshToken: false,
    });
    await remember();
  });

  it('saving another secret (or client, tenant, mailbox) drops the cached token; the next send mints', async () => {
    const { host, id, send, remember } = await appOnly();
    expect(await send()).toMatchObject({ ok: true });
    await remember();
    const before = auth.clientCredentialsRequests();
    const { profile } = host.services.profiles.get(id);
    await host.call('saveProfile', { profile, secrets: { clientSecret: APP_CLIENT_SECRET } });
    const saved = host.services.profiles.get(id);
    expect(saved.authorization).toBeNull();
    expect(saved.secrets.accessToken).toBe(false);
    expect(saved.status.state).toBe('not_verified');
    expect(await send()).toMatchObject({ ok: true });
    expect(auth.clientCredentialsRequests() - before).toBe(1);
    await remember();
  });

  it('concurrent callers share one mint', async () => {
    const { host, id, remember } = await appOnly();
    const before = auth.clientCredentialsRequests();
    const tokens = await Promise.all([1, 2, 3, 4].map(() => host.services.tokens.accessToken(id)));
    expect(new Set(tokens.map((t) => t.token)).size).toBe(1);
    expect(auth.clientCredentialsRequests() - before).toBe(1);
    await remember();
  });

  it('once the cached token is within the refresh margin of expiry, the next send mints a new one', async () => {
    let offset = 0;
    const { send, remember, host, id } = await appOnly({ now: () => new Date(Date.now() + offset) });
    const before = auth.clientCredentialsRequests();
    expect(await send()).toMatchObject({ ok: true });
    const first = await host.services.vault.get(id, 'accessToken');
    await remember();
    // The server's tokens live an hour: step past expiry minus the margin.
    offset = 3600_000 - REFRESH_MARGIN_MS + 1000;
    expect(await send()).toMatchObject({ ok: true });
    expect(auth.clientCredentialsRequests() - before).toBe(2);
    const second = await host.services.vault.get(id, 'accessToken');
    expect(second).not.toBe(first);
    await remember();
  });

  it('test incoming (IMAP) succeeds for the granted mailbox', async () => {
    const { host, id, remember } = await appOnly({ protocol: 'imap' });
    const result = await host.call<IncomingTestResult>('testIncoming', { id });
    expect(result).toMatchObject({ protocol: 'imap' });
    expect(result.messages).toBe(2);
    await remember();
  });

  it('test incoming (POP3) succeeds for the granted mailbox', async () => {
    const { host, id, remember } = await appOnly({ protocol: 'pop3' });
    const result = await host.call<IncomingTestResult>('testIncoming', { id });
    expect(result).toMatchObject({ protocol: 'pop3' });
    await remember();
  });
});

describe('moving an app-only profile', () => {
  it('exported with its client secret and imported into a fresh install, it sends there (minting its own token)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-app-only-'));
    try {
      let next = '';
      const dialogs = {
        chooseSaveFile: async (name: string) => path.join(dir, name),
        chooseOpenFile: async () => next,
      };
      const source = await appOnly({ dialogs });
      expect(await source.send()).toMatchObject({ ok: true });
      await source.remember();
      const result = await source.host.call<ExportResult>('exportProfiles', {
        ids: [source.id],
        format: 'json',
        secrets: { mode: 'plaintext', confirmed: true },
      });
      const file = JSON.parse(readFileSync(result.path!, 'utf8')) as { profiles: { secrets: unknown }[] };
      // The app credential instead of a refresh token; the cached access token stays behind.
      expect(file.profiles[0]!.secrets).toEqual({ clientSecret: APP_CLIENT_SECRET });

      const target = await appOnly({ dialogs });
      next = result.path!;
      await target.host.call('deleteProfile', { id: target.id });
      const preview = (await target.host.call<ImportPreview>('chooseImportFile'))!;
      expect(await target.host.call('applyImport', { sessionId: preview.sessionId })).toEqual({ applied: 1 });
      const [imported] = target.host.services.profiles.list();
      expect(imported!.profile.auth).toMatchObject({ permission: 'application', email: APP_MAILBOX });
      expect(imported!.secrets).toMatchObject({ clientSecret: true, refreshToken: false, accessToken: false });
      const sent = await target.host.dispatch('sendTestEmail', {
        id: imported!.profile.id,
        to: 'someone@example.test',
      });
      expect(sent).toMatchObject({ ok: true });
      const token = await target.host.services.vault.get(imported!.profile.id, 'accessToken');
      if (token) hosts.at(-1)!.secrets.push(token);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('switched back to "Sign in as the mailbox", the minted token goes: nothing app-only serves a sign-in profile', async () => {
    const { host, id, send, remember } = await appOnly();
    expect(await send()).toMatchObject({ ok: true });
    await remember();
    const { profile } = host.services.profiles.get(id);
    const auth = profile.auth as Extract<Profile['auth'], { type: 'microsoft' }>;
    await host.call('saveProfile', {
      profile: { ...profile, auth: { ...auth, permission: 'delegated' } },
      secrets: {},
    });
    const saved = host.services.profiles.get(id);
    expect(saved.authorization).toBeNull();
    expect(saved.secrets.accessToken).toBe(false);
    expect(saved.status.state).toBe('not_verified');
    const again = await send();
    expect(again).toMatchObject({ ok: false, error: { code: 'oauth_reauthorize' } });
  });
});

describe('what goes wrong, explained', () => {
  it('a mailbox the app has no permission on: Exchange answers 535 5.7.3, explained with the PowerShell fix', async () => {
    const { send, host, id, remember } = await appOnly({ mailbox: UNGRANTED_MAILBOX });
    const result = await send();
    expect(result.ok).toBe(false);
    const error = (result as { error: AppErrorData }).error;
    expect(error.code).toBe('smtp_auth');
    expect(error.message).toMatch(/refused it for payroll@contoso\.test \(5\.7\.3\).*service principal.*permission/);
    expect(error.hint).toMatch(/New-ServicePrincipal -AppId mail-preferences-app-only/);
    expect(error.hint).toMatch(/Add-MailboxPermission -Identity payroll@contoso\.test/);
    expect(error.hint).toMatch(/SMTP\.SendAsApp/);
    expect(error.detail).toMatch(/535 5\.7\.3 Authentication unsuccessful/);
    expect(host.services.profiles.get(id).status.state).not.toBe('verified');
    await remember();
  });

  it('IMAP for a mailbox the app has no permission on is refused and explained', async () => {
    const { host, id, remember } = await appOnly({ mailbox: UNGRANTED_MAILBOX, protocol: 'imap' });
    const result = await host.dispatch('testIncoming', { id });
    expect(result.ok).toBe(false);
    const error = (result as { error: AppErrorData }).error;
    expect(error.message).toMatch(/refused it for payroll@contoso\.test/);
    expect(error.hint).toMatch(/Add-MailboxPermission -Identity payroll@contoso\.test/);
    expect(error.hint).toMatch(/IMAP\.AccessAsApp/);
    // A refusal, as Exchange gives it, not a temporary failure of the server's own checks.
    expect(error.detail).toMatch(/AUTHENTICATIONFAILED/);
    await remember();
  });

  it('a wrong client secret: Microsoft wording (AADSTS7000215), nothing cached, the secret in no message', async () => {
    const wrong = 'Wrong-App-Secret-value-9x';
    const { send, host, id } = await appOnly({ secret: wrong });
    const result = await send();
    expect(result.ok).toBe(false);
    const error = (result as { error: AppErrorData }).error;
    expect(error.code).toBe('oauth_config');
    expect(error.message).toMatch(/did not accept the client secret \(AADSTS7000215/);
    expect(error.hint).toMatch(/Certificates & secrets/);
    expect(JSON.stringify(error)).not.toContain(wrong);
    expect(host.services.profiles.get(id).secrets.accessToken).toBe(false);
    expect(host.services.profiles.get(id).status.state).toBe('not_verified');
  });

  it('a delegated sign-in is refused for an app-only profile, with the way forward', async () => {
    const { host, id } = await appOnly();
    const result = await host.dispatch('beginAuthorization', { id });
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringMatching(/application permission/) } });
  });
});
