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

  it('writes out the same object twice side by side; only an ancestor is a cycle', () => {
    const redactor = new Redactor();
    redactor.add('token');
    const shared = { host: 'smtp.example.test', secret: 'token' };
    const cyclic: Record<string, unknown> = { shared };
    cyclic['self'] = cyclic;
    expect(redactor.redactValue({ a: shared, b: [shared], cyclic })).toEqual({
      a: { host: 'smtp.example.test', secret: MARK },
      b: [{ host: 'smtp.example.test', secret: MARK }],
      cyclic: { shared: { host: 'smtp.example.test', secret: MARK }, self: '[circular]' },
    });
  });

  it('keeps a "__proto__" key a key (as JSON.parse makes it), redacted inside, never a prototype', () => {
    const redactor = new Redactor();
    redactor.add('token');
    const out = redactor.redactValue(JSON.parse('{"__proto__": {"a": "token"}, "b": "x"}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(JSON.stringify(out)).toBe(`{"__proto__":{"a":"${MARK}"},"b":"x"}`);
  });
});

describe('Redactor, bounded', () => {
  it('keeps the most recently seen secrets: one read again stays, the oldest unread one goes', () => {
    const redactor = new Redactor(3);
    for (const s of ['client-secret', 'token-one', 'token-two']) redactor.add(s);
    redactor.add('client-secret'); // read again (vault.open): the most recent now
    redactor.add('token-three'); // the fourth: token-one, least recently seen, drops out
    expect(redactor.redact('client-secret token-one token-two token-three')).toBe(`${MARK} token-one ${MARK} ${MARK}`);
    expect(redactor.redact(Buffer.from('token-one').toString('base64'))).toBe(
      Buffer.from('token-one').toString('base64'),
    );
  });

  it('never holds more than its capacity, and redacts exactly the secrets a model of it holds (any order, repeats, shared forms)', () => {
    const capacity = 4;
    fc.assert(
      fc.property(fc.array(secretArb, { minLength: 1, maxLength: 30 }), (added) => {
        const redactor = new Redactor(capacity);
        const model: string[] = []; // most recent last
        for (const s of added) {
          redactor.add(s);
          const at = model.indexOf(s);
          if (at !== -1) model.splice(at, 1);
          model.push(s);
          if (model.length > capacity) model.shift();
        }
        for (const s of new Set(added)) {
          const forms = [s, Buffer.from(s).toString('base64')];
          // A form is blanked when a held secret has it as either form, or contains it.
          const heldForms = model.flatMap((m) => [m, Buffer.from(m).toString('base64')]);
          for (const form of forms) {
            const expectedBlank = heldForms.some((h) => h === form);
            const out = redactor.redact(form);
            if (expectedBlank) expect(out, `${form} held`).toBe(MARK);
            else if (!heldForms.some((h) => form.includes(h))) expect(out, `${form} dropped`).toBe(form);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('a secret inside the base64 of a longer text (a SASL payload)', () => {
  const token = 'ya29.a0AfB_byC-long-access-token-0123456789';
  const password = 'S3cret-Passw0rd!relay';

  it('is blanked at every offset the user name puts it at: at most two bytes of each end are left', () => {
    const redactor = new Redactor();
    redactor.add(token);
    redactor.add(password);
    for (let length = 0; length < 9; length++) {
      const user = 'u'.repeat(length);
      const payloads = [
        `user=${user}\x01auth=Bearer ${token}\x01\x01`, // XOAUTH2
        `n,a=${user},\x01host=mail.example.test\x01port=993\x01auth=Bearer ${token}\x01\x01`, // OAUTHBEARER
        `\0${user}\0${password}`, // PLAIN
      ];
      for (const payload of payloads) {
        const shown = redactor.redact(`535 5.7.8 echo: ${Buffer.from(payload).toString('base64')}`);
        const decoded = (shown.match(/[A-Za-z0-9+/=]{4,}/g) ?? []).map((run) =>
          Buffer.from(run, 'base64').toString('latin1'),
        );
        for (const secret of [token, password]) {
          expect(decoded.join('\n')).not.toContain(secret.slice(2, -2));
        }
      }
    }
  });

  it('short secrets get no shifted forms: four base64 characters would match ordinary text', () => {
    const redactor = new Redactor();
    redactor.add('abcd');
    expect(redactor.redact('ordinary text YWJj and dGV4dA')).toBe('ordinary text YWJj and dGV4dA');
  });
});
