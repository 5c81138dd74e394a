// Reads .env files the way a shell script does: `set -a; . ./file` in POSIX sh (dash on
// Debian), then the variables as `env -0` prints them (NUL-separated, so any byte but NUL comes
// through). One shell for the batch, each file sourced in its own subshell with no environment.
// /bin/sh by default, or bash, which expands a little more ($[…]). What sourcing a file prints
// goes to files of its own, handed back per file: on stdout it would run into the records (a
// misquoted value can leave a bare `export` or `set`, which list every variable) and swallow a
// file's end marker. A file the exporter wrote must print nothing at all.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const SCRIPT = `
i=0
for f in /dev/null "$@"; do
  (set -a; . "$f" >"./out.$i" 2>"./err.$i"; /usr/bin/env -0)
  printf '@@@\\0'
  i=$((i + 1))
done
`;

export interface ShReading {
  /** Per file: what sourcing it added to the environment. */
  values: Record<string, string>[];
  /** Per file: what sourcing it printed (a listing, a syntax error). */
  printed: { stdout: string; stderr: string }[];
}

export function readWithSh(files: string[], shell: '/bin/sh' | '/bin/bash' = '/bin/sh'): ShReading {
  // A misquoted value is shell code (`>x`, `$(…)`, backticks): run it where it can do no harm,
  // in an empty directory and with a PATH that finds no command.
  const cwd = mkdtempSync(path.join(tmpdir(), 'mailprefs-sh-'));
  const result = spawnSync(shell, ['-c', SCRIPT, 'sh', ...files], {
    cwd,
    env: { PATH: '/nonexistent' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const printed = files.map((_, i) => ({
    stdout: readPrinted(path.join(cwd, `out.${i + 1}`)),
    stderr: readPrinted(path.join(cwd, `err.${i + 1}`)),
  }));
  rmSync(cwd, { recursive: true, force: true });
  if (result.error) throw result.error;
  const groups: Record<string, string>[] = [{}];
  // The records are bytes; decode each as UTF-8 only after splitting on NUL.
  for (const record of result.stdout.toString('utf8').split('\0').slice(0, -1)) {
    if (record === '@@@') groups.push({});
    else {
      const at = record.indexOf('=');
      groups[groups.length - 1]![record.slice(0, at)] = record.slice(at + 1);
    }
  }
  groups.pop();
  const [baseline, ...perFile] = groups;
  for (const env of perFile)
    for (const key of Object.keys(baseline ?? {})) if (env[key] === baseline![key]) delete env[key];
  if (perFile.length !== files.length) throw new Error(`sh read ${perFile.length} of ${files.length} files`);
  return { values: perFile, printed };
}

function readPrinted(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '(nothing: the file was not created)';
  }
}
