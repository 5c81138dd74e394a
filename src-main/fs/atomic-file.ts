// Replacing a file whole, so a kill -9 or a power cut at any instant leaves the old content or
// the new, never a torn file: a temp file beside it (owner-only, O_EXCL), fsync, rename over the
// target, fsync of the directory. Shared by the app's document store and mailprefs' state files.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/** What a completed write could not promise. */
export interface DurableWrite {
  /**
   * The directory's fsync failed (its error code): the file is in place, but a power cut soon
   * after could still undo the rename. null when it was synced (or cannot be, on Windows).
   */
  directoryNotSynced: string | null;
}

/** Temp file + fsync + rename + fsync of the directory, owner-only; a failure leaves the old file. */
export function writeDurably(file: string, text: string | Uint8Array): DurableWrite {
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
  // Past the rename the new content is the file: a failure from here on must not be reported as
  // "not written". Callers would undo what is already on disk (a hand-off giving a refresh
  // token back to the app while the exported file holds it, a store keeping a state the file
  // no longer has). The directory's fsync only makes the rename survive a power cut, and it can
  // fail where writing cannot (a drop-box folder the user may write to but not read).
  try {
    syncDirectory(path.dirname(file));
    return { directoryNotSynced: null };
  } catch (error) {
    // Best effort: the file is in place; only its survival of a power cut is less certain. The
    // caller may say so (fs/ has no logger).
    return { directoryNotSynced: (error as NodeJS.ErrnoException).code ?? 'unknown' };
  }
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
  return path.join(path.dirname(file), `${tempPrefix(file)}${randomBytes(6).toString('hex')}.tmp`);
}

/** A file name's longest part in a temp name, in bytes: ".", it, ".", 12 hex digits, ".tmp" fit in 255. */
const NAME_BYTES_IN_TEMP = 255 - 18;

/**
 * ".<name>." with the name cut (at a character boundary) so that the temp name stays within the
 * 255 bytes a file name may have: a legal long export name failed with ENAMETOOLONG.
 */
function tempPrefix(file: string): string {
  let name = path.basename(file);
  while (Buffer.byteLength(name, 'utf8') > NAME_BYTES_IN_TEMP) name = [...name].slice(0, -1).join('');
  return `.${name}.`;
}

/**
 * Removes temp files a killed process left beside `file` (ciphertext, like the file itself, but
 * clutter). Only at start: the single writer is the one calling, so none is a write under way.
 */
export function removeLeftoverTemps(file: string): void {
  const prefix = tempPrefix(file);
  const dir = path.dirname(file);
  for (const name of readdirSync(dir)) {
    if (name.startsWith(prefix) && /^[0-9a-f]{12}\.tmp$/.test(name.slice(prefix.length))) {
      rmSync(path.join(dir, name), { force: true });
    }
  }
}
