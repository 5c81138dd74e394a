// A small deterministic PRNG (xorshift32) for the crash children, so a failing seed can be
// replayed by hand: the same seed gives the same operations, names and values.
export interface SeededRandom {
  /** An integer in [0, n). */
  below(n: number): number;
  /** The generator's current state: varies per step, so names built from it are unique. */
  readonly state: number;
}

export function seededRandom(seedText: string): SeededRandom {
  let seed = Number(seedText) >>> 0 || 1;
  return {
    below(n) {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    },
    get state() {
      return seed;
    },
  };
}
