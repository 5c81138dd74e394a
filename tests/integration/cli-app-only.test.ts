// An Office 365 app-only profile (application permission) exported by the app and used by the
// built `mailprefs` with plain Node: the file carries the client secret (sealed, in plain text
// when confirmed, or left out) and no refresh token; `token` and `send` mint with the client
// credentials grant at a real oidc-provider, keep only the access token, and reuse it.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_PLACEHOLDER, type SecretsChoice } from '../../src-shared/config-file';
import { ageKeypair } from '../support/age-cli';
import { APP_CLIENT_ID, APP_CLIENT_SECRET, startAuthServer, type TestAuthServer } from '../support/auth-server';
import type { TestDovecot } from '../support/dovecot';
import { exportWithApp, json, readJson, sandbox, type Sandbox } from '../support/cli';
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
let boxes: Sandbox[] = [];
const key = ageKeypair();
const SEALED: SecretsChoice = { mode: 'recipient', recipient: key.recipient };
const PLAIN: SecretsChoice = { mode: 'plaintext', confirmed: true };
const withKey = { AGE_IDENTITY_FILE: key.keyFile };

beforeAll(async () => {
  auth = await startAuthServer('microsoft');
  smtp = await startSmtpServer({ onXoauth2: introspectingXoauth2(auth, APP_PERMISSIONS) });
  dovecot = await startExchangeDovecot(auth);
}, 30_000);
afterAll(async () => {
  await dovecot?.close();
  await smtp?.close();
  await auth?.close();
});
afterEach(() => {
  boxes.forEach((b) => b.cleanup());
  boxes = [];
});

async function box(): Promise<Sandbox> {
  const b = await sandbox();
  boxes.push(b);
  return b;
}

