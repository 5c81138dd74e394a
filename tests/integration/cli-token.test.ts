// `mailprefs token`, the built single file run with plain Node, against a real oidc-provider that
// rotates refresh tokens: sealed and plain exports, the state directory, the lock, rotation,
// superseding exports, revoked and expired grants, and wrong keys.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SecretsChoice } from '../../src-shared/config-file';
import { ageKeypair } from '../support/age-cli';
import { CLIENT_SECRET, startAuthServer, type TestAuthServer } from '../support/auth-server';
import { exportWithApp, json, OAUTH_SECRETS, PLAIN_NODE, sandbox, type Sandbox } from '../support/cli';
import { TEST_MAILBOX } from '../support/consent';
import { oauthProfile } from '../support/oauth-profiles';
import { filesUnder, findSecrets } from '../support/secret-scan';

const SCOPE = 'openid email offline_access smtp';
const PASSPHRASE = 'Correct-Horse-9-Battery-staple';
let auth: TestAuthServer;
let boxes: Sandbox[] = [];
const key = ageKeypair();

beforeAll(async () => {
  auth = await startAuthServer('generic', { rotateRefreshToken: true });
});
afterAll(async () => auth?.close());
afterEach(() => {
  boxes.forEach((b) => b.cleanup());
  boxes = [];
});

async function box(): Promise<Sandbox> {
  const b = await sandbox();
  boxes.push(b);
  return b;
}

