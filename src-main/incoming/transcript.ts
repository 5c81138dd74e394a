// The protocol conversation of a test ("Enable Email Debug" in ServiceDesk Plus), with every
// credential removed before anyone sees it: AUTH/LOGIN/PASS arguments, SASL continuations, and
// any secret the Redactor knows.
import type { Redactor } from '../logging/redactor';

import { AppError } from '../../src-shared/errors';
import type { TranscriptLine } from '../../src-shared/ipc';
import { shownLine } from '../../src-shared/shown-text';

const CREDENTIAL_COMMANDS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^(\S+ )?(LOGIN) (\S+) .*/i, (m) => `${m[1] ?? ''}${m[2]} ${m[3]} [credentials hidden]`],
  [
    /^(\S+ )?(AUTHENTICATE|AUTH) (\S+)( .*)?$/i,
    (m) => `${m[1] ?? ''}${m[2]} ${m[3]}${m[4] ? ' [credentials hidden]' : ''}`,
  ],
  [/^(PASS) .*/i, (m) => `${m[1]} [hidden]`],
];

/** Any test's whole conversation fits many times over. */
export const MAX_TRANSCRIPT_LINES = 2000;

export class Transcript {
  readonly lines: TranscriptLine[] = [];
  /** After AUTH without an initial response, the next client line is the SASL payload. */
  private saslPending = false;

  constructor(private readonly redactor: Redactor) {}

  client(text: string): void {
    // The empty answer to a failed XOAUTH2's challenge is the SASL reply: without this the flag
    // stayed set, and the next real command (a retry's CAPA) was shown as hidden credentials.
    if (this.saslPending && text.trim() === '') {
      this.saslPending = false;
      this.push('c', '[empty response]');
      return;
    }
    for (const raw of text.split(/\r?\n/).filter(Boolean)) {
      if (this.saslPending) {
        this.saslPending = false;
        this.push('c', '[credentials hidden]');
        continue;
      }
      const rule = CREDENTIAL_COMMANDS.find(([re]) => re.test(raw));
      if (rule) {
        const m = rule[0].exec(raw)!;
        if (/^(\S+ )?(AUTHENTICATE|AUTH) \S+$/i.test(raw)) this.saslPending = true;
        this.push('c', rule[1](m));
      } else {
        this.push('c', raw);
      }
    }
  }

  server(text: string): void {
    for (const raw of text.split(/\r?\n/).filter(Boolean)) {
      // A server challenge ("+ ..." / "334 ...") means the client answers with SASL data next.
      if (/^(\+|334)( |$)/.test(raw) && this.lines.at(-1)?.text.includes('AUTH')) this.saslPending = true;
      this.push('s', raw);
    }
  }

  note(text: string): void {
    this.push('i', text);
  }

  private push(dir: TranscriptLine['dir'], text: string): void {
    // Bounded: a server answering with lines without end must not fill memory before a deadline.
    if (this.lines.length >= MAX_TRANSCRIPT_LINES) {
      if (this.lines.length === MAX_TRANSCRIPT_LINES) {
        this.lines.push({
          dir: 'i',
          text: `[${MAX_TRANSCRIPT_LINES} lines shown; the rest of the conversation is left out]`,
        });
      }
      return;
    }
    // What the server sent is shown, never obeyed: an escape or a lone CR as its code (shown-text.ts).
    this.lines.push({ dir, text: shownLine(this.redactor.redact(text)).slice(0, 2000) });
  }
}

/** The error with the conversation up to the failure appended to its detail (debug runs). */
export function withTranscript(error: AppError, transcript: Transcript): AppError {
  const lines = transcript.lines.map((l) => `${l.dir.toUpperCase()}: ${l.text}`);
  return new AppError(
    { ...error.toData(), detail: [error.detail, ...lines].filter(Boolean).join('\n') },
    { cause: error },
  );
}
