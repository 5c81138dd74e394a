// Reads .env files with python-dotenv as a Python server would: dotenv_values(path) with its
// defaults (interpolation on, UTF-8). Debian's python3-dotenv, so /usr/bin/python3 in isolated
// mode (-I), not whatever python3 comes first on PATH; one process for the whole batch.
import { spawnSync } from 'node:child_process';

const PYTHON = '/usr/bin/python3';
const SCRIPT = `
import json, logging, sys
logging.basicConfig(stream=sys.stderr)
from dotenv import dotenv_values
print(json.dumps([dotenv_values(f) for f in sys.argv[1:]], ensure_ascii=True))
`;

export interface PythonReading {
  /** Per file; a key without "=" reads as null. */
  values: Record<string, string | null>[];
  /** python-dotenv logs "could not parse statement starting at line N" here. */
  stderr: string;
}

export function readWithPythonDotenv(files: string[]): PythonReading {
  const result = spawnSync(PYTHON, ['-I', '-c', SCRIPT, ...files], {
    env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`python-dotenv failed: ${result.error ?? result.stderr.toString('utf8')}`);
  return {
    values: JSON.parse(result.stdout.toString('ascii')) as PythonReading['values'],
    stderr: result.stderr.toString('utf8'),
  };
}