/** A generic OAuth profile exported by the app, holding a real refresh token of `server`. */
async function exported(b: Sandbox, choice: SecretsChoice, server = auth, refreshToken?: string) {
  const token = refreshToken ?? (await server.mintRefreshToken(TEST_MAILBOX, SCOPE));
  const dir = path.join(b.cwd, `export-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  const file = await exportWithApp(
    dir,
    [
      {
        profile: (id) => ({ ...oauthProfile(server, id, 2525, { email: TEST_MAILBOX }), name: 'Server account' }),
        secrets: OAUTH_SECRETS(token),
      },
    ],
    choice,
  );
  return { file, refreshToken: token };
}

const SEALED: SecretsChoice = { mode: 'recipient', recipient: key.recipient };
const withKey = { AGE_IDENTITY_FILE: key.keyFile };

/** `mailprefs token FILE` on a terminal (script(1)): types `keys` at the passphrase prompt. */
function answerPassphrasePrompt(
  b: Sandbox,
  file: string,
  keys: string,
): Promise<{ code: number | null; screen: string }> {
  const command = `HOME='${b.home}' MAILPREFS_ALLOW_LOOPBACK_HTTP=1 '${PLAIN_NODE}' '${b.cli}' token '${file}'`;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { stdio: 'pipe' });
    let screen = '';
    let sent = false;
    const timer = setTimeout(() => (child.kill(), reject(new Error(`no prompt: ${screen}`))), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      screen += d.toString();
      if (!sent && /Passphrase for the config file/.test(screen)) {
        sent = true;
        child.stdin.write(keys);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}

function stateFiles(dir: string) {
  return readdirSync(dir).filter((f) => f.endsWith('.json'));
}

describe('mailprefs token', () => {
  it('prints a valid token from an age-sealed export, keeps state 0600 in a 0700 dir, and reuses it', async () => {
    const b = await box();
    const { file, refreshToken } = await exported(b, SEALED);
    const before = auth.refreshRequests();
    const first = await b.run(['token', file], withKey);
    expect(first, first.stderr).toMatchObject({ code: 0, stderr: '' });
    const token = first.stdout.trim();
    expect(first.stdout).toBe(`${token}\n`);
    expect(await auth.introspect(token)).toMatchObject({ active: true, email: TEST_MAILBOX });
    expect(auth.refreshRequests()).toBe(before + 1);

    // The state: owner-only, one file, no lock or temp file left, the rotated refresh token kept.
    expect(statSync(b.stateDir).mode & 0o777).toBe(0o700);
    expect(readdirSync(b.stateDir)).toHaveLength(1);
    const [stateFile] = stateFiles(b.stateDir);
    const full = path.join(b.stateDir, stateFile!);
    expect(statSync(full).mode & 0o777).toBe(0o600);
    const state = JSON.parse(readFileSync(full, 'utf8'));
    expect(state).toMatchObject({ format: 'mailprefs-token-state', accessToken: token, profile: 'Server account' });
    expect(state.refreshToken).toEqual(expect.any(String));
    expect(state.refreshToken).not.toBe(refreshToken); // the server rotated it

    // Still valid for far more than 5 minutes: printed from the state, no second refresh.
    const second = await b.run(['token', file, '--json'], withKey);
    expect(json(second)).toMatchObject({ ok: true, exitCode: 0, accessToken: token, refreshed: false });
    expect(auth.refreshRequests()).toBe(before + 1);
  });

  it('runs with plain Node from a directory without node_modules', async () => {
    const b = await box();
    expect(readdirSync(path.dirname(b.cli))).toEqual(['mailprefs.mjs']);
    const version = await b.run(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    // Debian's Node 20 where present: the oldest Node the bundle promises to run on.
    expect(PLAIN_NODE).toBeTruthy();
  });

  it('uses each rotated refresh token next time (a reused one would revoke the grant)', async () => {
    const shortLived = await startAuthServer('generic', { rotateRefreshToken: true, accessTokenTtl: 2 });
    try {
      const b = await box();
      const { file } = await exported(b, SEALED, shortLived);
      const tokens: string[] = [];
      for (let i = 0; i < 3; i++) {
        // Every access token lives 2 s: a cron run after it lapsed refreshes...
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, 2100));
        const run = await b.run(['token', file, '--json'], withKey);
        expect(json(run), run.stdout).toMatchObject({ ok: true, refreshed: true });
        tokens.push(String(json(run)['accessToken']));
      }
      expect(new Set(tokens).size).toBe(3);
      expect(shortLived.refreshRequests()).toBe(3);
      // ...and one in the first half of its life uses it: no refresh spent on a fresh token.
      const soon = await b.run(['token', file, '--json'], withKey);
      expect(json(soon), soon.stdout).toMatchObject({ ok: true, refreshed: false, accessToken: tokens[2] });
      expect(shortLived.refreshRequests()).toBe(3);
      expect(await shortLived.introspect(tokens[2]!)).toMatchObject({ active: true });
    } finally {
      await shortLived.close();
    }
  });

  it('refreshes once for concurrent calls (the lock), and all print the same token', async () => {
    const b = await box();
    const { file } = await exported(b, SEALED);
    const before = auth.refreshRequests();
    const runs = await Promise.all([1, 2, 3].map(() => b.run(['token', file], withKey)));
    for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(new Set(runs.map((r) => r.stdout)).size).toBe(1);
    expect(auth.refreshRequests()).toBe(before + 1);
    expect(await auth.introspect(runs[0]!.stdout.trim())).toMatchObject({ active: true });
    expect(readdirSync(b.stateDir).filter((f) => f.includes('.lock'))).toEqual([]);
  });

  it('breaks a stale lock left by a process that died', async () => {
    const b = await box();
    // The lock's name comes from the profile, not the grant: learn it from another export's state.
    const probe = await exported(b, SEALED);
    await b.run(['token', probe.file, '--state', path.join(b.home, 'probe')], withKey);
    const { file } = await exported(b, SEALED);
    const base = stateFiles(path.join(b.home, 'probe'))[0]!.replace(/-[0-9a-f]{12}\.json$/, '');
    const dead = spawn(PLAIN_NODE, ['-e', '0']);
    await new Promise((r) => dead.once('exit', r));
    mkdirSync(b.stateDir, { recursive: true, mode: 0o700 });
    writeFileSync(
      path.join(b.stateDir, `${base}.lock`),
      JSON.stringify({ pid: dead.pid, host: (await import('node:os')).hostname(), nonce: 'x', createdAt: Date.now() }),
    );
    const run = await b.run(['token', file], withKey);
    expect(run, run.stderr).toMatchObject({ code: 0 });
    expect(readdirSync(b.stateDir).filter((f) => f.includes('.lock'))).toEqual([]);
  });

  it('a new export (new grant) supersedes the state of the old one', async () => {
    const b = await box();
    const old = await exported(b, SEALED);
    expect((await b.run(['token', old.file], withKey)).code).toBe(0);
    const oldState = readFileSync(path.join(b.stateDir, stateFiles(b.stateDir)[0]!), 'utf8');
    // The admin authorizes again and exports; the old grant is revoked at the provider.
    await auth.revoke(JSON.parse(oldState).refreshToken);
    const renewed = await exported(b, SEALED);
    const before = auth.refreshRequests();
    const run = await b.run(['token', renewed.file, '--json'], withKey);
    expect(json(run), run.stdout).toMatchObject({ ok: true, refreshed: true });
    expect(auth.refreshRequests()).toBe(before + 1);
    // The new grant's own file; the old one's is left as it was (an old export run again finds its own).
    const grants = stateFiles(b.stateDir).map((f) => JSON.parse(readFileSync(path.join(b.stateDir, f), 'utf8')).grant);
    expect(grants).toHaveLength(2);
    expect(grants).toContain(JSON.parse(oldState).grant);
  });

  it('a revoked grant: exit 3 with what to do, then fails fast without asking the provider again', async () => {
    const b = await box();
    const { file, refreshToken } = await exported(b, SEALED);
    await auth.revoke(refreshToken);
    const run = await b.run(['token', file], withKey);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('no longer accepts the stored authorization');
    expect(run.stderr).toContain('What to do: Authorize again');
    // The first refusal already says the server's part: the app's new grant comes in a new export.
    expect(run.stderr).toContain('export the profile again and install the new file on this server');
    const before = auth.refreshRequests();
    const again = await b.run(['token', file, '--json'], withKey);
    expect(json(again)).toMatchObject({ ok: false, exitCode: 3, error: { code: 'oauth_reauthorize' } });
    expect(auth.refreshRequests()).toBe(before);
  });

  it('an expired refresh token: exit 3', async () => {
    const expiring = await startAuthServer('generic', { refreshTokenTtl: 1 });
    try {
      const b = await box();
      const { file } = await exported(b, SEALED, expiring);
      await new Promise((r) => setTimeout(r, 2100));
      const run = await b.run(['token', file, '--json'], withKey);
      expect(json(run)).toMatchObject({ ok: false, exitCode: 3, error: { code: 'oauth_reauthorize' } });
    } finally {
      await expiring.close();
    }
  });

  it('opens passphrase-sealed exports from MAILPREFS_PASSPHRASE; a wrong one is exit 5', async () => {
    const b = await box();
    const { file } = await exported(b, { mode: 'passphrase', passphrase: PASSPHRASE });
    const ok = await b.run(['token', file], { MAILPREFS_PASSPHRASE: PASSPHRASE });
    expect(ok, ok.stderr).toMatchObject({ code: 0 });
    expect(await auth.introspect(ok.stdout.trim())).toMatchObject({ active: true });
    const wrong = await b.run(['token', file], { MAILPREFS_PASSPHRASE: 'Not-the-passphrase-42' });
    expect(wrong).toMatchObject({ code: 5, stdout: '' });
    expect(wrong.stderr).toContain('could not be decrypted with that passphrase');
    // No variable and no terminal: says how to give it, rather than hanging.
    const none = await b.run(['token', file]);
    expect(none.code).toBe(5);
    expect(none.stderr).toContain('MAILPREFS_PASSPHRASE');
  });

  it('a sealed file cut short (its END line lost in a copy) is a config error that says so (exit 2), not a bug', async () => {
    const b = await box();
    const { file } = await exported(b, { mode: 'passphrase', passphrase: PASSPHRASE });
    const armored = readFileSync(file, 'utf8');
    expect(armored).toContain('-----END AGE ENCRYPTED FILE-----');
    writeFileSync(file, armored.replace(/-----END AGE ENCRYPTED FILE-----\s*$/, ''));
    const cut = await b.run(['token', file, '--json'], { MAILPREFS_PASSPHRASE: PASSPHRASE });
    expect(cut).toMatchObject({ code: 2, stdout: expect.any(String) });
    expect(json(cut)).toMatchObject({
      ok: false,
      exitCode: 2,
      error: {
        message: expect.stringMatching(/sealed file is damaged or incomplete/),
        hint: /exactly as it was exported/,
      },
    });
  });

  it('asks for the passphrase on the terminal without echoing it', async () => {
    const b = await box();
    const { file } = await exported(b, { mode: 'passphrase', passphrase: PASSPHRASE });
    const { code, screen } = await answerPassphrasePrompt(b, file, `${PASSPHRASE}\r`);
    expect(code, screen).toBe(0);
    expect(screen).not.toContain(PASSPHRASE);
    const token = screen
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .at(-1)!;
    expect(await auth.introspect(token)).toMatchObject({ active: true });
  });

  it('Ctrl-C at the passphrase prompt is an interruption (exit 130), not a usage error', async () => {
    const b = await box();
    const { file } = await exported(b, { mode: 'passphrase', passphrase: PASSPHRASE });
    const { code, screen } = await answerPassphrasePrompt(b, file, 'half-typed\u0003');
    expect(code, screen).toBe(130);
    expect(screen).toContain('Cancelled at the passphrase prompt');
    expect(screen).not.toContain('half-typed');
  });

  it('a config file that is not there is named in the message (exit 2)', async () => {
    const b = await box();
    const missing = path.join(b.cwd, 'no-such-export.json');
    const run = await b.run(['token', missing]);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toContain(`The file ${missing} could not be opened (ENOENT).`);
  });

  it('a wrong age key, a missing key file variable, and an unreadable key file are exit 5', async () => {
    const b = await box();
    const { file } = await exported(b, SEALED);
    const other = ageKeypair();
    const wrong = await b.run(['token', file], { AGE_IDENTITY_FILE: other.keyFile });
    expect(wrong.code).toBe(5);
    expect(wrong.stderr).toContain('could not be decrypted with that key');
    const unset = await b.run(['token', file, '--json']);
    expect(json(unset)).toMatchObject({ ok: false, exitCode: 5 });
    expect(String((json(unset)['error'] as { message: string }).message)).toContain('AGE_IDENTITY_FILE');
    const missing = await b.run(['token', file], { AGE_IDENTITY_FILE: path.join(b.home, 'nope.txt') });
    expect(missing.code).toBe(5);
    expect(auth.refreshRequests()).toBeGreaterThan(0);
  });

  it('works with a plaintext export, and refuses a state file others can read (exit 7)', async () => {
    const b = await box();
    const { file } = await exported(b, { mode: 'plaintext', confirmed: true });
    const state = path.join(b.home, 'custom-state');
    mkdirSync(state, { mode: 0o755 });
    chmodSync(state, 0o755);
    const ok = await b.run(['token', file, '--state', state]);
    expect(ok, ok.stderr).toMatchObject({ code: 0 });
    expect(statSync(state).mode & 0o777).toBe(0o700); // tightened
    const stateFile = path.join(state, stateFiles(state)[0]!);
    chmodSync(stateFile, 0o644);
    const refused = await b.run(['token', file, '--state', state]);
    expect(refused.code).toBe(7);
    expect(refused.stderr).toContain('can be read by other users');
  });

  it("an older export of the same profile, run after the new one, leaves the new one's state alone", async () => {
    const b = await box();
    const older = await exported(b, SEALED);
    const newer = await exported(b, SEALED);
    const first = await b.run(['token', newer.file], withKey);
    expect(first, first.stderr).toMatchObject({ code: 0 });
    const [newState] = stateFiles(b.stateDir);
    const newStateText = readFileSync(path.join(b.stateDir, newState!), 'utf8');
    // A forgotten cron job with the old file: it keeps its own state, in its own file.
    const old = await b.run(['token', older.file], withKey);
    expect(old, old.stderr).toMatchObject({ code: 0 });
    expect(stateFiles(b.stateDir)).toHaveLength(2);
    expect(readFileSync(path.join(b.stateDir, newState!), 'utf8')).toBe(newStateText);
    const again = await b.run(['token', newer.file], withKey);
    expect(again).toMatchObject({ code: 0, stdout: first.stdout });
    expect(await auth.introspect(again.stdout.trim())).toMatchObject({ active: true });
  });

  it('keeps using the state an earlier version kept per profile (its rotated token is the live one)', async () => {
    const b = await box();
    const { file } = await exported(b, SEALED);
    expect(await b.run(['token', file], withKey)).toMatchObject({ code: 0 });
    const [perGrant] = stateFiles(b.stateDir);
    // The name an earlier version gave it: no grant suffix. Its access token has run out.
    const legacy = perGrant!.replace(/-[0-9a-f]{12}\.json$/, '.json');
    expect(legacy).not.toBe(perGrant);
    const state = JSON.parse(readFileSync(path.join(b.stateDir, perGrant!), 'utf8'));
    writeFileSync(
      path.join(b.stateDir, legacy),
      JSON.stringify({ ...state, expiresAt: new Date(Date.now() - 60_000).toISOString() }),
      { mode: 0o600 },
    );
    rmSync(path.join(b.stateDir, perGrant!));
    // The exported refresh token is spent: using it would be reuse, and the provider would revoke.
    const run = await b.run(['token', file], withKey);
    expect(run, run.stderr).toMatchObject({ code: 0 });
    expect(await auth.introspect(run.stdout.trim())).toMatchObject({ active: true });
    expect(stateFiles(b.stateDir)).toEqual([perGrant]); // written anew per grant, the old one retired
  });

  it('leaves no plaintext secret anywhere but the state directory', async () => {
    const b = await box();
    const { file, refreshToken } = await exported(b, SEALED);
    const runs = [await b.run(['token', file], withKey), await b.run(['token', file, '--json'], withKey)];
    const statePath = path.join(b.stateDir, stateFiles(b.stateDir)[0]!);
    const state = JSON.parse(readFileSync(statePath, 'utf8'));
    const secrets = [refreshToken, state.refreshToken, state.accessToken, CLIENT_SECRET];
    // The sealed export, HOME (but the state dir), the working directory and TMPDIR hold none.
    const hits = [b.home, b.cwd, b.tmp]
      .flatMap((dir) => findSecrets(dir, secrets))
      .filter((hit) => !hit.file.startsWith(b.stateDir + path.sep));
    expect(hits).toEqual([]);
    expect(filesUnder(b.stateDir)).toEqual([statePath]);
    // The output is the access token only (and --json the token); never a refresh token or secret.
    for (const run of runs) {
      expect(run.stdout + run.stderr).not.toContain(state.refreshToken);
      expect(run.stdout + run.stderr).not.toContain(CLIENT_SECRET);
    }
  });
});
