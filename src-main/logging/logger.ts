// Line-oriented JSON log in the data directory. Every value passes through the Redactor before
// it is encoded, so JSON escaping cannot hide a secret from it.
//
// Writes are batched: info/debug lines queue up and are appended together once the current turn
// of the event loop is over (after the answer to the call that logged them has gone out), so a
// call does not pay for a file append. warn/error lines are written at once, together with any
// queued ones, and whatever is still queued is written when the process exits (an uncaught
// exception included). A kill -9 or a native crash can lose at most the info lines of one turn.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Redactor } from './redactor';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
  /** Writes queued lines now (tests that read the file, shutdown). */
  flush(): void;
  readonly file: string;
}

/** Past this many queued characters a batch is written at once, whatever the turn. */
const MAX_QUEUED_CHARS = 64 * 1024;

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
  let queue: string[] = [];
  let queuedChars = 0;
  let scheduled = false;

  const flush = () => {
    pending.delete(flush);
    if (queue.length === 0) return;
    const text = queue.join('');
    queue = [];
    queuedChars = 0;
    appendFileSync(file, text, { mode: 0o600 });
  };
  const flushLater = () => {
    scheduled = false;
    try {
      flush();
    } catch {
      // A log that cannot be written (disk full, directory removed) must not crash the app.
    }
  };
  flushAllOnExit();

  return {
    file,
    flush,
    log(level, event, fields = {}) {
      const line = JSON.stringify(redactor.redactValue({ time: now().toISOString(), level, event, ...fields })) + '\n';
      queue.push(line);
      queuedChars += line.length;
      pending.add(flush);
      if (level === 'warn' || level === 'error' || queuedChars > MAX_QUEUED_CHARS) return flush();
      if (!scheduled) {
        scheduled = true;
        setImmediate(flushLater).unref();
      }
    },
  };
}
