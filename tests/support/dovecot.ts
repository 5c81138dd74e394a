// Debian's Dovecot 2.3 as the IMAP/POP3 test server, with a private configuration in a temp
// directory (never /etc/dovecot): passdb oauth2 introspecting at the test authorization server,
// plus a passwd-file user; STARTTLS with a self-signed certificate; two messages in each inbox.
import type { Profile } from '../../src-shared/profile';
import { spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MailboxPermissions } from './mailbox-permissions';
import { portIsOpen } from './ports';
import { selfSignedCertificate } from './tls';

export const DOVECOT_BIN = process.env['DOVECOT_BIN'] ?? '/usr/sbin/dovecot';
export const IMAP_USER = 'imapuser@example.test';
export const IMAP_PASSWORD = 'Imap-Passw0rd-for-tests';

export interface TestDovecot {
  imapPort: number;
  pop3Port: number;
  /**
   * Exchange's mailbox permission for an app registered during the test (a certificate client):
   * read by the checkpassword program at each login, so it holds from the next one.
   */
  grantAppPermission(clientId: string, mailboxes: string[]): void;
  log(): string;
  close(): Promise<void>;
}

/** A profile's incoming settings pointing at the test Dovecot (its certificate is self-signed). */
export function dovecotIncoming(
  dovecot: TestDovecot,
  protocol: 'imap' | 'pop3',
  security: 'starttls' | 'tls' | 'none' = 'starttls',
): NonNullable<Profile['incoming']> {
  return {
    protocol,
    host: '127.0.0.1',
    port: protocol === 'imap' ? dovecot.imapPort : dovecot.pop3Port,
    security,
    validateCertificate: false,
    folder: 'INBOX',
    fetchIntervalMinutes: 5,
  };
}

