// The crash tests' side of a child's protocol: its stdout read line by line, and the SIGKILL
// `killAfterMs` after it says "ready" (the store is open; from then on any instant may be the one).
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';

export function onChildLines(
  child: ChildProcessByStdio<null, Readable, Readable>,
  killAfterMs: number,
  onLine: (line: string) => void,
): void {
  let buffer = '';
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString();
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      else onLine(line);
    }
  });
}
