// The real `age` command-line tool (Debian package `age`), to prove sealed exports open with it.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function ageKeypair(): { keyFile: string; recipient: string; identity: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'age-key-'));
  const keyFile = path.join(dir, 'key.txt');
  execFileSync('age-keygen', ['-o', keyFile], { stdio: 'pipe' });
  const text = readFileSync(keyFile, 'utf8');
  const recipient = /public key: (age1[0-9a-z]+)/.exec(text)?.[1];
  const identity = text.split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-'));
  if (!recipient || !identity) throw new Error('age-keygen output not understood');
  return { keyFile, recipient, identity };
}

export function ageDecryptWithKey(file: string, keyFile: string): string {
  return execFileSync('age', ['-d', '-i', keyFile, file], { encoding: 'utf8' });
}

/** age reads passphrases only from a terminal: util-linux's `script` gives it one. */
export function ageDecryptWithPassphrase(file: string, passphrase: string): Promise<string> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'age-out-')), 'plain');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', `age -d -o '${out}' '${file}'`, '/dev/null'], { stdio: 'pipe' });
    let screen = '';
    let sent = false;
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`age did not finish: ${screen}`));
    }, 30_000);
    child.stdout.on('data', (d: Buffer) => {
      screen += d.toString();
      if (!sent && /passphrase/i.test(screen)) {
        sent = true;
        child.stdin.write(passphrase + '\r');
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`age exited ${code}: ${screen}`));
      resolve(readFileSync(out, 'utf8'));
    });
  });
}
