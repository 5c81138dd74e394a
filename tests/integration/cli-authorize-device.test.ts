// `mailprefs authorize --device`: the grant is born on the server. A profile exported before
// anyone authorized it (sealed, no refresh token) is signed in on the server with a code that a
// separate Chromium context ("the admin's phone") enters at oidc-provider's device page; the
// tokens go to the state directory, and `mailprefs token` and `send` then work from them. Refused,
// expired, interrupted, the wrong account, Google and app-only each end clearly, saving nothing.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SecretsChoice } from '../../src-shared/config-file';
import { ageKeypair } from '../support/age-cli';
import {
  APP_CLIENT_SECRET,
  CLIENT_SECRET,
  startAuthServer,
  type AuthServerOptions,
  type TestAuthServer,
} from '../support/auth-server';
import { exportWithApp, json, sandbox, spawnCli, type Sandbox } from '../support/cli';
import { TEST_MAILBOX } from '../support/consent';
import { otherDeviceRig } from '../support/other-device';
import { APP_MAILBOX, appOnlyProfile, introspectingXoauth2, oauthProfile } from '../support/oauth-profiles';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server';

const key = ageKeypair();
const SEALED: SecretsChoice = { mode: 'recipient', recipient: key.recipient };
const withKey = { AGE_IDENTITY_FILE: key.keyFile };

const { cleanups, signIn: otherDevice } = otherDeviceRig();

interface Rig {
  auth: TestAuthServer;
  smtp: TestSmtpServer;
  box: Sandbox;
  file: string;
}

/** A profile of `kind`, saved in the app and exported sealed before anyone authorized it. */
async function rig(kind: 'generic' | 'microsoft' | 'google', options: AuthServerOptions = {}): Promise<Rig> {
  // Microsoft: a public client ("Allow public client flows"), as device sign-in needs.
  const auth = await startAuthServer(kind, kind === 'microsoft' ? { clientAuthMethod: 'none', ...options } : options);
  cleanups.push(() => auth.close());
  const smtp = await startSmtpServer({ onXoauth2: introspectingXoauth2(auth) });
  cleanups.push(() => smtp.close());
  const box = await sandbox();
  cleanups.push(() => box.cleanup());
  const dir = path.join(box.cwd, 'export');
  mkdirSync(dir);
  const file = await exportWithApp(
    dir,
    [
      {
        profile: (id) => ({ ...oauthProfile(auth, id, smtp.port, { email: TEST_MAILBOX }), name: 'Server account' }),
        secrets: kind === 'microsoft' ? {} : { clientSecret: CLIENT_SECRET },
      },
    ],
    SEALED,
    auth.endpoints,
  );
  return { auth, smtp, box, file };
}

function deviceCodeLine(run: ReturnType<typeof spawnCli>) {
  return run
    .line((l) => l.includes('"event":"device_code"'))
    .then((l) => JSON.parse(l) as { userCode: string; verificationUri: string; expiresAt: string });
}

function stateFiles(b: Sandbox): string[] {
  return existsSync(b.stateDir) ? readdirSync(b.stateDir).filter((f) => f.endsWith('.json')) : [];
}

describe.each(['generic', 'microsoft'] as const)('%s: mailprefs authorize --device', (kind) => {
  it('signs in with a code on another device; token and send then work from the state directory', async () => {
    const r = await rig(kind);
    // Before: the file is valid and says how its grant comes; a token cannot be had yet.
    const validated = await r.box.run(['validate', r.file, '--json'], withKey);
    expect(json(validated)).toMatchObject({ ok: true, profiles: [{ signInOnServer: true }] });
    const early = await r.box.run(['token', r.file], withKey);
    expect(early.code).toBe(3);
    expect(early.stderr).toMatch(/no refresh token yet/);
    expect(early.stderr).toContain('mailprefs authorize --device FILE');

    const run = spawnCli(r.box, ['authorize', '--device', r.file, '--json'], withKey);
    const code = await deviceCodeLine(run);
    expect(code.userCode).toMatch(/^[A-Z0-9 -]{4,32}$/i);
    expect(code.verificationUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.*device/);
    expect(Date.parse(code.expiresAt)).toBeGreaterThan(Date.now());
    expect(await otherDevice(code)).toMatch(/Sign-in Success/i);
    const done = await run.done;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).toBe('');
    const result = JSON.parse(done.stdout.trim().split('\n').at(-1)!);
    expect(result).toMatchObject({ ok: true, event: 'authorized', account: TEST_MAILBOX, refreshToken: true });

    // The grant lives in the state directory only: owner-only, with a refresh token.
    const [stateFile] = stateFiles(r.box);
    const full = path.join(r.box.stateDir, stateFile!);
    expect(result.stateFile).toBe(full);
    expect(statSync(full).mode & 0o777).toBe(0o600);
    const state = JSON.parse(readFileSync(full, 'utf8'));
    expect(state.refreshToken).toEqual(expect.any(String));
    // No output carries a token; the sealed file still holds no refresh token.
    expect(done.stdout).not.toContain(state.refreshToken);
    expect(done.stdout).not.toContain(state.accessToken);

    const token = await r.box.run(['token', r.file, '--json'], withKey);
    expect(json(token)).toMatchObject({ ok: true, accessToken: state.accessToken, refreshed: false });
    expect(await r.auth.introspect(state.accessToken)).toMatchObject({ active: true, email: TEST_MAILBOX });
    const sent = await r.box.run(['send', r.file, '--to', 'ops@example.test', '--json'], withKey);
    expect(json(sent)).toMatchObject({ ok: true });
    expect(r.smtp.messages.map((m) => m.user)).toEqual([TEST_MAILBOX]);
  }, 90_000);
});

