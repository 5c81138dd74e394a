// Files a user might choose that are not files: a named pipe (FIFO) blocks a plain open, and the
// open is synchronous, so a regression would freeze the process rather than fail. Each case
// runs in a child process with a timeout, so a hang is a failure with a reason.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(path.join(tmpdir(), 'bounded-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fifo = path.join(dir, 'chosen.pem');
const made = process.platform === 'win32' ? null : spawnSync('mkfifo', [fifo]);
const skipped = made?.status === 0 ? null : 'mkfifo is not available here (a named pipe cannot be made)';
if (skipped) console.log(`bounded-read: the named-pipe cases are skipped: ${skipped}`);

/** Runs `code` (an ES module, project files importable from ROOT) with tsx; a hang counts as failing. */
function runChild(code: string): { output: string; timedOut: boolean } {
  const child = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['--eval', code], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { output: `${child.stdout}${child.stderr}`, timedOut: child.error !== undefined || child.signal !== null };
}

describe.skipIf(skipped !== null)('a named pipe chosen as a file', () => {
  it('is refused at once as an import', () => {
    const { output, timedOut } = runChild(`
      import { readImportFile } from './src-main/export/import-file.ts';
      try { readImportFile(${JSON.stringify(fifo)}); console.log('read'); } catch (e) { console.log('refused:', e.message); }
    `);
    expect(timedOut).toBe(false);
    expect(output).toContain('refused: That is not a regular file.');
  });

  it('is refused at once as a certificate', () => {
    const { output, timedOut } = runChild(`
      import { importCertificateFiles } from './src-main/oauth/certificate-file.ts';
      const dialogs = { chooseOpenFile: async () => ${JSON.stringify(fifo)}, chooseSaveFile: async () => null };
      importCertificateFiles(dialogs, new Date()).then(
        () => console.log('read'),
        (e) => console.log('refused:', e.message),
      );
    `);
    expect(timedOut).toBe(false);
    expect(output).toContain('refused: chosen.pem could not be read as a certificate file');
  });
});
