// Prints a command's result or failure: for people (result on stdout, errors on stderr with what
// to do), or with --json one object on stdout for scripts. Everything passes the redactor first.
import type { Redactor } from '../src-main/logging/redactor';
import { shownText } from '../src-shared/shown-text';
import type { CommandResult } from './context';
import { EXIT } from './exit-codes';
import type { CliFailure } from './failure';

export interface Output {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  redactor: Redactor;
  json: boolean;
}

export function printResult(out: Output, result: CommandResult): void {
  const exitCode = result.exitCode ?? EXIT.ok;
  const shown = (text: string) => (result.revealsSecret ? text : out.redactor.redact(text));
  if (out.json) {
    const value = { ok: exitCode === EXIT.ok, exitCode, ...result.json };
    writeJson(out.stdout, result.revealsSecret ? value : out.redactor.redactValue(value));
    return;
  }
  if (result.human) write(out.stdout, shown(result.human));
  for (const failure of result.failures ?? []) write(out.stderr, out.redactor.redact(explanation(failure)));
}

export function printFailure(out: Output, failure: CliFailure): void {
  const { data, exitCode } = failure;
  if (out.json) {
    writeJson(out.stdout, out.redactor.redactValue({ ok: false, exitCode, error: data }));
    return;
  }
  const fields = (data.fields ?? []).map((f) => `  ${f.path || 'file'}: ${f.message}`);
  write(out.stderr, out.redactor.redact([explanation(data), ...fields].join('\n')));
}

function explanation(e: { message: string; hint: string; detail?: string | undefined }): string {
  return [
    `mailprefs: ${e.message}`,
    e.hint ? `  What to do: ${e.hint}` : '',
    e.detail ? `  Detail: ${e.detail.split('\n').join('\n    ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * For scripts, read as data: JSON.stringify escapes C0 controls (ESC, CR) itself. C1 and bidi
 * controls stay as they are: \u{…} codes would change the strings a script reads.
 */
function writeJson(stream: NodeJS.WritableStream, value: unknown): void {
  stream.write(`${JSON.stringify(value)}\n`);
}

/** Human output goes to a terminal: a server's escape sequence or lone CR in it is shown, not obeyed. */
function write(stream: NodeJS.WritableStream, text: string): void {
  const shown = shownText(text);
  stream.write(shown.endsWith('\n') ? shown : `${shown}\n`);
}
