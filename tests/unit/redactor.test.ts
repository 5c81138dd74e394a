// The Redactor blanks every secret it has seen from any text, whatever order secrets arrive in
// and however they overlap; the sorted list it keeps between calls must follow every add.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src-main/logging/redactor';

const MARK = '[redacted]';
const secretArb = fc.string({ minLength: 4, maxLength: 12, unit: fc.constantFrom('a', 'b', 'c', 'x', '=', '+', 'é') });

describe('Redactor', () => {
  it('leaves no secret, raw or base64, in any text built from secrets and noise (secrets added between redactions)', () => {
    fc.assert(
      fc.property(
        fc.array(secretArb, { minLength: 1, maxLength: 8 }),
        fc.array(fc.oneof(fc.nat(7), fc.string({ maxLength: 6 })), { maxLength: 12 }),
        fc.nat(8),
        (secrets, pieces, addedFirst) => {
          const redactor = new Redactor();
          const build = () =>
            pieces
              .map((p) =>
                typeof p === 'number'
                  ? p % 2
                    ? secrets[p % secrets.length]!
                    : Buffer.from(secrets[p % secrets.length]!).toString('base64')
                  : p,
              )
              .join('');
          for (const s of secrets.slice(0, addedFirst)) redactor.add(s);
          redactor.redact(build()); // fills the cached order before the rest are added
          for (const s of secrets.slice(addedFirst)) redactor.add(s);
          const out = redactor.redact(build());
          for (const s of secrets) {
            for (const form of [s, Buffer.from(s).toString('base64')]) {
              // A whole secret never survives (a piece of "[redacted]" is not one of ours).
              if (!MARK.includes(form))
                expect(out.includes(form), `${JSON.stringify(form)} in ${JSON.stringify(out)}`).toBe(false);
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('blanks a secret that contains another one whole, and ignores strings too short to be secrets', () => {
    const redactor = new Redactor();
    redactor.add('token');
    redactor.add('my-token-value');
    redactor.add('abc');
    expect(redactor.redact('x my-token-value y token abc')).toBe(`x ${MARK} y ${MARK} abc`);
    expect(redactor.redactValue({ 'key token': ['token', 1] })).toEqual({ [`key ${MARK}`]: [MARK, 1] });
  });
});
