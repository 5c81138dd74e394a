// `mailprefs send`, `check` and `validate` (the built bundle, plain Node) against the real test
// servers: smtp-server (PLAIN and XOAUTH2 checked by introspection), Dovecot (IMAP and POP3, with
// a password and with OAuth tokens), oidc-provider. The errors are the app's explanations.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SecretsChoice } from '../../src-shared/config-file';
import type { Profile } from '../../src-shared/profile';
import { ageKeypair } from '../support/age-cli';
import { RS_ID, RS_SECRET, startAuthServer, type TestAuthServer } from '../support/auth-server';
import { exportWithApp, json, OAUTH_SECRETS, readJson, sandbox, type Sandbox } from '../support/cli';
import { TEST_MAILBOX } from '../support/consent';
import { dovecotIncoming, IMAP_PASSWORD, IMAP_USER, startDovecot, type TestDovecot } from '../support/dovecot';
import { introspectingXoauth2, oauthProfile } from '../support/oauth-profiles';
import { standardProfile } from '../support/profiles';
import { SMTP_PASSWORD, SMTP_USER, startSmtpServer, type TestSmtpServer } from '../support/smtp-server';

let auth: TestAuthServer;
let smtp: TestSmtpServer;
let dovecot: TestDovecot;
let boxes: Sandbox[] = [];
const key = ageKeypair();
const SEALED: SecretsChoice = { mode: 'recipient', recipient: key.recipient };
const PLAIN: SecretsChoice = { mode: 'plaintext', confirmed: true };
const withKey = { AGE_IDENTITY_FILE: key.keyFile };

