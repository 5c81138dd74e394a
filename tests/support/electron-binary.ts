// Finds the Electron binary without triggering electron's lazy download (requiring the
// `electron` package from Node would try to fetch it, which fails on offline machines).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ELECTRON_DIR = path.resolve(import.meta.dirname, '../../node_modules/electron');

export function electronBinary(): { path: string } | { missing: string } {
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override) {
    const candidates = ['electron', 'Electron.app/Contents/MacOS/Electron', 'electron.exe'].map((f) =>
      path.join(override, f),
    );
    const found = candidates.find(existsSync);
    return found
      ? { path: found }
      : { missing: `ELECTRON_OVERRIDE_DIST_PATH=${override} holds no electron executable` };
  }
  const pathFile = path.join(ELECTRON_DIR, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      missing:
        'the Electron binary is not installed (node_modules/electron has no path.txt: its download cannot ' +
        'happen on this offline machine). Run "npx install-electron" or set ELECTRON_OVERRIDE_DIST_PATH to run these specs.',
    };
  }
  const binary = path.join(ELECTRON_DIR, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary)
    ? { path: binary }
    : { missing: `the Electron binary listed in path.txt is missing: ${binary}` };
}
