// Where a text stops being JSON, as line and column, without quoting it. V8's JSON.parse
// messages quote the text around the error ("...\"password\": S3cr3t-Pa5\"..."), and an import
// file holds secrets no Redactor knows yet: a message must point at the place, never show it.
// A small recursive-descent scanner over RFC 8259's grammar; parse-config-document.ts bounds the
// nesting depth before it runs.

/** The offset of the first character that is not JSON, or text.length when the text ends too early; null when it is JSON. */
export function jsonErrorOffset(text: string): number | null {
  let at = 0;
  const fail = (): never => {
    throw new Stop(at);
  };
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++;
  };
  const literal = (word: string) => {
    for (const c of word) {
      if (text[at] !== c) fail();
      at++;
    }
  };
  const digits = () => {
    const start = at;
    while (at < text.length && text[at]! >= '0' && text[at]! <= '9') at++;
    if (at === start) fail();
  };
  const string = () => {
    at++; // the opening quote
    for (;;) {
      if (at >= text.length) fail();
      const c = text.charCodeAt(at);
      if (c === 0x22) return void at++;
      if (c < 0x20) fail();
      if (c !== 0x5c) {
        at++;
        continue;
      }
      at++;
      const escaped = text[at];
      if (escaped !== undefined && '"\\/bfnrt'.includes(escaped)) at++;
      else if (escaped === 'u') {
        at++;
        for (let i = 0; i < 4; i++, at++) if (!/[0-9a-fA-F]/.test(text[at] ?? '')) fail();
      } else fail();
    }
  };
  const number = () => {
    if (text[at] === '-') at++;
    if (text[at] === '0') at++;
    else digits();
    if (text[at] === '.') {
      at++;
      digits();
    }
    if (text[at] === 'e' || text[at] === 'E') {
      at++;
      if (text[at] === '+' || text[at] === '-') at++;
      digits();
    }
  };
  const list = (close: string, item: () => void) => {
    at++; // the opening bracket
    space();
    if (text[at] === close) return void at++;
    for (;;) {
      item();
      space();
      if (text[at] === close) return void at++;
      if (text[at] !== ',') fail();
      at++;
      space();
    }
  };
  const value = (): void => {
    space();
    const c = text[at];
    if (c === '{') {
      list('}', () => {
        if (text[at] !== '"') fail();
        string();
        space();
        if (text[at] !== ':') fail();
        at++;
        value();
      });
    } else if (c === '[') list(']', value);
    else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else fail();
  };
  try {
    value();
    space();
    if (at < text.length) fail();
    return null;
  } catch (error) {
    if (error instanceof Stop) return Math.min(error.offset, text.length);
    throw error;
  }
}

class Stop {
  constructor(readonly offset: number) {}
}

/**
 * "at line 3, column 14" (both from 1; a line ends at LF, CRLF or a lone CR; columns count
 * UTF-16 units, as editors mostly do), or "it ends too early".
 */
export function describeJsonError(text: string): string {
  const offset = jsonErrorOffset(text);
  if (offset === null || offset >= text.length) return 'it ends too early';
  const lines = text.slice(0, offset).split(/\r\n|\r|\n/);
  return `at line ${lines.length}, column ${lines.at(-1)!.length + 1}`;
}