describe('a server sign-in that does not complete saves nothing', () => {
  it('refused at the consent: exit 3, explained on stderr after the code was shown there', async () => {
    const r = await rig('generic');
    const run = spawnCli(r.box, ['authorize', '--device', r.file], withKey);
    const prompt = await run.stderrShows('and enter the code:');
    const verificationUri = /^\s+(http\S+)$/m.exec(prompt)![1]!;
    const userCode = /enter the code:\s+(\S[^\n]*)$/m.exec(prompt)![1]!.trim();
    expect(prompt).toMatch(/Sign in with the profile's mailbox\. The code works until \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    await otherDevice({ verificationUri, userCode }, { deny: true });
    const done = await run.done;
    expect(done.code).toBe(3);
    expect(done.stderr).toMatch(/refused at the verification page/);
    expect(stateFiles(r.box)).toEqual([]);
  }, 60_000);

  it('the wrong account signs in: exit 3, names both, keeps no token', async () => {
    const r = await rig('microsoft');
    const run = spawnCli(r.box, ['authorize', '--device', r.file, '--json'], withKey);
    await otherDevice(await deviceCodeLine(run), { login: 'someone.else@example.test' });
    const done = await run.done;
    expect(done.code).toBe(3);
    const error = JSON.parse(done.stdout.trim().split('\n').at(-1)!).error;
    expect(error.message).toContain('Signed in as someone.else@example.test');
    expect(error.message).toContain(`sends as ${TEST_MAILBOX}`);
    expect(stateFiles(r.box)).toEqual([]);
  }, 60_000);

  it('the code expires: exit 4, and the hint is the command to run again', async () => {
    const r = await rig('generic', { deviceCodeTtl: 2 });
    const done = await spawnCli(r.box, ['authorize', '--device', r.file], withKey).done;
    expect(done.code).toBe(4);
    expect(done.stderr).toMatch(/The code expired before anyone signed in/);
    expect(done.stderr).toContain('Run "mailprefs authorize --device" again');
    expect(stateFiles(r.box)).toEqual([]);
  }, 60_000);

  it('Ctrl-C while it waits: exit 130, interrupted, nothing saved', async () => {
    const r = await rig('generic');
    const run = spawnCli(r.box, ['authorize', '--device', r.file], withKey);
    await run.stderrShows('Waiting');
    run.child.kill('SIGINT');
    const done = await run.done;
    expect(done.code).toBe(130);
    expect(done.stderr).toMatch(/The sign-in was interrupted: nothing was saved/);
    expect(stateFiles(r.box)).toEqual([]);
  }, 30_000);

  it('Google, a missing --device, an app with no sign-in: refused up front, each saying why', async () => {
    const google = await rig('google');
    const refused = await google.box.run(['authorize', '--device', google.file], withKey);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/does not allow the Gmail scope/);
    const bare = await google.box.run(['authorize', google.file], withKey);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain('add --device');

    const dir = path.join(google.box.cwd, 'app-only');
    mkdirSync(dir);
    const appOnly = await exportWithApp(
      dir,
      [
        {
          profile: (id) => appOnlyProfile(id, google.smtp.port, APP_MAILBOX),
          secrets: { clientSecret: APP_CLIENT_SECRET },
        },
      ],
      SEALED,
      google.auth.endpoints,
    );
    const nothing = await google.box.run(['authorize', '--device', appOnly], withKey);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/uses the app's own credential \(no sign-in\): there is nothing to authorize/);
    // validate knows an app-only file needs no refresh token.
    expect(json(await google.box.run(['validate', appOnly, '--json'], withKey))).toMatchObject({ ok: true });
    expect(stateFiles(google.box)).toEqual([]);
  }, 60_000);
});
