// Line-oriented JSON log in the data directory. Every line passes through the Redactor.
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
      const line = JSON.stringify({ time: now().toISOString(), level, event, ...fields });
      appendFileSync(file, redactor.redact(line) + '\n', { mode: 0o600 });
    },
  };
}
