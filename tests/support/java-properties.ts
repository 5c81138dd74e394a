// Reads .properties files with java.util.Properties (the system JDK: javac and java from
// openjdk-17-jdk-headless). PropertiesDump.java is compiled once per test process; one JVM
// reads the whole batch, with load(InputStream) and with load(Reader) over UTF-8.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface JavaReading {
  /** Properties.load(InputStream): ISO-8859-1, what Spring Boot's loader reads too. */
  stream: Record<string, string>;
  /** Properties.load(Reader) over a UTF-8 reader. */
  reader: Record<string, string>;
}

let classDir: string | undefined;

function compiled(): string {
  if (!classDir) {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-java-'));
    execFileSync('javac', ['-d', dir, path.join(import.meta.dirname, 'PropertiesDump.java')]);
    classDir = dir;
  }
  return classDir;
}

export function readWithJavaProperties(files: string[]): JavaReading[] {
  const out = execFileSync(
    'java',
    ['-Xshare:auto', '-XX:TieredStopAtLevel=1', '-cp', compiled(), 'PropertiesDump', ...files],
    {
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(out.toString('ascii')) as JavaReading[];
}
