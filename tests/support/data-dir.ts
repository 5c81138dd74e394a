// Every file in a data directory with its bytes, to show that a request changed nothing on disk.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Relative path → base64 contents. The log is left out: refused requests are logged by design. */
export function dataDirectoryBytes(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const relative = path.relative(root, file);
    if (relative.split(path.sep)[0] === 'logs') continue;
    out[relative] = readFileSync(file).toString('base64');
  }
  return out;
}
