// toPlainData: the copy dispatch makes before any schema runs. Hostile values are refused
// with a reason and without running their code; ordinary payloads come through unchanged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLAIN_DATA_LIMITS, toPlainData } from '../../src-main/dispatch/plain-data';

function refused(value: unknown): string {
  const snapshot = toPlainData(value);
  if (snapshot.ok) throw new Error('expected a refusal');
  return snapshot.problem;
}

function deep(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = { next: value };
  return value;
}

const throwingProxy = () =>
  new Proxy(
    {},
    {
      get: () => {
        throw new Error('get trap');
      },
      ownKeys: () => {
        throw new Error('ownKeys trap');
      },
      getPrototypeOf: () => {
        throw new Error('getPrototypeOf trap');
      },
      getOwnPropertyDescriptor: () => {
        throw new Error('descriptor trap');
      },
    },
  );

describe('toPlainData', () => {
  it('copies JSON data exactly, as a new object', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        const snapshot = toPlainData(value);
        expect(snapshot).toEqual({ ok: true, value });
        if (snapshot.ok && typeof value === 'object' && value !== null) expect(snapshot.value).not.toBe(value);
      }),
    );
  });

  it('refuses cycles, deep nesting, huge text and too many values', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(refused(cyclic)).toMatch(/nested more than 16 levels/);
    expect(refused(deep(100_000))).toMatch(/nested more than 16 levels/);
    expect(toPlainData(deep(PLAIN_DATA_LIMITS.depth)).ok).toBe(true);
    expect(refused('x'.repeat(5 * 1024 * 1024))).toMatch(/more than 256 KiB of text/);
    expect(refused(new Array(1_000_000).fill(0))).toMatch(/longer than 10000 items/);
    expect(refused(Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i])))).toMatch(
      /more than 10000 values/,
    );
  });

  it('never runs a getter, toString, toJSON or Symbol.toPrimitive', () => {
    let ran = false;
    const mark = () => {
      ran = true;
      return 'x';
    };
    expect(
      refused({
        get id() {
          return mark();
        },
      }),
    ).toMatch(/property "id" is a getter/);
    expect(refused({ toString: mark })).toMatch(/contains a function/);
    expect(refused({ toJSON: mark })).toMatch(/contains a function/);
    expect(refused({ [Symbol.toPrimitive]: mark })).toMatch(/symbol as a property key/);
    expect(ran).toBe(false);
  });

  it('refuses proxies that throw, revoked proxies, symbols, bigints and non-plain objects', () => {
    expect(refused(throwingProxy())).toMatch(/could not be read/);
    expect(refused({ nested: [throwingProxy()] })).toMatch(/could not be read/);
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(refused(proxy)).toMatch(/could not be read/);
    expect(refused(Symbol('s'))).toMatch(/contains a symbol/);
    expect(refused(10n)).toMatch(/contains a bigint/);
    for (const value of [new Date(), new Map(), new Uint8Array(2), /x/, new (class Thing {})(), new String('s')]) {
      expect(refused(value)).toMatch(/not plain data/);
    }
    class MyArray extends Array {}
    expect(refused(MyArray.from([1]))).toMatch(/array of an unusual kind/);
  });

  it('keeps "__proto__" an ordinary key, reads holes as undefined and drops non-enumerable keys', () => {
    const snapshot = toPlainData(JSON.parse('{"__proto__": {"polluted": true}, "a": [1, null, 3]}'));
    expect(snapshot.ok).toBe(true);
    if (!snapshot.ok) return;
    const copy = snapshot.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    // eslint-disable-next-line no-sparse-arrays -- the hole is the point
    expect(toPlainData([1, , 3])).toEqual({ ok: true, value: [1, undefined, 3] });
    const hidden = Object.defineProperty({ a: 1 }, 'b', { value: 2, enumerable: false });
    expect(toPlainData(hidden)).toEqual({ ok: true, value: { a: 1 } });
    expect(toPlainData(Object.assign(Object.create(null), { a: 1 }))).toEqual({ ok: true, value: { a: 1 } });
  });
});
