// Reads .env files with Node's own parser: util.parseEnv is the parser behind `node --env-file`
// (src/node_dotenv.cc); readWithNodeEnvFile runs the real flag in a child with an empty environment.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

export function readWithNodeParseEnv(files: string[]): Record<string, string>[] {
  return files.map((file) => parseEnv(readFileSync(file, 'utf8')) as Record<string, string>);
}

/** One `node --env-file=<file>` per file (slower: a process each); prints process.env as JSON. */
export function readWithNodeEnvFile(files: string[]): Record<string, string>[] {
  return files.map((file) => {
    const out = execFileSync(
      process.execPath,
      [`--env-file=${file}`, '-e', 'process.stdout.write(JSON.stringify(process.env))'],
      {
        env: {},
      },
    );
    return JSON.parse(out.toString('utf8')) as Record<string, string>;
  });
}
