// The store's index of records, immutable like every committed state, but cheap to change: a
// write makes a new map that shares a base with the one before and carries only what changed
// since in a small overlay. Copying the whole index per write cost about 100 µs at 1000 profiles,
// for every status and every token refresh. The overlay is folded into a new base when it grows
// past FOLD_AT entries, so a write costs O(FOLD_AT) and, amortized, O(size / FOLD_AT).

/** An entry the overlay removes from the base. */
const GONE: unique symbol = Symbol('removed');
type Layer<V> = V | typeof GONE;

export const FOLD_AT = 32;

export class LayeredMap<K, V> implements ReadonlyMap<K, V> {
  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly overlay: ReadonlyMap<K, Layer<V>>,
    readonly size: number,
  ) {}

  /** The map as a LayeredMap, sharing it (a plain Map handed in must not be changed afterwards). */
  static of<K, V>(map: ReadonlyMap<K, V>): LayeredMap<K, V> {
    return map instanceof LayeredMap ? (map as LayeredMap<K, V>) : new LayeredMap(map, new Map(), map.size);
  }

  get(key: K): V | undefined {
    const layered = this.overlay.get(key);
    if (layered === undefined) return this.base.get(key);
    return layered === GONE ? undefined : layered;
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  /** A new map with `changes` applied (a value: set; undefined: removed); this one is unchanged. */
  with(changes: ReadonlyMap<K, V | undefined>): LayeredMap<K, V> {
    if (changes.size === 0) return this;
    const overlay = new Map(this.overlay);
    let size = this.size;
    for (const [key, value] of changes) {
      const had = this.has(key);
      if (value === undefined) {
        if (!had) continue;
        size--;
        if (this.base.has(key)) overlay.set(key, GONE);
        else overlay.delete(key);
      } else {
        if (!had) size++;
        overlay.set(key, value);
      }
    }
    if (overlay.size <= FOLD_AT) return new LayeredMap(this.base, overlay, size);
    const folded = new Map<K, V>();
    for (const [key, value] of new LayeredMap(this.base, overlay, size)) folded.set(key, value);
    return new LayeredMap(folded, new Map(), size);
  }

  /** The base's order (a changed entry keeps its place), then entries added since. */
  *entries(): MapIterator<[K, V]> {
    for (const [key, value] of this.base) {
      const layered = this.overlay.get(key);
      if (layered === undefined) yield [key, value];
      else if (layered !== GONE) yield [key, layered];
    }
    for (const [key, layered] of this.overlay) {
      if (layered !== GONE && !this.base.has(key)) yield [key, layered];
    }
  }

  *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
}
