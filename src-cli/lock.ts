// A lock file beside the state, so concurrent `mailprefs token` calls refresh once: the first
// takes the lock and refreshes, the others wait and then find the fresh token. Created
// atomically with its content (written to a temp file, then hard-linked into place, which fails
// if the lock exists). A lock whose holder died is broken: its pid is gone (same host), or the
// waiter has seen the same lock for longer than any refresh can take. That age is measured on the
// waiter's own monotonic clock, never from the times in the lock or the file: hosts sharing a
// state folder disagree about the time, and a live lock taken for a dead one means two refreshes
// at once (the rotation then revokes the grant). A waiter waits at least that long, so a lock
// left by a host that crashed is broken by the next call instead of failing it.
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { errnoOf, stateFailure } from './state-dir';
import type { CliFailure } from './failure';

export interface LockOptions {
  /** How long to wait for another holder before giving up; never less than staleMs (see above). */
  waitMs?: number;
  /** A lock seen unchanged this long is stale whoever holds it (a refresh gives up after 20 s). */
  staleMs?: number;
  pollMs?: number;
}

interface LockInfo {
  pid: number;
  host: string;
  nonce: string;
  /** For a person reading the file; staleness never trusts another host's clock (see above). */
  createdAt: number;
}

/** Three times the refresh's deadline (OAUTH_TIMEOUT_MS), with its state write: no live holder is this old. */
export const LOCK_STALE_MS = 60_000;

export async function withLock<T>(lockFile: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const release = await acquireLock(lockFile, options);
  try {
    return await work();
  } finally {
    release();
  }
}

export async function acquireLock(lockFile: string, options: LockOptions = {}): Promise<() => void> {
  const { waitMs = 0, staleMs = LOCK_STALE_MS, pollMs = 50 } = options;
  const mine: LockInfo = {
    pid: process.pid,
    host: hostname(),
    nonce: randomBytes(12).toString('hex'),
    createdAt: Date.now(),
  };
  // Giving up earlier would fail every call until a dead holder's lock turned stale.
  const started = performance.now();
  const waitFor = Math.max(waitMs, staleMs + 2 * pollMs);
  /** The lock as first seen, and when (this process's monotonic clock). */
  const seen = { nonce: '', at: 0 };
  for (;;) {
    if (tryCreate(lockFile, mine)) return () => release(lockFile, mine.nonce);
    const holder = readLock(lockFile);
    const now = performance.now();
    if (holder && holder.nonce !== seen.nonce) Object.assign(seen, { nonce: holder.nonce, at: now });
    if (holder && (deadOnThisHost(holder) || now - seen.at > staleMs)) {
      breakStale(lockFile, holder);
      // Broken (gone, or another waiter's now): take it in this pass, before the deadline check.
      // Still the same one (it could not be moved): wait and look again, never spin.
      if (readLock(lockFile)?.nonce !== holder.nonce) continue;
    }
    if (now - started > waitFor) {
      throw stateFailure(
        `Waited ${Math.round(waitFor / 1000)} s for the lock ${lockFile} (last held by mailprefs pid ${holder?.pid ?? 'unknown'}).`,
        'If no other mailprefs is running, delete the lock file and try again.',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs + Math.random() * pollMs));
  }
}

function tryCreate(lockFile: string, info: LockInfo): boolean {
  const temp = `${lockFile}.${info.nonce}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify({ ...info, createdAt: Date.now() }), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // A read-only or full disk, or a directory of another user's: the admin's to fix, not a bug.
    throw lockFailure(lockFile, error);
  }
  try {
    linkSync(temp, lockFile);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw lockFailure(lockFile, error);
  } finally {
    rmSync(temp, { force: true });
  }
}

function lockFailure(lockFile: string, error: unknown): CliFailure {
  return stateFailure(
    `The lock file ${lockFile} could not be created (${errnoOf(error)}).`,
    'Check that the state directory is writable by the user running mailprefs, that the disk is not full, and that its file system supports hard links.',
    error,
  );
}

function readLock(lockFile: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(lockFile, 'utf8')) as LockInfo;
    return typeof info.pid === 'number' && typeof info.nonce === 'string' ? info : null;
  } catch {
    return null; // gone meanwhile, or not ours to understand: wait for it
  }
}

function deadOnThisHost(holder: LockInfo): boolean {
  return holder.host === hostname() && !processAlive(holder.pid);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, but another user's
  }
}

/**
 * Moves the stale lock aside and checks it is the one judged stale: if another process broke it
 * and took a new lock meanwhile, that new lock is put back rather than deleted.
 */
function breakStale(lockFile: string, stale: LockInfo): void {
  const aside = `${lockFile}.${randomBytes(6).toString('hex')}.stale`;
  try {
    renameSync(lockFile, aside);
  } catch {
    return; // someone else moved it first
  }
  const moved = readLock(aside);
  if (moved && moved.nonce !== stale.nonce) {
    try {
      linkSync(aside, lockFile);
    } catch {
      // a third process took the lock meanwhile; the one we moved lost it either way
    }
  }
  rmSync(aside, { force: true });
}

function release(lockFile: string, nonce: string): void {
  // Only our own lock: after a stale break, the file may be someone else's.
  if (readLock(lockFile)?.nonce === nonce) rmSync(lockFile, { force: true });
}
