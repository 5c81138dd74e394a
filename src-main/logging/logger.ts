// Line-oriented JSON log in the data directory. Every value passes through the Redactor before
// it is encoded, so JSON escaping cannot hide a secret from it.
//
// Writes are batched: info/debug lines queue up and are redacted, encoded and appended together
// once the current turn of the event loop is over (after the answer to the call that logged them
// has gone out), so a call pays neither for a file append nor for building its line. warn/error
// lines are written at once, together with any queued ones, and whatever is still queued is
// written when the process exits (an uncaught exception included). A kill -9 or a native crash
// can lose at most the info lines of one turn.
//
// The file stays open between batches: opening and closing it for each one cost about as much
// as the rest of a test send's logging. If the file is deleted or moved away meanwhile (an admin
// clearing the log), the next batch after a second notices and starts a new file.
import { closeSync, fstatSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Redactor } from './redactor';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  /**
   * Logs a line. Its fields are read when it is written (info and debug: after this turn), so
   * pass values that do not change afterwards, as the object literals all callers pass. Never
   * throws: a line that cannot be written (disk full, directory gone) is dropped.
   */
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
  /** Writes queued lines now (tests that read the file, shutdown). */
  flush(): void;
  /** Writes queued lines and closes the file; a later line opens it again. */
  close(): void;
  readonly file: string;
}

/** Past this many queued lines a batch is written at once, whatever the turn. */
const MAX_QUEUED_LINES = 256;
/** How often an open log file is checked for having been deleted or moved away. */
const RECHECK_MS = 1000;

const pending = new Set<() => void>();
let exitHookInstalled = false;

/** Writes every logger's queued lines now: at exit, and before a test scans the logs for secrets. */
export function flushAllLogs(): void {
  for (const flush of pending) {
    try {
      flush();
    } catch {
      // That logger's directory is gone (a removed data directory): its lines have nowhere to go.
    }
  }
}

function flushAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', flushAllLogs);
}

export function createFileLogger(directory: string, redactor: Redactor, now = () => new Date()): Logger {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const file = path.join(directory, 'main.log');
  let queue: Line[] = [];
  let scheduled = false;
  let fd: number | undefined;
  let checkedAt = 0;

  const release = () => {
    if (fd === undefined) return;
    const open = fd;
    fd = undefined;
    closeSync(open);
  };
  const pathInode = (): number | undefined => {
    try {
      return statSync(file, { throwIfNoEntry: false })?.ino;
    } catch {
      return undefined;
    }
  };
  const openFile = (): number => {
    if (fd !== undefined && Date.now() - checkedAt > RECHECK_MS) {
      checkedAt = Date.now();
      // Deleted or moved away (or, on Windows, pending deletion: stat fails): lines written
      // there would not be in main.log.
      if (pathInode() !== fstatSync(fd).ino) release();
    }
    if (fd === undefined) {
      fd = openSync(file, 'a', 0o600);
      checkedAt = Date.now();
    }
    return fd;
  };
  const append = (text: string) => {
    try {
      const target = openFile();
      // One write takes a batch whole; should the file system take less, the rest follows.
      const written = writeSync(target, text);
      if (written < Buffer.byteLength(text)) {
        const bytes = Buffer.from(text, 'utf8');
        for (let at = written; at < bytes.length;) at += writeSync(target, bytes, at);
      }
    } catch (error) {
      // The next batch starts from a fresh open (the directory may be back, the disk less full).
      try {
        release();
      } catch {
        // Closing a descriptor that failed: nothing more to do with it.
      }
      throw error;
    }
  };
  const flush = () => {
    pending.delete(flush);
    if (queue.length === 0) return;
    const lines = queue;
    queue = [];
    let text = '';
    for (const line of lines) text += encode(line, redactor);
    append(text);
  };
  const flushQuietly = () => {
    try {
      flush();
    } catch {
      // A log that cannot be written (disk full, directory removed) must not crash the app.
    }
  };
  const flushLater = () => {
    scheduled = false;
    flushQuietly();
  };
  flushAllOnExit();
  // Queued lines are redacted when written: they go out before the Redactor forgets a secret.
  redactor.whenForgetting(flushQuietly);

  return {
    file,
    flush,
    close() {
      try {
        flush();
      } finally {
        release();
      }
    },
    log(level, event, fields = {}) {
      queue.push({ time: now(), level, event, fields });
      pending.add(flush);
      // Quietly, as the batch after the turn: a log that cannot be written must not turn the
      // caller's failure into another (a refresh's invalid_grant became "ENOENT main.log", and
      // the profile was never marked for re-authorization) or reject a promise nobody catches.
      if (level === 'warn' || level === 'error' || queue.length > MAX_QUEUED_LINES) return flushQuietly();
      if (!scheduled) {
        scheduled = true;
        setImmediate(flushLater).unref();
      }
    },
  };
}

interface Line {
  time: Date;
  level: LogLevel;
  event: string;
  fields: Record<string, unknown>;
}

/** One JSON line, every value redacted before it is encoded. */
function encode({ time, level, event, fields }: Line, redactor: Redactor): string {
  const head = { time: time.toISOString(), level, event };
  try {
    return JSON.stringify(redactor.redactValue({ ...head, ...fields })) + '\n';
  } catch {
    // A value that cannot be encoded (a throwing toJSON) must not take the other lines with it.
    return JSON.stringify(redactor.redactValue({ ...head, unloggable: 'its fields could not be encoded' })) + '\n';
  }
}
