// One rule for every value that ends up on a protocol line (SMTP, IMAP, POP3 commands), in a
// message header, in a request to an authorization server, or on a line of an exported file:
// no line breaks or control characters, because the receiver would read them as a new command,
// a new header or a new setting. Used as a zod check in the schemas; main re-checks with
// src-main/protocol/line-guard.ts right before writing to a socket.
import { z } from 'zod';
import { hasControlChars } from './validators';

/** Where the value goes, which decides what the admin is told would go wrong. */
export type ControlCharRisk = 'command' | 'header' | 'request' | 'file';

const CONSEQUENCE: Record<ControlCharRisk, string> = {
  command: 'the mail server would read them as a new command',
  header: 'they would start a new header in the message',
  request: 'the authorization server would read them as part of another parameter',
  file: 'they would break the lines of the exported settings files',
};

/** "The password cannot contain line breaks or control characters: …". */
export function controlCharMessage(label: string, risk: ControlCharRisk): string {
  return `${label} cannot contain line breaks or control characters: ${CONSEQUENCE[risk]}.`;
}

/** A zod check: `.check(noControlChars('The user name'))`. */
export function noControlChars(label: string, risk: ControlCharRisk = 'command') {
  return z.refine<string>((value) => !hasControlChars(value), controlCharMessage(label, risk));
}

/**
 * A trimmed string with a length cap (nothing unbounded crosses IPC) that refuses control
 * characters, checked first so that is the message the admin sees for such a value.
 */
export const boundedText = (label: string, max: number, risk: ControlCharRisk = 'command') =>
  z.string().trim().check(noControlChars(label, risk)).max(max, `${label} is too long (at most ${max} characters).`);
