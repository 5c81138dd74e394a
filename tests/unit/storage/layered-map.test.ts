// The store's index: every version a write makes reads exactly like a plain Map given the same
// changes, the versions before it stay as they were (readers may hold them), and a write copies
// only what changed (checked through what it costs to build at 10,000 entries).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FOLD_AT, LayeredMap } from '../../../src-main/storage/layered-map';

type Change = [key: string, value: number | undefined];

/** Keys from a small pool, so that sets, replacements, removals and re-adds of one key all happen. */
const change = fc.tuple(
  fc.constantFrom('a', 'b', 'c', 'constructor', '__proto__', 'k1', 'k2', 'k3', 'k4', 'k5'),
  fc.option(fc.integer(), { nil: undefined }),
);
const batches = fc.array(fc.array(change, { maxLength: 6 }), { maxLength: 3 * FOLD_AT });

function model(previous: ReadonlyMap<string, number>, batch: readonly Change[]): Map<string, number> {
  const next = new Map(previous);
  for (const [key, value] of batch) {
    if (value === undefined) next.delete(key);
    else next.set(key, value);
  }
  return next;
}

const sorted = (entries: Iterable<[string, number]>) => [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

function expectSame(actual: LayeredMap<string, number>, expected: ReadonlyMap<string, number>): void {
  expect(actual.size).toBe(expected.size);
  expect(sorted(actual.entries())).toEqual(sorted(expected.entries()));
  expect(new Set(actual.keys())).toEqual(new Set(expected.keys()));
  expect([...actual.values()].sort()).toEqual([...expected.values()].sort());
  for (const key of ['a', 'b', 'c', 'constructor', '__proto__', 'k1', 'k5', 'toString', 'missing']) {
    expect(actual.get(key)).toBe(expected.get(key));
    expect(actual.has(key)).toBe(expected.has(key));
  }
  const seen: [string, number][] = [];
  actual.forEach((value, key, map) => {
    expect(map).toBe(actual);
    seen.push([key, value]);
  });
  expect(sorted(seen)).toEqual(sorted(expected.entries()));
}

describe('LayeredMap', () => {
  it('each version reads as a plain Map with the same changes, and earlier versions never change', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 5 }), batches, (initial, steps) => {
        let expected = model(new Map(), initial);
        let actual = LayeredMap.of(new Map(expected));
        const history: [LayeredMap<string, number>, Map<string, number>][] = [[actual, expected]];
        for (const batch of steps) {
          expected = model(expected, batch);
          actual = actual.with(new Map(batch));
          history.push([actual, expected]);
        }
        for (const [version, itsModel] of history) expectSame(version, itsModel);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the order of the map it started from: a changed entry keeps its place, new ones come after', () => {
    const start = LayeredMap.of(
      new Map([
        ['x', 1],
        ['y', 2],
        ['z', 3],
      ]),
    );
    const next = start.with(
      new Map<string, number | undefined>([
        ['y', 20],
        ['w', 4],
        ['x', undefined],
      ]),
    );
    expect([...next.keys()]).toEqual(['y', 'z', 'w']);
    expect([...start.keys()]).toEqual(['x', 'y', 'z']);
  });

  it('a write does not copy the whole index: its copies and folds touch a small share of it', () => {
    const SIZE = 10_000;
    const WRITES = 1000;
    let map = LayeredMap.of(new Map<string, number>(Array.from({ length: SIZE }, (_, i) => [`id-${i}`, i])));
    // Counted, not timed: every entry any Map receives while the writes run (a Map built from
    // another calls its set() per entry), against SIZE per write for a whole copy each time.
    let stored = 0;
    const RealMap = Map;
    globalThis.Map = class CountingMap<K, V> extends RealMap<K, V> {
      override set(key: K, value: V): this {
        stored++;
        return super.set(key, value);
      }
    } as MapConstructor;
    try {
      for (let i = 0; i < WRITES; i++) map = map.with(new RealMap<string, number>([[`id-${i % 50}`, -i]]));
    } finally {
      globalThis.Map = RealMap;
    }
    expect(map.get('id-49')).toBe(-999);
    expect(map.get('id-50')).toBe(50);
    expect(map.size).toBe(SIZE);
    // Overlay copies (at most FOLD_AT each) and a fold every FOLD_AT writes or so.
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan((WRITES * SIZE) / 20);
  });
});
