// A new user's first command. Where the Electron binary is missing (a fresh clone), `npm start`
// must run Electron's real installer and, when that cannot fetch the binary, print one clear
// paragraph and exit non-zero, with no stack trace. The mirror points at a closed local port so
// the fetch fails the same way on every machine, with or without network.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ELECTRON_DIR, findElectron } from '../../scripts/ensure-electron';

const installed = findElectron(ELECTRON_DIR, {});
const skipReason =
  'executable' in installed
    ? `Electron is installed here (${installed.executable}), so npm start would launch the app; the missing-binary path is covered by tests/unit/scripts/ensure-electron.test.ts`
    : '';
if (skipReason) console.log(`first-start test skipped: ${skipReason}`);

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 9;
}

describe.skipIf(!!skipReason)('npm start on a fresh clone', () => {
  it('explains that Electron could not be fetched, and how to go on', async () => {
    const port = await closedPort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
      electron_config_cache: mkdtempSync(path.join(tmpdir(), 'mailprefs-electron-cache-')),
    };
    delete env['ELECTRON_OVERRIDE_DIST_PATH'];
    const run = spawnSync('npm', ['start'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status).toBe(1);
    expect(output).toContain('Mail Preferences could not start: the Electron binary is not installed');
    expect(output).toContain(`ECONNREFUSED`);
    expect(output).toContain(`127.0.0.1:${port}`);
    for (const way of ['ELECTRON_MIRROR', 'ELECTRON_OVERRIDE_DIST_PATH', 'npm run test:e2e'])
      expect(output).toContain(way);
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toContain('Electron uninstall');
  });
});
