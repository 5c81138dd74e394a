// Replacing a file whole, so a kill -9 or a power cut at any instant leaves the old content or
// the new, never a torn file: a temp file beside it (owner-only, O_EXCL), fsync, rename over the
// target, fsync of the directory. Shared by the app's document store and mailprefs' state files.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Temp file + fsync + rename + fsync of the directory, owner-only; a failure leaves the old file. */
export function writeDurably(file: string, text: string | Uint8Array): void {
  const temp = tempPath(file);
  try {
    const fd = openSync(temp, 'wx', 0o600);
    try {
      const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
      let written = 0;
      while (written < data.length) written += writeSync(fd, data, written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameOver(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  syncDirectory(path.dirname(file));
}

/**
 * Windows refuses a rename over a file another process has open for a moment (a virus scanner,
 * the search indexer): EPERM, EACCES or EBUSY. conf's writer (atomically) retried; so does this,
 * for up to about a second, then gives up with the error.
 */
export function renameOver(temp: string, file: string): void {
  for (let waited = 0, pause = 10; ; waited += pause, pause = Math.min(pause * 2, 200)) {
    try {
      return renameSync(temp, file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const transient = process.platform === 'win32' && (code === 'EPERM' || code === 'EACCES' || code === 'EBUSY');
      if (!transient || waited >= 1000) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause);
    }
  }
}

export function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync there
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function tempPath(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Removes temp files a killed process left beside `file` (ciphertext, like the file itself, but
 * clutter). Only at start: the single writer is the one calling, so none is a write under way.
 */
export function removeLeftoverTemps(file: string): void {
  const prefix = `.${path.basename(file)}.`;
  const dir = path.dirname(file);
  for (const name of readdirSync(dir)) {
    if (name.startsWith(prefix) && /^[0-9a-f]{12}\.tmp$/.test(name.slice(prefix.length))) {
      rmSync(path.join(dir, name), { force: true });
    }
  }
}
