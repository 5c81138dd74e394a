// Text that came from outside (a server's reply, a provider's error) shown to the admin: in the
// window, in a transcript, on a terminal. A control character there is not text: ESC starts a
// terminal escape (it can retitle the window, clear the screen, or rewrite what was printed), a
// lone CR overwrites the line, and the bidirectional controls (U+202E…) reorder what the admin
// reads. Each is shown as its code instead, so what the server sent stays readable.

// C0 and C1 controls but LF and tab, the bidirectional embeddings, overrides, isolates and marks,
// and the BOM.
const CONTROLS =
  '\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ufeff';
const UNSHOWABLE = new RegExp(`[${CONTROLS}]`, 'g');
const UNSHOWABLE_OR_LINE_BREAK = new RegExp(`[\\n\\t${CONTROLS}]`, 'g');

const code = (c: string) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase().padStart(2, '0')}}`;

/** One line of text: every control character (line breaks and tabs too) as its \u{…} code. */
export function shownLine(text: string): string {
  return text.replace(UNSHOWABLE_OR_LINE_BREAK, code);
}

/** Text of several lines: LF and tab stay, every other control character as its \u{…} code. */
export function shownText(text: string): string {
  return text.replace(UNSHOWABLE, code);
}
