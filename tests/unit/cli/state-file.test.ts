// The server command's state file on a bad day: what the disk refuses is the admin's to fix, and
// the message names the cause (exit 7), instead of "This is a bug" (exit 70).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../../src-cli/exit-codes';
import { CliFailure } from '../../../src-cli/failure';
import { readStateFile } from '../../../src-cli/state-dir';
import { failRead, restoreFs } from '../../support/fs-faults';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-state-'))));
afterEach(() => {
  restoreFs();
  rmSync(dir, { recursive: true, force: true });
});

describe('readStateFile', () => {
  it.each(['EACCES', 'EIO'])('a state file that cannot be read (%s) is a state failure naming the cause', (code) => {
    const file = path.join(dir, 'token-x.json');
    writeFileSync(file, '{}', { mode: 0o600 });
    failRead((read) => read === file, code);
    let failure: unknown;
    try {
      readStateFile(file);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(CliFailure);
    expect(failure).toMatchObject({
      exitCode: EXIT.state,
      message: `The state file ${file} could not be read (${code}).`,
    });
  });

  it('reads a good one, and says there is none when there is none', () => {
    const file = path.join(dir, 'token-y.json');
    expect(readStateFile(file)).toBeNull();
    writeFileSync(file, '{"a":1}', { mode: 0o600 });
    expect(readStateFile(file)).toBe('{"a":1}');
  });
});