beforeAll(async () => {
  auth = await startAuthServer('generic', { rotateRefreshToken: true });
  smtp = await startSmtpServer({
    users: { [SMTP_USER]: SMTP_PASSWORD, [IMAP_USER]: IMAP_PASSWORD },
    onXoauth2: introspectingXoauth2(auth),
  });
  dovecot = await startDovecot({ issuer: auth.issuer, rsId: RS_ID, rsSecret: RS_SECRET, mailboxes: [TEST_MAILBOX] });
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

async function box() {
  const b = await sandbox();
  boxes.push(b);
  return b;
}

async function oauthExport(b: Sandbox, choice: SecretsChoice, protocol?: 'imap' | 'pop3') {
  const refreshToken = await auth.mintRefreshToken(TEST_MAILBOX, 'openid email offline_access smtp imap');
  const dir = path.join(b.cwd, 'oauth');
  mkdirSync(dir, { recursive: true });
  return exportWithApp(
    dir,
    [
      {
        profile: (id) => ({
          ...oauthProfile(auth, id, smtp.port, { email: TEST_MAILBOX, scope: 'openid email offline_access smtp imap' }),
          name: 'OAuth mailbox',
          incoming: protocol ? dovecotIncoming(dovecot, protocol) : null,
        }),
        secrets: OAUTH_SECRETS(refreshToken),
      },
    ],
    choice,
  );
}

async function standardExport(
  b: Sandbox,
  options: { password?: string; protocol?: 'imap' | 'pop3'; port?: number; extra?: Partial<Profile> } = {},
) {
  const dir = path.join(b.cwd, 'standard');
  mkdirSync(dir, { recursive: true });
  return exportWithApp(
    dir,
    [
      {
        profile: (id) => ({
          ...standardProfile(id, options.port ?? smtp.port, { name: 'Relay', username: IMAP_USER }),
          incoming: options.protocol ? dovecotIncoming(dovecot, options.protocol) : null,
          ...options.extra,
        }),
        secrets: { password: options.password ?? IMAP_PASSWORD },
      },
    ],
    PLAIN,
  );
}

describe('mailprefs send', () => {
  it('sends with an age-sealed OAuth export (XOAUTH2 with a refreshed token) and the message arrives', async () => {
    const b = await box();
    const file = await oauthExport(b, SEALED);
    const before = smtp.messages.length;
    const run = await b.run(['send', file, '--to', 'ops@example.test', '--json'], withKey);
    expect(json(run), run.stdout).toMatchObject({ ok: true, exitCode: 0, accepted: ['ops@example.test'] });
    expect(smtp.messages.slice(before)).toMatchObject([
      // Only XOAUTH2 (checked by introspection at the auth server) can sign in as this mailbox.
      { user: TEST_MAILBOX, rcptTo: ['ops@example.test'], secure: true },
    ]);
    expect(smtp.messages.at(-1)!.headers['subject']).toBe('Mail Preferences test message');
  });

  it('sends with a plaintext Standard export; --debug shows the conversation without the password', async () => {
    const b = await box();
    const file = await standardExport(b);
    const run = await b.run(['send', file, '--to', 'ops@example.test', '--debug']);
    expect(run, run.stderr).toMatchObject({ code: 0 });
    expect(run.stdout).toMatch(/^sent to ops@example\.test via 127\.0\.0\.1:\d+: 250/);
    expect(smtp.messages.at(-1)).toMatchObject({ user: IMAP_USER, secure: true });
    expect(run.stderr).toContain('AUTH PLAIN');
    expect(run.stderr).not.toContain(IMAP_PASSWORD);
    expect(run.stderr).not.toContain(Buffer.from(`\0${IMAP_USER}\0${IMAP_PASSWORD}`).toString('base64'));
  });

  it('a wrong password is exit 6 with the app’s explanation; a closed port is exit 4', async () => {
    const b = await box();
    const wrong = await b.run([
      'send',
      await standardExport(b, { password: 'Wrong-passw0rd!' }),
      '--to',
      'ops@example.test',
    ]);
    expect(wrong.code).toBe(6);
    expect(wrong.stderr).toContain('rejected the login (535)');
    expect(wrong.stderr).toContain('What to do: Check the user name and password');
    const closed = await b.run(['send', await standardExport(b, { port: 1 }), '--to', 'ops@example.test', '--json']);
    expect(json(closed)).toMatchObject({ ok: false, exitCode: 4, error: { code: 'smtp_connection' } });
  });

  it('usage errors are exit 1: no --to, a bad address, an unknown option', async () => {
    const b = await box();
    const file = await standardExport(b);
    expect((await b.run(['send', file])).code).toBe(1);
    expect((await b.run(['send', file, '--to', 'not an address'])).code).toBe(1);
    const typo = await b.run(['send', file, '--too', 'ops@example.test']);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain("Unknown option '--too'");
  });
});

describe('mailprefs send: the alternate server and senders per purpose', () => {
  const ALTERNATE = () => ({
    alternateOutgoing: {
      host: '127.0.0.1',
      port: smtp.port,
      security: 'starttls' as const,
      validateCertificate: false,
    },
  });
  const SENDERS: Partial<Profile> = {
    senders: [
      { purpose: 'Management reports', address: 'reports@example.test', displayName: 'Reports desk' },
      { purpose: 'Alerts', address: '', displayName: '' },
    ],
  };
  /** A real SMTP server, started and stopped again: its port now refuses connections. */
  async function stoppedPrimary(): Promise<number> {
    const primary = await startSmtpServer();
    await primary.close();
    return primary.port;
  }

  it('primary stopped: the alternate accepts, and the output says which server and why the primary failed', async () => {
    const b = await box();
    const port = await stoppedPrimary();
    const file = await standardExport(b, { port, extra: ALTERNATE() });
    const before = smtp.messages.length;
    const human = await b.run(['send', file, '--to', 'ops@example.test']);
    expect(human, human.stderr).toMatchObject({ code: 0 });
    expect(human.stdout).toContain(`via 127.0.0.1:${smtp.port} (the alternate server): 250`);
    expect(human.stdout).toContain(
      `the primary server failed, so the alternate was used: Nothing is accepting connections at 127.0.0.1:${port}.`,
    );
    const machine = await b.run(['send', file, '--to', 'ops@example.test', '--json']);
    expect(json(machine), machine.stdout).toMatchObject({
      ok: true,
      server: `127.0.0.1:${smtp.port}`,
      serverRole: 'alternate',
      primaryFailure: { code: 'smtp_connection' },
    });
    expect(smtp.messages.slice(before)).toHaveLength(2);
  });

  it('primary refuses the login: exit 6, the alternate is not tried, and the hint says why', async () => {
    const b = await box();
    const primary = await startSmtpServer();
    try {
      const file = await standardExport(b, { port: primary.port, password: 'Wrong-passw0rd!', extra: ALTERNATE() });
      const before = smtp.messages.length;
      const run = await b.run(['send', file, '--to', 'ops@example.test']);
      expect(run.code).toBe(6);
      expect(run.stderr).toContain('The alternate server was not tried');
      expect(smtp.messages.length).toBe(before);
    } finally {
      await primary.close();
    }
  });

  it('--sender PURPOSE sends as that sender (case-insensitive); the From display name fills an empty one', async () => {
    const b = await box();
    const file = await standardExport(b, { extra: SENDERS });
    const reports = await b.run(['send', file, '--to', 'ops@example.test', '--sender', 'management REPORTS', '--json']);
    expect(json(reports), reports.stdout).toMatchObject({
      ok: true,
      serverRole: 'primary',
      primaryFailure: null,
      sender: 'reports@example.test',
    });
    expect(smtp.messages.at(-1)).toMatchObject({ mailFrom: 'reports@example.test' });
    expect(smtp.messages.at(-1)!.headers['from']).toBe('Reports desk <reports@example.test>');
    const alerts = await b.run(['send', file, '--to', 'ops@example.test', '--sender', 'Alerts']);
    expect(alerts, alerts.stderr).toMatchObject({ code: 0 });
    expect(alerts.stdout).toContain(`from ${SMTP_USER} (sender for "Alerts")`);
    expect(smtp.messages.at(-1)!.headers['from']).toBe(`Help Desk <${SMTP_USER}>`);
  });

  it('an unknown --sender is exit 2 before anything is sent, listing the purposes the profile has', async () => {
    const b = await box();
    const file = await standardExport(b, { extra: SENDERS });
    const before = smtp.messages.length;
    const run = await b.run(['send', file, '--to', 'ops@example.test', '--sender', 'Payroll\r\nRCPT TO:<x@evil.test>']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('has no sender for the purpose "Payroll\\r\\nRCPT TO:<x@evil.test>"');
    expect(run.stderr).toContain('Use one of its senders: "Management reports", "Alerts"');
    expect(run.stderr.split('\n')[0]).not.toMatch(/\r/);
    const none = await b.run([
      'send',
      await standardExport(b),
      '--to',
      'ops@example.test',
      '--sender',
      'Alerts',
      '--json',
    ]);
    expect(json(none)).toMatchObject({ ok: false, exitCode: 2, error: { code: 'invalid_input' } });
    expect(JSON.stringify(json(none)['error'])).toContain('no senders per purpose yet');
    expect(smtp.messages.length).toBe(before);
    expect((await b.run(['send', file, '--to', 'ops@example.test', '--sender', ''])).code).toBe(1);
    const help = await b.run(['send', '--help']);
    expect(help.stdout).toContain('--sender PURPOSE');
    expect(help.stdout).toContain('the message goes to the alternate');
  });
});

describe('mailprefs check', () => {
  it('logs in to SMTP and IMAP with a password', async () => {
    const b = await box();
    const run = await b.run(['check', await standardExport(b, { protocol: 'imap' }), '--json']);
    expect(json(run), run.stdout).toMatchObject({
      ok: true,
      steps: [
        { step: 'smtp', ok: true, auth: 'password' },
        { step: 'imap', ok: true, mechanism: 'PLAIN', messages: 2 },
      ],
    });
  });

  it('logs in to SMTP and POP3 with OAuth tokens (sealed export)', async () => {
    const b = await box();
    const run = await b.run(['check', await oauthExport(b, SEALED, 'pop3')], withKey);
    expect(run, run.stderr).toMatchObject({ code: 0 });
    expect(run.stdout).toMatch(/^SMTP 127\.0\.0\.1:\d+: ok \(authentication: XOAUTH2\)$/m);
    expect(run.stdout).toMatch(/^POP3 127\.0\.0\.1:\d+: ok \(AUTH XOAUTH2, 2 messages\)$/m);
  });

  it('logs in to IMAP with an OAuth token', async () => {
    const b = await box();
    const run = await b.run(['check', await oauthExport(b, PLAIN, 'imap'), '--json']);
    expect(json(run), run.stdout).toMatchObject({
      ok: true,
      steps: [{ ok: true }, { step: 'imap', ok: true, messages: 2 }],
    });
  });

  it('a refused IMAP login is reported with its explanation and exit 6, the SMTP result still shown', async () => {
    const b = await box();
    // SMTP accepts this password (the test server knows it), Dovecot does not.
    const file = await standardExport(b, { protocol: 'imap', password: SMTP_PASSWORD });
    const bad = readJson(file) as { profiles: { auth: { username: string } }[] };
    bad.profiles[0]!.auth.username = SMTP_USER;
    writeFileSync(file, JSON.stringify(bad));
    const run = await b.run(['check', file]);
    expect(run.code).toBe(6);
    expect(run.stdout).toMatch(/^SMTP .*: ok/m);
    expect(run.stdout).toMatch(/^IMAP .*: FAILED/m);
    expect(run.stderr).toContain('The IMAP server at 127.0.0.1');
    expect(run.stderr).toContain('rejected the login');
  });
});

describe('mailprefs validate', () => {
  it('accepts a valid export and describes it', async () => {
    const b = await box();
    const run = await b.run(['validate', await oauthExport(b, SEALED, 'imap')], withKey);
    expect(run, run.stderr).toMatchObject({ code: 0 });
    expect(run.stdout).toContain('valid config (version 2, sealed to an age key');
    expect(run.stdout).toContain('OAuth mailbox: generic, SMTP 127.0.0.1:');
  });

  it('names the field of a schema error, refuses a newer version and an unknown field: exit 2', async () => {
    const b = await box();
    const file = await standardExport(b);
    const doc = readJson(file) as { version: number; profiles: Record<string, Record<string, unknown>>[] };
    const write = (change: (d: typeof doc) => void) => {
      const copy = structuredClone(doc);
      change(copy);
      const target = path.join(b.cwd, `changed-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(target, JSON.stringify(copy));
      return target;
    };
    const port = await b.run(['validate', write((d) => (d.profiles[0]!['outgoing']!['port'] = 70000)), '--json']);
    expect(json(port)).toMatchObject({ ok: false, exitCode: 2 });
    expect(JSON.stringify(json(port)['error'])).toContain('profiles[0].outgoing.port');
    const newer = await b.run(['validate', write((d) => (d.version = 999))]);
    expect(newer.code).toBe(2);
    expect(newer.stderr).toContain('newer Mail Preferences (format version 999');
    const unknown = await b.run(['validate', write((d) => (d.profiles[0]!['outgoing']!['colour'] = 'red'))]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('profiles[0].outgoing.colour');
    const notJson = path.join(b.cwd, 'broken.json');
    writeFileSync(notJson, '{"version": 1,');
    expect((await b.run(['validate', notJson])).stderr).toContain('not valid JSON');
  });

  it('an export without its secrets is not ready for the server: exit 2 naming the secret', async () => {
    const b = await box();
    const run = await b.run(['validate', await oauthExport(b, { mode: 'omit' }), '--json']);
    expect(json(run)).toMatchObject({ ok: false, exitCode: 2 });
    expect(JSON.stringify(json(run)['error'])).toContain('profiles[0].secrets.refreshToken');
    // And the other commands refuse it with the same exit code rather than trying the server.
    const token = await b.run(['token', await oauthExport(b, { mode: 'omit' })]);
    expect(token.code).toBe(2);
    expect(token.stderr).toContain('secrets.refreshToken');
  });
});

describe('--help and profiles', () => {
  it('every command has --help (exit 0); no command is exit 1', async () => {
    const b = await box();
    for (const command of ['token', 'send', 'check', 'validate']) {
      const run = await b.run([command, '--help']);
      expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining(`Usage: mailprefs ${command} FILE`) });
    }
    const main = await b.run(['--help']);
    expect(main.stdout).toContain('Exit codes:');
    expect((await b.run([])).code).toBe(1);
    expect((await b.run(['frobnicate'])).code).toBe(1);
  });

  it('several profiles need --profile (exit 1); a name matches without regard to case; an unknown one is exit 2', async () => {
    const b = await box();
    const dir = path.join(b.cwd, 'two');
    mkdirSync(dir);
    const file = await exportWithApp(
      dir,
      [
        {
          profile: (id) => standardProfile(id, smtp.port, { name: 'Relay', username: IMAP_USER }),
          secrets: { password: IMAP_PASSWORD },
        },
        { profile: (id) => standardProfile(id, smtp.port, { name: 'Backup' }), secrets: { password: SMTP_PASSWORD } },
      ],
      PLAIN,
    );
    const none = await b.run(['send', file, '--to', 'ops@example.test']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('--profile NAME');
    const chosen = await b.run(['send', file, '--to', 'ops@example.test', '--profile', 'backup']);
    expect(chosen, chosen.stderr).toMatchObject({ code: 0 });
    expect(smtp.messages.at(-1)!.user).toBe(SMTP_USER);
    expect((await b.run(['check', file, '--profile', 'nope'])).code).toBe(2);
  });
});
