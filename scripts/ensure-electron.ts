// Makes sure the Electron binary is on this machine before anything needs it, then (optionally)
// runs a command with ELECTRON_EXEC_PATH pointing at it.
//
// Why: Electron 45 has no postinstall download. `node_modules/electron/path.txt` appears only
// once something runs Electron's installer, and electron-vite's `preview`/`dev` read that file
// directly, so a fresh `npm ci && npm start` used to stop with "Error: Electron uninstall".
//
//   tsx scripts/ensure-electron.ts                       check (and fetch), exit 1 with advice
//   tsx scripts/ensure-electron.ts electron-vite preview  the same, then run the command
//   tsx scripts/ensure-electron.ts --package              the check before electron-builder
//   tsx scripts/ensure-electron.ts --reason-only         never fails: prints why it is missing, if it is
//
// The fetch is Electron's own installer (node_modules/electron/install.js, i.e. @electron/get), so
// ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR, electron_config_cache and its proxy support behave exactly
// as Electron documents them.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ELECTRON_DIR = path.join(ROOT, 'node_modules', 'electron');
/** Preloaded into the installer so "fetch failed" comes with its cause and the URL it tried. */
const FETCH_REASON_HOOK = path.join(ROOT, 'scripts', 'electron-fetch-reason.cjs');

const EXECUTABLES = ['electron', 'Electron.app/Contents/MacOS/Electron', 'electron.exe'];

export type Found = { executable: string } | { missing: string };

/** Where the binary is, without triggering a download (`require('electron')` would start one). */
export function findElectron(electronDir: string, env: NodeJS.ProcessEnv): Found {
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override) {
    const found = EXECUTABLES.map((name) => path.join(override, name)).find((file) => existsSync(file));
    return found
      ? { executable: found }
      : { missing: `ELECTRON_OVERRIDE_DIST_PATH is set to ${override}, but that folder holds no Electron executable` };
  }
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return { missing: 'the Electron binary has not been downloaded yet' };
  const executable = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable)
    ? { executable }
    : { missing: `node_modules/electron/path.txt names ${executable}, which does not exist` };
}

export interface InstallerRun {
  status: number | null;
  stderr: string;
}

/** Runs Electron's installer in a child process, its progress shown, its error captured. */
export function runElectronInstaller(electronDir: string, env: NodeJS.ProcessEnv): InstallerRun {
  const installerEnv = { ...env };
  // @electron/get uses the standard proxy variables only when asked to; an admin behind a proxy
  // who set HTTPS_PROXY for npm expects the same proxy here.
  if (!installerEnv['ELECTRON_GET_USE_PROXY'] && (env['HTTPS_PROXY'] || env['https_proxy'] || env['HTTP_PROXY'])) {
    installerEnv['ELECTRON_GET_USE_PROXY'] = 'true';
  }
  const result = spawnSync(process.execPath, ['-r', FETCH_REASON_HOOK, path.join(electronDir, 'install.js')], {
    env: installerEnv,
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
    timeout: 15 * 60_000,
  });
  return { status: result.status, stderr: result.error ? String(result.error.message) : (result.stderr ?? '') };
}

export type EnsureResult = { ok: true; executable: string; fetched: boolean } | { ok: false; reason: string };

export interface EnsureOptions {
  electronDir?: string;
  env?: NodeJS.ProcessEnv;
  install?: (electronDir: string, env: NodeJS.ProcessEnv) => InstallerRun;
}

export function ensureElectron(options: EnsureOptions = {}): EnsureResult {
  const electronDir = options.electronDir ?? ELECTRON_DIR;
  const env = options.env ?? process.env;
  const before = findElectron(electronDir, env);
  if ('executable' in before) return { ok: true, executable: before.executable, fetched: false };
  // An override that points nowhere is the admin's own setting: downloading would hide the mistake.
  if (env['ELECTRON_OVERRIDE_DIST_PATH']) return { ok: false, reason: before.missing };
  const run = (options.install ?? runElectronInstaller)(electronDir, env);
  const after = findElectron(electronDir, env);
  if (run.status === 0 && 'executable' in after) return { ok: true, executable: after.executable, fetched: true };
  return { ok: false, reason: installerReason(run) ?? ('missing' in after ? after.missing : 'unknown') };
}

/** The installer's own words: the first line of the error it printed (its stack is noise here). */
export function installerReason(run: InstallerRun): string | null {
  const line = run.stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('at '));
  if (line) return line.replace(/^(Type|Request|Http)?Error: /, '');
  return run.status === 0 ? null : `the installer exited with status ${run.status ?? 'unknown (killed)'}`;
}

/** One paragraph: what failed and the three ways out. */
export function explainMissingElectron(reason: string, doing = 'start'): string {
  return [
    `Mail Preferences could not ${doing}: the Electron binary is not installed, and Electron's installer could not fetch it: ${reason}.`,
    'Ways out: (1) let it download: check the network, or set ELECTRON_MIRROR to a mirror you can reach',
    '(HTTPS_PROXY is honoured), then run the command again;',
    '(2) point ELECTRON_OVERRIDE_DIST_PATH at the folder of a local Electron 45 build;',
    '(3) see the interface without Electron: `npm run test:e2e` runs the real renderer in Chromium.',
  ].join(' ');
}

function main(argv: string[]): number {
  const reasonOnly = argv[0] === '--reason-only';
  const forPackaging = argv[0] === '--package';
  const command = reasonOnly || forPackaging ? [] : argv;
  const doing = forPackaging ? 'be packaged' : 'start';
  const result = ensureElectron();
  if (!result.ok) {
    if (reasonOnly) {
      process.stdout.write(`${result.reason}\n`);
      return 0;
    }
    process.stderr.write(`\n${explainMissingElectron(result.reason, doing)}\n\n`);
    return 1;
  }
  if (result.fetched) process.stderr.write(`Electron installed: ${result.executable}\n`);
  if (reasonOnly || command.length === 0) return 0;
  const [program, ...args] = command as [string, ...string[]];
  // electron-vite reads ELECTRON_EXEC_PATH before path.txt: this is how an override reaches it.
  const child = spawnSync(program, args, {
    stdio: 'inherit',
    shell: process.platform === 'win32',
    env: { ...process.env, ELECTRON_EXEC_PATH: result.executable },
  });
  return child.status ?? 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