export function assertDovecot(): void {
  if (!existsSync(DOVECOT_BIN)) {
    throw new Error(
      `Dovecot was not found at ${DOVECOT_BIN}. Install it with "sudo apt-get install dovecot-imapd dovecot-pop3d" ` +
        '(npm test does this when run as root), or set DOVECOT_BIN.',
    );
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function uid(name: string): number {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  return Number(line?.split(':')[2] ?? -1);
}

function gid(name: string): number {
  const line = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  return Number(line?.split(':')[2] ?? -1);
}

const MESSAGE = (n: number) =>
  `From: sender@example.test\r\nTo: inbox@example.test\r\nSubject: Test message ${n}\r\nMessage-ID: <m${n}@example.test>\r\n\r\nBody ${n}\r\n`;

export async function startDovecot(options: {
  issuer: string;
  rsId: string;
  rsSecret: string;
  mailboxes: string[];
  /**
   * Exchange's mailbox permission for app-only tokens (client id → mailboxes): checked by a
   * checkpassword passdb after the oauth2 one, which declines app-only tokens (their introspection
   * names no mailbox: email "") and goes on deciding delegated ones.
   */
  appOnlyPermissions?: MailboxPermissions;
}): Promise<TestDovecot> {
  assertDovecot();
  const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-dovecot-'));
  chmodSync(dir, 0o755);
  for (const sub of ['run', 'state', 'mail', 'home']) mkdirSync(path.join(dir, sub));
  const root = process.getuid?.() === 0;
  const me = userInfo().username;
  const mailUid = root ? 'nobody' : me;
  const mailGid = root ? 'nogroup' : String(process.getgid?.());
  const cert = selfSignedCertificate();
  writeFileSync(path.join(dir, 'cert.pem'), cert.cert);
  writeFileSync(path.join(dir, 'key.pem'), cert.key, { mode: 0o600 });

  // Two messages in every inbox, owned by the mail user.
  for (const mailbox of [IMAP_USER, ...options.mailboxes]) {
    const maildir = path.join(dir, 'mail', mailbox.toLowerCase());
    for (const sub of ['new', 'cur', 'tmp']) mkdirSync(path.join(maildir, sub), { recursive: true });
    for (const n of [1, 2]) writeFileSync(path.join(maildir, 'new', `${Date.now()}.${n}.test`), MESSAGE(n));
  }
  if (root) {
    const walk = (p: string) => {
      chownSync(p, uid('nobody'), gid('nogroup'));
      if (statSync(p).isDirectory()) for (const child of readdirSync(p)) walk(path.join(p, child));
    };
    walk(path.join(dir, 'mail'));
    walk(path.join(dir, 'home'));
  }

  const introspection =
    options.issuer.replace('://', `://${options.rsId}:${options.rsSecret}@`) + '/token/introspection';
  writeFileSync(
    path.join(dir, 'oauth2.conf.ext'),
    [
      'introspection_mode = post',
      `introspection_url = ${introspection}`,
      'force_introspection = yes',
      'username_attribute = email',
      'active_attribute = active',
      'active_value = true',
      `issuers = ${options.issuer}`,
      'timeout_msecs = 5000',
    ].join('\n') + '\n',
    { mode: 0o644 },
  );
  const appOnlyPassdb = options.appOnlyPermissions ? writeAppOnlyCheck(dir, options) : '';
  writeFileSync(path.join(dir, 'users.passwd'), `${IMAP_USER}:{PLAIN}${IMAP_PASSWORD}\n`, { mode: 0o644 });

  const imapPort = await freePort();
  const pop3Port = await freePort();
  const conf = path.join(dir, 'dovecot.conf');
  writeFileSync(
    conf,
    `instance_name = mailprefs-test-${path.basename(dir)}
protocols = imap pop3
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
default_login_user = ${root ? 'dovenull' : me}
default_internal_user = ${root ? 'dovecot' : me}
first_valid_uid = 1
first_valid_gid = 1
ssl = yes
ssl_cert = <${dir}/cert.pem
ssl_key = <${dir}/key.pem
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = xoauth2 oauthbearer plain login
auth_username_format = %Lu
auth_failure_delay = 0
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = ${dir}/oauth2.conf.ext
}
${appOnlyPassdb}passdb {
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN username_format=%u ${dir}/users.passwd
}
userdb {
  driver = static
  args = uid=${mailUid} gid=${mailGid} home=${dir}/home/%u allow_all_users=yes
}
mail_location = maildir:${dir}/mail/%u
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = create
  }
}
pop3_uidl_format = %08Xu%08Xv
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${imapPort}
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = ${pop3Port}
  }
  inet_listener pop3s {
    port = 0
  }
}
`,
  );
  const child: ChildProcess = spawn(DOVECOT_BIN, ['-F', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const log = () =>
    output + (existsSync(path.join(dir, 'dovecot.log')) ? readFileSync(path.join(dir, 'dovecot.log'), 'utf8') : '');
  const deadline = Date.now() + 10_000;
  while (!((await portIsOpen(imapPort)) && (await portIsOpen(pop3Port)))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`Dovecot did not start:\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    imapPort,
    pop3Port,
    grantAppPermission: (clientId, mailboxes) => {
      if (!options.appOnlyPermissions) throw new Error('start Dovecot with appOnlyPermissions to grant more');
      options.appOnlyPermissions = { ...options.appOnlyPermissions, [clientId]: mailboxes };
      writeAppOnlyCheck(dir, options);
    },
    log,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The checkpassword program and its settings (dovecot-app-only-check.mjs), and its passdb block. */
function writeAppOnlyCheck(
  dir: string,
  options: { issuer: string; rsId: string; rsSecret: string; appOnlyPermissions?: MailboxPermissions },
): string {
  const config = path.join(dir, 'app-only.json');
  writeFileSync(
    config,
    JSON.stringify({
      introspectionUrl: `${options.issuer}/token/introspection`,
      rsId: options.rsId,
      rsSecret: options.rsSecret,
      permissions: options.appOnlyPermissions,
    }),
    { mode: 0o644 },
  );
  const program = fileURLToPath(new URL('./dovecot-app-only-check.mjs', import.meta.url));
  const wrapper = path.join(dir, 'app-only-check.sh');
  // Dovecot appends the reply program's path; the wrapper puts node, the script and its settings first.
  writeFileSync(wrapper, `#!/bin/sh\nexec '${process.execPath}' '${program}' '${config}' "$@"\n`, { mode: 0o755 });
  // Node reserves far more address space than Dovecot's default 256M limit allows its children.
  return `passdb {
  driver = checkpassword
  mechanisms = xoauth2 oauthbearer
  args = ${wrapper}
}
service auth {
  vsz_limit = 0
}
service auth-worker {
  vsz_limit = 0
}
`;
}
