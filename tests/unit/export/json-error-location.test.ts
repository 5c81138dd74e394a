import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../../src-main/export/parse-config-document';
import { describeJsonError, jsonErrorOffset } from '../../../src-main/export/json-error-location';

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** JSON text, pretty or compact, then perhaps one character deleted, replaced or inserted. */
const nearlyJson = fc
  .tuple(
    fc.jsonValue({ maxDepth: 4 }),
    fc.boolean(),
    fc.nat(),
    fc.constantFrom('del', 'set', 'ins', 'none'),
    fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }),
  )
  .map(([value, pretty, at, how, c]) => {
    const text = JSON.stringify(value, null, pretty ? 2 : undefined);
    const i = at % (text.length + 1);
    if (how === 'del') return text.slice(0, i) + text.slice(i + 1);
    if (how === 'set') return text.slice(0, i) + c + text.slice(i + 1);
    if (how === 'ins') return text.slice(0, i) + c + text.slice(i);
    return text;
  });

describe('jsonErrorOffset', () => {
  it('finds an error exactly when JSON.parse refuses the text', () => {
    fc.assert(
      fc.property(nearlyJson, (text) => {
        const offset = jsonErrorOffset(text);
        expect(offset === null).toBe(parses(text));
        if (offset !== null) expect(offset).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 3000 },
    );
  });

  it('points at the first character that cannot continue the JSON', () => {
    expect(jsonErrorOffset('{"a": 1,}')).toBe(8);
    expect(jsonErrorOffset('{"a": tru}')).toBe(9);
    expect(jsonErrorOffset('[1, 2')).toBe(5);
    expect(jsonErrorOffset('{"a": "x\ny"}')).toBe(8);
    expect(jsonErrorOffset('{} {}')).toBe(3);
    expect(describeJsonError('{\n  "a": 1,\n  "b": nope\n}')).toBe('at line 3, column 9');
    expect(describeJsonError('{"a": [1, 2')).toBe('it ends too early');
    // Lines end at CRLF and at a lone CR (old Mac files) as at LF.
    expect(describeJsonError('{\r\n  "a": 1,\r\n  "b": nope\r\n}')).toBe('at line 3, column 9');
    expect(describeJsonError('{\r  "a": 1,\r  "b": nope\r}')).toBe('at line 3, column 9');
  });
});

describe('a file that is not JSON', () => {
  it('is refused with where, never with what it says there', () => {
    const text = '{\n  "version": 2,\n  "profiles": [{ "secrets": { "password": S3cr3t-Pa5 } }]\n}\n';
    let message = '';
    try {
      parseDocument(text);
    } catch (error) {
      message = (error as Error).message;
      expect(JSON.stringify(error)).not.toContain('S3cr3t');
      expect((error as Error).cause).toBeUndefined();
    }
    expect(message).toBe('The file is not valid JSON (at line 3, column 43).');
    expect(message).not.toContain('S3cr3t');
  });
});
