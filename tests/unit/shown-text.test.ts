// Text from outside, shown: a control character as its code, never obeyed by a terminal or
// reordering what the admin reads; ordinary text (accents, emoji, CJK) untouched.
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printFailure } from '../../src-cli/output';
import { Redactor } from '../../src-main/logging/redactor';
import { shownLine, shownText } from '../../src-shared/shown-text';

// eslint-disable-next-line no-control-regex -- the characters under test
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

describe('shown text', () => {
  it('names each control character by its code', () => {
    expect(shownLine('a\u001b[2J\rb\u202ec\nd\te')).toBe('a\\u{1B}[2J\\u{0D}b\\u{202E}c\\u{0A}d\\u{09}e');
    expect(shownText('a\nb\tc\u0085')).toBe('a\nb\tc\\u{85}');
    expect(shownText('Grüße 👋 東京 Ω')).toBe('Grüße 👋 東京 Ω');
  });

  it('leaves nothing unsafe in any string, and changes no string that has nothing unsafe', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(shownText(text)).not.toMatch(UNSAFE);
        expect(shownLine(text)).not.toMatch(/[\n\t]/);
        if (!UNSAFE.test(text)) expect(shownText(text)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it("the CLI's human output shows a server's escape sequence instead of sending it to the terminal", () => {
    let printed = '';
    const stderr = new Writable({ write: (chunk, _enc, done) => ((printed += String(chunk)), done()) });
    const failure = {
      data: {
        code: 'smtp_protocol',
        message: 'The POP3 test failed.',
        hint: 'See below.',
        detail: '-ERR \u001b]0;pwned\u0007',
      },
      exitCode: 4,
    };
    printFailure({ stdout: stderr, stderr, redactor: new Redactor(), json: false }, failure as never);
    expect(printed).toContain('-ERR \\u{1B}]0;pwned\\u{07}');
    expect(printed).not.toMatch(UNSAFE);
  });
});
