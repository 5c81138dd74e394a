// Walks a directory and reports every file that contains any of the given secrets, as raw text
// or base64 (how SMTP AUTH would carry them).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { flushAllLogs } from '../../src-main/logging/logger';

export function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

export function findSecrets(directory: string, secrets: readonly string[]): { file: string; secret: string }[] {
  flushAllLogs(); // this process's loggers batch info lines: scan what they will have written
  const needles = secrets.flatMap((s) => [s, Buffer.from(s).toString('base64')]);
  const hits: { file: string; secret: string }[] = [];
  for (const file of filesUnder(directory)) {
    const content = readFileSync(file).toString('latin1');
    for (const needle of needles) if (content.includes(needle)) hits.push({ file, secret: needle.slice(0, 3) + '…' });
  }
  return hits;
}
