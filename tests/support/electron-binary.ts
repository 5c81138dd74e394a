// Finds the Electron binary for the `_electron` specs without triggering electron's lazy download
// (requiring the `electron` package from Node would start one). `npm test` runs Electron's
// installer first (scripts/ensure-electron.ts) and passes its reason along when it failed.
import { ELECTRON_DIR, findElectron } from '../../scripts/ensure-electron';

/** Set by scripts/test-all.mjs: the installer's own words when it could not fetch the binary. */
export const INSTALLER_REASON_ENV = 'MAILPREFS_ELECTRON_MISSING';

export function electronBinary(): { path: string } | { missing: string } {
  const found = findElectron(ELECTRON_DIR, process.env);
  if ('executable' in found) return { path: found.executable };
  const installer = process.env[INSTALLER_REASON_ENV];
  return {
    missing: installer
      ? `${found.missing}; Electron's installer could not fetch it: ${installer}`
      : `${found.missing}. Run "npm run ensure-electron" (or set ELECTRON_OVERRIDE_DIST_PATH) to run these specs.`,
  };
}
