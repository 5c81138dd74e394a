// The last check before a value is written to an SMTP, IMAP or POP3 socket: a line break or
// control character there would let a stored value (saved before the schema refused them, or
// imported) smuggle in a second command or header. The schemas refuse them on the way in; this
// refuses them on the way out, whatever the source.
import { AppError } from '../../src-shared/errors';
import { controlCharMessage, type ControlCharRisk } from '../../src-shared/safe-text';
import { hasControlChars } from '../../src-shared/validators';

/** Label ("The password") → value. Undefined values are not sent, so not checked. */
export type LineValues = Record<string, string | undefined>;

/** Throws invalid_input naming the first value that holds a control character; never the value itself. */
export function assertLineSafe(values: LineValues, risk: ControlCharRisk = 'command'): void {
  // for…in, not Object.entries: no array of pairs per call (a test send runs it three times).
  for (const label in values) {
    const value = values[label];
    if (value !== undefined && hasControlChars(value)) {
      throw new AppError({
        code: 'invalid_input',
        message: `${controlCharMessage(label, risk)} Nothing was sent to the server.`,
        hint: `Open the profile, enter ${lowerFirst(label)} again without line breaks or control characters, save, and try again.`,
      });
    }
  }
}

function lowerFirst(label: string): string {
  return label.charAt(0).toLowerCase() + label.slice(1);
}
