// The CLI's refresh lock on a state folder that several hosts may share: a lock left by a host
// that crashed is broken by the next call, and one from a host whose clock runs behind is not
// taken for a dead one (two refreshes at once would revoke a rotating grant).
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock } from '../../../src-cli/lock';

let dir: string;
let lockFile: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-lock-'));
  lockFile = path.join(dir, 'profile.lock');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

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

  it('a lock old by both clocks is broken at once', async () => {
    const old = Date.now() - 10_000;
    otherHostLock(old, new Date(old));
    const started = Date.now();
    const release = await acquireLock(lockFile, { waitMs: 5_000, staleMs: 1_000, pollMs: 20 });
    expect(Date.now() - started).toBeLessThan(1_000);
    release();
  });
});
