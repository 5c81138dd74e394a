// The CLI's refresh lock on a state folder that several hosts may share: a lock left by a host
// that crashed is broken by the next call, and no host's clock can make a live lock look dead
// (two refreshes at once would revoke a rotating grant) or a dead one live.
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock } from '../../../src-cli/lock';
import { EXIT } from '../../../src-cli/exit-codes';
import { CliFailure } from '../../../src-cli/failure';
import { failOpen, failRename, restoreFs } from '../../support/fs-faults';

let dir: string;
let lockFile: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-lock-'));
  lockFile = path.join(dir, 'profile.lock');
});
afterEach(() => {
  restoreFs();
  rmSync(dir, { recursive: true, force: true });
});

/** A lock as another host's mailprefs writes it (its pid means nothing here). */
function otherHostLock(createdAt: number, mtime = new Date()): void {
  writeFileSync(lockFile, JSON.stringify({ pid: 1, host: 'other-host.invalid', nonce: 'theirs', createdAt }));
  utimesSync(lockFile, mtime, mtime);
}

describe('acquireLock', () => {
  it('waits for a lock from a dead host until it is stale, however short the wait asked for', async () => {
    otherHostLock(Date.now());
    const started = Date.now();
    const release = await acquireLock(lockFile, { waitMs: 50, staleMs: 600, pollMs: 20 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a lock from a host whose clock runs behind is not taken for a dead one before the file is old', async () => {
    // Its createdAt says ten minutes ago; the file system says it was made just now.
    otherHostLock(Date.now() - 600_000);
    const started = Date.now();
    const release = await acquireLock(lockFile, { waitMs: 50, staleMs: 600, pollMs: 20 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    release();
  });

  it('times in the lock or the file never decide: a far-future lock is broken after the stale age, an old-looking one not before', async () => {
    // A crashed host whose clock ran ahead: by its times the lock is young for a long while.
    otherHostLock(Date.now() + 3_600_000, new Date(Date.now() + 3_600_000));
    let started = Date.now();
    let release = await acquireLock(lockFile, { staleMs: 400, pollMs: 20 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    release();
    // Old by every clock (or this waiter's clock runs ahead): still given the whole stale age.
    otherHostLock(Date.now() - 600_000, new Date(Date.now() - 600_000));
    started = Date.now();
    release = await acquireLock(lockFile, { staleMs: 400, pollMs: 20 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    release();
  });

  it.each(['EROFS', 'ENOSPC', 'EACCES'])(
    'a state directory that refuses the lock file (%s) is a state failure that names the cause, not a bug',
    async (code) => {
      failOpen((file) => file.startsWith(`${lockFile}.`), code);
      const failure = await acquireLock(lockFile, { pollMs: 20 }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(CliFailure);
      expect(failure).toMatchObject({
        exitCode: EXIT.state,
        message: expect.stringContaining(`could not be created (${code})`),
      });
    },
  );

  it('a stale lock that cannot be moved aside is waited on, not spun on: the call fails at its deadline', async () => {
    otherHostLock(Date.now());
    failRename((from) => from === lockFile, 'EACCES');
    const started = Date.now();
    await expect(acquireLock(lockFile, { staleMs: 100, pollMs: 20 })).rejects.toThrow(/Waited 0 s for the lock/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
