// The recipes of docs/server-setup.md, run for real: msmtp (passwordeval + auth xoauth2) and curl
// (--oauth2-bearer) from the guide's own code blocks, and Debian's Python smtplib
// (docs/examples/smtplib_xoauth2.py), each sending through the test SMTP server with a token
// from the installed `mailprefs` command, the server's certificate verified against the test CA.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ageKeypair } from '../support/age-cli';
import { startAuthServer, type TestAuthServer } from '../support/auth-server';
import type { Sandbox } from '../support/cli';
import { TEST_MAILBOX } from '../support/consent';
import { introspectingXoauth2 } from '../support/oauth-profiles';
import { docRecipe, fill, recipeServer } from '../support/recipes';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server';
import { selfSignedCertificate } from '../support/tls';

const exec = promisify(execFile);
const PYTHON = '/usr/bin/python3'; // Debian's, as on a server (not a pyenv one on PATH)
let auth: TestAuthServer;
let smtp: TestSmtpServer;
let boxes: Sandbox[] = [];
const key = ageKeypair();

beforeAll(async () => {
  for (const tool of ['/usr/bin/msmtp', '/usr/bin/curl', PYTHON]) {
    if (!existsSync(tool)) throw new Error(`${tool} is missing: run scripts/install-system-deps.sh as root`);
  }
  auth = await startAuthServer('generic', { rotateRefreshToken: true });
  smtp = await startSmtpServer({ onXoauth2: introspectingXoauth2(auth) });
});
afterAll(async () => {
  await smtp?.close();
  await auth?.close();
});
afterEach(() => {
  boxes.forEach((b) => b.cleanup());
  boxes = [];
});

async function server() {
  const installed = await recipeServer(auth, smtp.port, key);
  boxes.push(installed.box);
  return { b: installed.box, config: installed.config, env: installed.env };
}

function arrived(rcpt: string) {
  const message = smtp.messages.find((m) => m.rcptTo.includes(rcpt));
  expect(message, `no message to ${rcpt}`).toBeDefined();
  // Only a valid XOAUTH2 token (checked by introspection) signs in as this mailbox.
  expect(message).toMatchObject({ user: TEST_MAILBOX, secure: true });
  return message!;
}

describe('server recipes', () => {
  it('msmtp: passwordeval "mailprefs token …" with auth xoauth2', async () => {
    const { b, config, env } = await server();
    const rc = path.join(b.home, '.msmtprc');
    const msmtprc = fill(docRecipe('msmtp (Debian package `msmtp`)', ''), {
      // The test server's certificate is self-signed: msmtp trusts it as it would a CA's.
      'tls_starttls on\n': `tls_starttls on\ntls_trust_file ${selfSignedCertificate().certPath}\n`,
      'host smtp.office365.com': 'host 127.0.0.1',
      'port 587': `port ${smtp.port}`,
      'helpdesk@example.com': TEST_MAILBOX,
      '/etc/myapp/mail.json.age': config,
    });
    writeFileSync(rc, msmtprc);
    chmodSync(rc, 0o600);
    const child = execFile('/usr/bin/msmtp', ['-C', rc, 'msmtp@example.test'], { env, cwd: b.cwd });
    child.stdin!.end(`From: ${TEST_MAILBOX}\nTo: msmtp@example.test\nSubject: via msmtp\n\nHello from msmtp.\n`);
    const [code, stderr] = await new Promise<[number | null, string]>((resolve) => {
      let err = '';
      child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      child.on('exit', (c) => resolve([c, err]));
    });
    expect(code, stderr).toBe(0);
    expect(arrived('msmtp@example.test').headers['subject']).toBe('via msmtp');
  });

  it('curl: --oauth2-bearer "$(mailprefs token …)"', async () => {
    const { b, config, env } = await server();
    const message = path.join(b.cwd, 'message.txt');
    writeFileSync(
      message,
      `From: ${TEST_MAILBOX}\r\nTo: curl@example.test\r\nSubject: via curl\r\n\r\nHello from curl.\r\n`,
    );
    const script = fill(docRecipe('curl', 'sh'), {
      '--ssl-reqd': `--ssl-reqd --cacert '${selfSignedCertificate().certPath}'`,
      'smtp.office365.com:587': `127.0.0.1:${smtp.port}`,
      'helpdesk@example.com': TEST_MAILBOX,
      'ops@example.com': 'curl@example.test',
      '/etc/myapp/mail.json.age': config,
      'message.txt': message,
    });
    await exec('/bin/sh', ['-c', script], { env, cwd: b.cwd });
    expect(arrived('curl@example.test').headers['subject']).toBe('via curl');
  });

  it('Python smtplib: docs/examples/smtplib_xoauth2.py with Debian’s python3', async () => {
    const { b, config, env } = await server();
    const { stdout } = await exec(
      PYTHON,
      [
        path.resolve('docs/examples/smtplib_xoauth2.py'),
        config,
        '127.0.0.1',
        String(smtp.port),
        TEST_MAILBOX,
        'py@example.test',
      ],
      { env: { ...env, SMTP_INSECURE: '1' }, cwd: b.cwd },
    );
    expect(stdout).toBe('sent\n');
    expect(arrived('py@example.test').headers['subject']).toBe('Sent with a mailprefs token');
  });
});
