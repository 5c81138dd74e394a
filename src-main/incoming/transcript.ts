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
/**
 * Past the limit the end is kept as well as the start: a conversation that long usually ends in
 * the line that explains the failure, and that is the line the admin needs.
 */
export const TRANSCRIPT_TAIL_LINES = 200;
const HEAD_LINES = MAX_TRANSCRIPT_LINES - TRANSCRIPT_TAIL_LINES;

export class Transcript {
  private readonly head: TranscriptLine[] = [];
  /** The latest lines once the head is full, oldest first from `tailStart` (a ring). */
  private readonly tail: TranscriptLine[] = [];
  private tailStart = 0;
  private leftOut = 0;
  private last: TranscriptLine | undefined;
  /** After AUTH without an initial response, the next client line is the SASL payload. */
  private saslPending = false;

  constructor(private readonly redactor: Redactor) {}

  /** The conversation as shown: at most MAX_TRANSCRIPT_LINES lines and one saying what was left out. */
  get lines(): TranscriptLine[] {
    const tail = [...this.tail.slice(this.tailStart), ...this.tail.slice(0, this.tailStart)];
    if (this.leftOut === 0) return [...this.head, ...tail];
    const gap: TranscriptLine = {
      dir: 'i',
      text: `[${this.leftOut} lines left out here: the first ${HEAD_LINES} and the last ${TRANSCRIPT_TAIL_LINES} are shown]`,
    };
    return [...this.head, gap, ...tail];
  }

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
      if (/^(\+|334)( |$)/.test(raw) && this.last?.text.includes('AUTH')) this.saslPending = true;
      this.push('s', raw);
    }
  }

  note(text: string): void {
    this.push('i', text);
  }

  private push(dir: TranscriptLine['dir'], text: string): void {
    // What the server sent is shown, never obeyed: an escape or a lone CR as its code (shown-text.ts).
    const line: TranscriptLine = { dir, text: shownLine(this.redactor.redact(text)).slice(0, 2000) };
    this.last = line;
    // Bounded: a server answering with lines without end must not fill memory before a deadline.
    if (this.head.length < HEAD_LINES) this.head.push(line);
    else if (this.tail.length < TRANSCRIPT_TAIL_LINES) this.tail.push(line);
    else {
      this.tail[this.tailStart] = line;
      this.tailStart = (this.tailStart + 1) % TRANSCRIPT_TAIL_LINES;
      this.leftOut++;
    }
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