async function appOnlyExport(
  b: Sandbox,
  choice: SecretsChoice,
  clientSecret = APP_CLIENT_SECRET,
  mailbox = APP_MAILBOX,
  withImap = false,
) {
  const dir = path.join(b.cwd, `export-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  return exportWithApp(
    dir,
    [
      {
        profile: (id) => ({
          ...appOnlyProfile(id, smtp.port, mailbox),
          name: 'App-only relay',
          incoming: withImap
            ? {
                protocol: 'imap',
                host: '127.0.0.1',
                port: dovecot.imapPort,
                security: 'starttls',
                validateCertificate: false,
                folder: 'INBOX',
                fetchIntervalMinutes: 5,
              }
            : null,
        }),
        secrets: { clientSecret },
      },
    ],
    choice,
    auth.endpoints,
  );
}

describe('exporting an app-only profile', () => {
  it('carries the client secret and no refresh token; left out, only its placeholder', async () => {
    const b = await box();
    const plain = readJson(await appOnlyExport(b, PLAIN)) as { profiles: Record<string, unknown>[] };
    const [profile] = plain.profiles;
    expect(profile!['auth']).toMatchObject({ type: 'microsoft', permission: 'application', email: APP_MAILBOX });
    expect(profile!['secrets']).toEqual({ clientSecret: APP_CLIENT_SECRET });
    expect(profile!['oauth']).toMatchObject({
      user: APP_MAILBOX,
      scope: 'https://outlook.office365.com/.default',
      clientAuthMethod: 'client_secret_post',
      tokenEndpoint: expect.stringMatching(/\/oauth2\/v2\.0\/token$/),
    });

    const omitted = readJson(await appOnlyExport(b, { mode: 'omit' })) as { profiles: Record<string, unknown>[] };
    expect(omitted.profiles[0]!['secrets']).toEqual({ clientSecret: SECRET_PLACEHOLDER });

    // Sealed: the secret is not readable in the file.
    const sealed = await appOnlyExport(b, SEALED);
    expect(readFileSync(sealed, 'latin1')).not.toContain(APP_CLIENT_SECRET);
  });
});

describe('mailprefs token and send with an app-only export', () => {
  it('token mints once with the client credentials grant, then reuses it; the state holds no secret', async () => {
    const b = await box();
    const file = await appOnlyExport(b, SEALED);
    const before = auth.clientCredentialsRequests();
    const first = await b.run(['token', file, '--json'], withKey);
    expect(json(first), first.stderr).toMatchObject({ ok: true, refreshed: true, user: APP_MAILBOX });
    const token = String(json(first)['accessToken']);
    expect(await auth.introspect(token)).toMatchObject({ active: true, client_id: APP_CLIENT_ID });
    expect((await auth.introspect(token)).sub).toBeUndefined();

    const second = await b.run(['token', file, '--json'], withKey);
    expect(json(second)).toMatchObject({ ok: true, refreshed: false, accessToken: token });
    expect(auth.clientCredentialsRequests() - before).toBe(1);

    const [stateFile] = readdirSync(b.stateDir).filter((f) => f.endsWith('.json'));
    const state = JSON.parse(readFileSync(path.join(b.stateDir, stateFile!), 'utf8'));
    expect(state).toMatchObject({ refreshToken: null, accessToken: token });
    // The client secret stays in the sealed file: never in the state directory or the output.
    expect(findSecrets(b.home, [APP_CLIENT_SECRET])).toEqual([]);
    expect(first.stdout + first.stderr + second.stdout).not.toContain(APP_CLIENT_SECRET);
  });

  it('send mints and delivers as the mailbox over XOAUTH2', async () => {
    const b = await box();
    const file = await appOnlyExport(b, SEALED);
    const before = smtp.messages.length;
    const run = await b.run(['send', file, '--to', 'ops@example.test', '--json'], withKey);
    expect(json(run), run.stdout).toMatchObject({ ok: true, exitCode: 0, accepted: ['ops@example.test'] });
    expect(smtp.messages.slice(before)).toMatchObject([{ user: APP_MAILBOX, mailFrom: APP_MAILBOX, secure: true }]);
    expect(run.stdout + run.stderr).not.toContain(APP_CLIENT_SECRET);
  });

  it('check logs in to SMTP and IMAP with one minted token; an ungranted mailbox fails both, explained', async () => {
    const b = await box();
    const before = auth.clientCredentialsRequests();
    const good = await b.run(
      ['check', await appOnlyExport(b, SEALED, APP_CLIENT_SECRET, APP_MAILBOX, true), '--json'],
      withKey,
    );
    expect(json(good), good.stdout).toMatchObject({
      ok: true,
      steps: [
        { step: 'smtp', ok: true, auth: 'XOAUTH2' },
        { step: 'imap', ok: true, messages: 2 },
      ],
    });
    expect(auth.clientCredentialsRequests() - before).toBe(1);

    const bad = await b.run(
      ['check', await appOnlyExport(b, SEALED, APP_CLIENT_SECRET, UNGRANTED_MAILBOX, true)],
      withKey,
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toMatch(/^SMTP .*: FAILED/m);
    expect(bad.stdout).toMatch(/^IMAP .*: FAILED/m);
    expect(bad.stderr).toContain(`refused it for ${UNGRANTED_MAILBOX}`);
    expect(bad.stderr).toContain('Add-MailboxPermission');
    expect(bad.stdout + bad.stderr).not.toContain(APP_CLIENT_SECRET);
  });

  it('a wrong client secret in the file: a Microsoft explanation, a failing exit code, the secret in no output', async () => {
    const b = await box();
    const wrong = 'Wrong-Exported-Secret-77q';
    const file = await appOnlyExport(b, PLAIN, wrong);
    const run = await b.run(['token', file, '--json']);
    expect(run.code).not.toBe(0);
    const out = json(run) as unknown as { ok: boolean; error: { message: string; hint: string } };
    expect(out.ok).toBe(false);
    expect(out.error.message).toMatch(/did not accept the client secret \(AADSTS7000215/);
    expect(run.stdout + run.stderr).not.toContain(wrong);
    expect(findSecrets(b.home, [wrong])).toEqual([]);
  });
});
