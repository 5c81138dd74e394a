// Line-oriented JSON log in the data directory. Every value passes through the Redactor before
// it is encoded, so JSON escaping cannot hide a secret from it.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Redactor } from './redactor';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
  readonly file: string;
}

export function createFileLogger(directory: string, redactor: Redactor, now = () => new Date()): Logger {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const file = path.join(directory, 'main.log');
  return {
    file,
    log(level, event, fields = {}) {
      const line = JSON.stringify(redactor.redactValue({ time: now().toISOString(), level, event, ...fields }));
      appendFileSync(file, line + '\n', { mode: 0o600 });
    },
  };
}
