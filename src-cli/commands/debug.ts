// --debug: the protocol conversation (credentials already removed by Transcript) on stderr, also
// when the command fails, so the failure can be read in context.
import type { Transcript } from '../../src-main/incoming/transcript';
import type { CliContext } from '../context';

export async function withDebug<T>(
  ctx: CliContext,
  transcript: Transcript | undefined,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } finally {
    // With --json the transcript is part of the JSON result instead (stderr stays empty).
    if (transcript && !ctx.json) printTranscript(ctx, transcript);
  }
}

export function printTranscript(ctx: CliContext, transcript: Transcript): void {
  // Transcript lines show control characters as codes already (shown-text.ts); the redactor may not add any.
  for (const line of debugLines(transcript)) ctx.stderr.write(`${ctx.redactor.redact(line)}\n`);
}

export function debugLines(transcript: Transcript | undefined): string[] {
  return (transcript?.lines ?? []).map((l) => `${l.dir === 'c' ? 'C:' : l.dir === 's' ? 'S:' : '*'} ${l.text}`);
}
