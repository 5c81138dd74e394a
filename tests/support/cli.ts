// The server command as a server runs it: bundled by the real build (cli.vite.config.ts) into one
// file, run with plain Node (Debian's /usr/bin/node, Node 20, where present) from a directory
// with no node_modules, in a scratch HOME. Plus exports made by the app's real Export.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { ExportResult, SecretsChoice } from '../../src-shared/config-file';
import type { Profile, ProfileView } from '../../src-shared/profile';
import type { ProviderEndpoints } from '../../src-main/oauth/endpoints';
import { CLIENT_SECRET } from './auth-server';
import { createTestHost } from './main-host';
import { findSecrets } from './secret-scan';

/** Node without the repository's tooling: the server's Node, not the one running the tests. */
export const PLAIN_NODE = existsSync('/usr/bin/node') ? '/usr/bin/node' : process.execPath;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Sandbox {
  /** Scratch HOME, cwd and TMPDIR of every run. */
  home: string;
  cwd: string;
  tmp: string;
  /** Default state directory (under HOME). */
  stateDir: string;
  cli: string;
  run(args: string[], env?: Record<string, string>): Promise<CliRun>;
  cleanup(): void;
}

let bundle: Promise<string> | undefined;

/** Builds out/cli/mailprefs.mjs once per test file, into a temp directory (not the repo's out/). */
export function buildCli(): Promise<string> {
  bundle ??= (async () => {
    const { build } = await import('vite');
    const outDir = mkdtempSync(path.join(tmpdir(), 'mailprefs-cli-'));
    await build({ configFile: path.resolve('cli.vite.config.ts'), logLevel: 'error', build: { outDir } });
    const file = path.join(outDir, 'mailprefs.mjs');
    if (!existsSync(file)) throw new Error('the CLI build wrote no mailprefs.mjs');
    return file;
  })();
  return bundle;
}

export async function sandbox(): Promise<Sandbox> {
  const cli = await buildCli();
  const root = mkdtempSync(path.join(tmpdir(), 'mailprefs-server-'));
  const [home, cwd, tmp] = ['home', 'work', 'tmp'].map((d) => path.join(root, d));
  for (const d of [home!, cwd!, tmp!]) mkdirSync(d, { recursive: true });
  return {
    home: home!,
    cwd: cwd!,
    tmp: tmp!,
    stateDir: path.join(home!, '.local', 'state', 'mailprefs'),
    cli,
    run: (args, env = {}) => runCli(cli, args, { HOME: home!, TMPDIR: tmp!, ...env }, cwd!),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export function runCli(cli: string, args: string[], env: Record<string, string>, cwd: string): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      PLAIN_NODE,
      [cli, ...args],
      {
        cwd,
        // Only what a service would have: no NODE_OPTIONS, no tsx, no node_modules on the path.
        env: { PATH: '/usr/bin:/bin', MAILPREFS_ALLOW_LOOPBACK_HTTP: '1', ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export interface RunningCli {
  child: ChildProcess;
  /** Resolves with the first stdout line that `matches` (a `--json` event line, say). */
  line(matches: (line: string) => boolean): Promise<string>;
  /** Resolves with what stderr has printed once it contains `text`. */
  stderrShows(text: string): Promise<string>;
  done: Promise<CliRun>;
}

/** A run that is watched while it works (`mailprefs authorize --device` waits for a sign-in). */
export function spawnCli(sandboxed: Sandbox, args: string[], env: Record<string, string> = {}): RunningCli {
  const child = spawn(PLAIN_NODE, [sandboxed.cli, ...args], {
    cwd: sandboxed.cwd,
    env: {
      PATH: '/usr/bin:/bin',
      MAILPREFS_ALLOW_LOOPBACK_HTTP: '1',
      HOME: sandboxed.home,
      TMPDIR: sandboxed.tmp,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => ((stdout += chunk), wake()));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => ((stderr += chunk), wake()));
  let ended = false;
  const done = new Promise<CliRun>((resolve) =>
    child.on('close', (code, signal) => {
      ended = true;
      wake();
      resolve({ code: code ?? (signal ? -1 : 0), stdout, stderr });
    }),
  );
  const waitFor = <T>(found: () => T | undefined, what: string) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = found();
        if (value !== undefined) return resolve(value);
        if (ended) return reject(new Error(`mailprefs ended before ${what}.\nstdout: ${stdout}\nstderr: ${stderr}`));
        waiters.push(check);
      };
      check();
    });
  return {
    child,
    line: (matches) => waitFor(() => stdout.split('\n').find(matches), 'the expected line'),
    stderrShows: (text) => waitFor(() => (stderr.includes(text) ? stderr : undefined), `stderr showed "${text}"`),
    done,
  };
}

/** The JSON one `--json` run printed. */
export function json(run: CliRun): Record<string, unknown> & { ok: boolean; exitCode: number } {
  return JSON.parse(run.stdout) as Record<string, unknown> & { ok: boolean; exitCode: number };
}

export interface ExportInput {
  profile: (id: string) => Profile;
  secrets: { password?: string; clientSecret?: string; refreshToken?: string };
}

/** Profiles saved in a fresh app and exported with the app's real Export; returns the file. */
export async function exportWithApp(
  dir: string,
  inputs: ExportInput[],
  choice: SecretsChoice,
  /** Where the app's Google and Microsoft code paths point (the token endpoint the file names). */
  endpoints?: ProviderEndpoints,
): Promise<string> {
  const host = createTestHost({
    dialogs: { chooseSaveFile: async (name) => path.join(dir, name), chooseOpenFile: async () => null },
    ...(endpoints ? { endpoints } : {}),
  });
  try {
    const ids: string[] = [];
    for (const input of inputs) {
      const draft = input.profile('00000000-0000-4000-8000-000000000000');
      const created = await host.call<ProfileView>('createProfile', { name: draft.name, authType: draft.auth.type });
      const id = created.profile.id;
      const { refreshToken, ...saved } = input.secrets;
      await host.call('saveProfile', { profile: { ...input.profile(id), id }, secrets: saved });
      if (refreshToken) await host.services.vault.update(id, { refreshToken });
      ids.push(id);
    }
    const result = await host.call<ExportResult>('exportProfiles', { ids, format: 'json', secrets: choice });
    return result.path!;
  } finally {
    host.cleanup();
  }
}

export const OAUTH_SECRETS = (refreshToken: string) => ({ clientSecret: CLIENT_SECRET, refreshToken });

export function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/**
 * What mailprefs leaves on a server: `never` (an app credential, a sealed file's secrets) in no
 * file under the sandbox's HOME and TMPDIR, nor its cwd unless a plaintext export lies there;
 * `cached` (the access token) only in state files that nobody else can read, as
 * docs/server-setup.md promises for a keyring-less server.
 */
export function expectServerState(
  box: Sandbox,
  never: string[],
  cached: string,
  options: { plaintextExportInCwd?: boolean } = {},
): void {
  const scanned = options.plaintextExportInCwd ? [box.home, box.tmp] : [box.home, box.cwd, box.tmp];
  for (const dir of scanned) expect(findSecrets(dir, never)).toEqual([]);
  const hits = [box.home, box.cwd, box.tmp].flatMap((dir) => findSecrets(dir, [cached]));
  expect(hits.length).toBeGreaterThan(0);
  for (const { file } of hits) {
    expect(path.dirname(file)).toBe(box.stateDir);
    expect(statSync(file).mode & 0o077, file).toBe(0);
  }
}
