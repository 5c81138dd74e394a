// Copies an IPC payload into plain data before any schema looks at it, so zod, the handlers and
// the logger never touch a hostile object: no getter runs, no toString or Symbol.toPrimitive is
// called, no Proxy trap fires after the copy, and nothing cyclic, deep or huge gets through.
// Real payloads are small JSON-like objects (a profile is a few KB, three levels deep).

import { setOwnKey } from '../json/plain-object';

export const PLAIN_DATA_LIMITS = {
  /** Nesting below the payload itself; saveProfile needs 3. */
  depth: 16,
  /** Objects, arrays and values together. */
  nodes: 10_000,
  /** UTF-16 code units over all strings and keys; the largest field (a secret) is 8192. */
  chars: 256 * 1024,
};
export type PlainDataLimits = typeof PLAIN_DATA_LIMITS;

export type PlainData = null | boolean | number | string | undefined | PlainData[] | { [key: string]: PlainData };

export type Snapshot = { ok: true; value: PlainData } | { ok: false; problem: string };

/** Never throws: whatever `value` does when it is read, the answer is a Snapshot. */
export function toPlainData(value: unknown, limits: PlainDataLimits = PLAIN_DATA_LIMITS): Snapshot {
  const copier = new Copier(limits);
  try {
    return { ok: true, value: copier.copy(value, 0) };
  } catch {
    // What was thrown is not looked at: if it came from the value (a trap, a getter inside a
    // descriptor) even `instanceof` on it could run hostile code. Our own refusals are recorded.
    return { ok: false, problem: copier.refusal ?? 'it could not be read (a property or proxy threw an error)' };
  }
}

const STOP = Symbol('refused');

class Copier {
  refusal: string | undefined;
  private nodes = 0;
  private chars = 0;

  constructor(private readonly limits: PlainDataLimits) {}

  copy(value: unknown, depth: number): PlainData {
    if (++this.nodes > this.limits.nodes) this.refuse(`it has more than ${this.limits.nodes} values`);
    switch (typeof value) {
      case 'string':
        this.spend(value.length);
        return value;
      case 'number':
      case 'boolean':
      case 'undefined':
        return value;
      case 'object':
        break;
      default:
        // bigint, symbol, function: the renderer's API never sends them.
        this.refuse(`it contains a ${typeof value}`);
    }
    if (value === null) return null;
    if (depth >= this.limits.depth) this.refuse(`it is nested more than ${this.limits.depth} levels deep`);
    const proto: unknown = Reflect.getPrototypeOf(value);
    if (Array.isArray(value)) {
      if (proto !== Array.prototype) this.refuse('it contains an array of an unusual kind');
      return this.copyArray(value, depth);
    }
    if (proto !== Object.prototype && proto !== null) {
      this.refuse('it contains an object that is not plain data (a class instance, Date, Map, …)');
    }
    return this.copyObject(value, depth);
  }

  private copyArray(value: object, depth: number): PlainData[] {
    const length: unknown = Reflect.getOwnPropertyDescriptor(value, 'length')?.value;
    if (typeof length !== 'number' || !Number.isSafeInteger(length) || length > this.limits.nodes) {
      this.refuse(`it has an array longer than ${this.limits.nodes} items`);
    }
    const out: PlainData[] = [];
    for (let i = 0; i < length; i++) out.push(this.copy(this.dataProperty(value, String(i)), depth + 1));
    return out;
  }

  private copyObject(value: object, depth: number): { [key: string]: PlainData } {
    const out: { [key: string]: PlainData } = {};
    const keys = Reflect.ownKeys(value);
    if (keys.length > this.limits.nodes) this.refuse(`it has more than ${this.limits.nodes} values`);
    for (const key of keys) {
      if (typeof key === 'symbol') this.refuse('it has a symbol as a property key');
      const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
      if (!descriptor?.enumerable) continue; // structured clone drops these too
      this.spend(key.length);
      // A key "__proto__" stays an ordinary own key (which the strict schemas then refuse).
      setOwnKey(out, key, this.copy(this.dataProperty(value, key, descriptor), depth + 1));
    }
    return out;
  }

  /** The value of an own data property; a getter is refused without being called. */
  private dataProperty(target: object, key: string, known?: PropertyDescriptor): unknown {
    const descriptor = known ?? Reflect.getOwnPropertyDescriptor(target, key);
    if (!descriptor) return undefined; // a hole in a sparse array
    if (!('value' in descriptor))
      this.refuse(`its property ${JSON.stringify(key.slice(0, 40))} is a getter, not a value`);
    return descriptor.value;
  }

  private spend(chars: number): void {
    this.chars += chars;
    if (this.chars > this.limits.chars) this.refuse(`it holds more than ${this.limits.chars / 1024} KiB of text`);
  }

  private refuse(problem: string): never {
    this.refusal = problem;
    throw STOP;
  }
}
