// The step before `npm start`/`dev`/`dist`: find the Electron binary, fetch it with Electron's
// installer when missing, explain clearly when that cannot work. The download itself is stubbed
// here (a network fault a real server cannot produce on demand); tests/integration runs the real one.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  ensureElectron,
  explainMissingElectron,
  installerReason,
  type InstallerRun,
} from '../../../scripts/ensure-electron';

function electronDir(installed: boolean): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-electron-pkg-'));
  if (installed) installInto(dir);
  return dir;
}

/** What Electron's installer leaves behind: dist/<binary> and path.txt naming it. */
function installInto(dir: string): void {
  mkdirSync(path.join(dir, 'dist'), { recursive: true });
  writeFileSync(path.join(dir, 'dist', 'electron'), '#!/bin/sh\n', { mode: 0o755 });
  writeFileSync(path.join(dir, 'path.txt'), 'electron');
}

const FAILED_RUN: InstallerRun = {
  status: 1,
  stderr:
    'Error: fetch failed (ENOTFOUND github.com) while downloading https://github.com/electron/x.zip\n' +
    '    at globalThis.fetch (/x/electron-fetch-reason.cjs:12:11)\n',
};

describe('ensureElectron', () => {
  it('does nothing when the binary is already there', () => {
    const dir = electronDir(true);
    const install = vi.fn();
    const result = ensureElectron({ electronDir: dir, env: {}, install });
    expect(install).not.toHaveBeenCalled();
    expect(result).toEqual({ ok: true, executable: path.join(dir, 'dist', 'electron'), fetched: false });
  });

  it('runs the installer when the binary is missing, and electron-vite then finds it through path.txt', () => {
    const dir = electronDir(false);
    const install = vi.fn((into: string): InstallerRun => {
      installInto(into);
      return { status: 0, stderr: '' };
    });
    const env = { ELECTRON_MIRROR: 'https://mirror.example/electron/' };
    const result = ensureElectron({ electronDir: dir, env, install });
    // The installer gets the caller's environment: mirrors and cache settings reach @electron/get.
    expect(install).toHaveBeenCalledWith(dir, env);
    expect(result).toEqual({ ok: true, executable: path.join(dir, 'dist', 'electron'), fetched: true });
    // electron-vite's own rule: <electron package>/dist/<contents of path.txt>.
    expect(path.join(dir, 'dist', readFileSync(path.join(dir, 'path.txt'), 'utf8'))).toBe(
      result.ok ? result.executable : '',
    );
  });

  it("reports the installer's own reason when the fetch fails", () => {
    const result = ensureElectron({ electronDir: electronDir(false), env: {}, install: () => FAILED_RUN });
    expect(result).toEqual({
      ok: false,
      reason: 'fetch failed (ENOTFOUND github.com) while downloading https://github.com/electron/x.zip',
    });
  });

  it('does not trust an installer that says ok but left no binary', () => {
    const result = ensureElectron({
      electronDir: electronDir(false),
      env: {},
      install: () => ({ status: 0, stderr: '' }),
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/has not been downloaded/);
  });

  it('uses ELECTRON_OVERRIDE_DIST_PATH without downloading anything', () => {
    const local = mkdtempSync(path.join(tmpdir(), 'mailprefs-local-electron-'));
    writeFileSync(path.join(local, 'electron'), '#!/bin/sh\n', { mode: 0o755 });
    const install = vi.fn();
    const result = ensureElectron({
      electronDir: electronDir(false),
      env: { ELECTRON_OVERRIDE_DIST_PATH: local },
      install,
    });
    expect(install).not.toHaveBeenCalled();
    expect(result).toEqual({ ok: true, executable: path.join(local, 'electron'), fetched: false });
  });

  it('says so when ELECTRON_OVERRIDE_DIST_PATH points at a folder without Electron, instead of downloading', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'mailprefs-empty-'));
    const install = vi.fn();
    const result = ensureElectron({
      electronDir: electronDir(true),
      env: { ELECTRON_OVERRIDE_DIST_PATH: empty },
      install,
    });
    expect(install).not.toHaveBeenCalled();
    expect(result).toEqual({
      ok: false,
      reason: `ELECTRON_OVERRIDE_DIST_PATH is set to ${empty}, but that folder holds no Electron executable`,
    });
  });
});

describe('the message', () => {
  it('takes the first line of the error, not the stack', () => {
    expect(installerReason(FAILED_RUN)).toBe(
      'fetch failed (ENOTFOUND github.com) while downloading https://github.com/electron/x.zip',
    );
    expect(installerReason({ status: null, stderr: '' })).toBe('the installer exited with status unknown (killed)');
  });

  it('is one paragraph with the reason and the three ways out', () => {
    const text = explainMissingElectron('fetch failed (ECONNREFUSED)');
    expect(text).not.toContain('\n');
    expect(text).toContain('fetch failed (ECONNREFUSED)');
    expect(text).toContain('ELECTRON_MIRROR');
    expect(text).toContain('ELECTRON_OVERRIDE_DIST_PATH');
    expect(text).toContain('npm run test:e2e');
  });
});
