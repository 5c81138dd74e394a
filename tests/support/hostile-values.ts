// Values a compromised or buggy renderer could send: ids that are not app-made, and payloads
// that misbehave when read. Shared by the id tests and the dispatch fuzz test.
import { randomUUID } from 'node:crypto';

/** Object.prototype member names, paths, oversized and near-miss UUIDs. */
export const HOSTILE_IDS = [
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  '../x',
  '../../etc/passwd',
  '/tmp/x',
  'C:\\Windows\\x',
  'a/b',
  '.',
  '..',
  '',
  'x'.repeat(10_000),
  `${randomUUID()}/../x`,
  `${randomUUID()}\n`,
  randomUUID().toUpperCase(),
  '3f1c2d4e-0000-1000-8000-000000000001', // a UUID, but version 1: not from randomUUID
  '00000000-0000-0000-0000-000000000000',
];

function throwing(what: string): () => never {
  return () => {
    throw new Error(`${what} ran`);
  };
}

let deepObject: unknown;
let deepArray: unknown;
let hugeString: string | undefined;
let manyKeys: Record<string, number> | undefined;

/** Builders (fresh values each call, since some are stateful) for payloads that fight back. */
export const HOSTILE_VALUES: Record<string, () => unknown> = {
  throwingGetter: () => ({
    get id() {
      return throwing('getter')();
    },
  }),
  throwingToString: () => ({ toString: throwing('toString'), valueOf: throwing('valueOf') }),
  throwingToPrimitive: () => ({ [Symbol.toPrimitive]: throwing('Symbol.toPrimitive') }),
  throwingToJson: () => ({ id: randomUUID(), toJSON: throwing('toJSON') }),
  symbol: () => Symbol('hostile'),
  symbolKey: () => ({ [Symbol('k')]: 1 }),
  bigint: () => 2n ** 64n,
  fn: () => () => 'x',
  throwingProxy: () =>
    new Proxy(
      {},
      {
        get: throwing('get trap'),
        has: throwing('has trap'),
        ownKeys: throwing('ownKeys trap'),
        getPrototypeOf: throwing('getPrototypeOf trap'),
        getOwnPropertyDescriptor: throwing('getOwnPropertyDescriptor trap'),
      },
    ),
  lyingProxy: () =>
    new Proxy(
      { id: randomUUID() },
      {
        // Claims a getter for a key the target does not have: the copy must not call it.
        ownKeys: () => ['id', 'extra'],
        getOwnPropertyDescriptor: (_t, key) =>
          key === 'extra' ? { get: throwing('proxied getter'), enumerable: true, configurable: true } : undefined,
      },
    ),
  revokedProxy: () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  },
  proxiedArray: () => new Proxy([1, 2, 3], { get: throwing('array get trap') }),
  cyclic: () => {
    const a: Record<string, unknown> = { id: randomUUID() };
    a['self'] = a;
    a['list'] = [a];
    return a;
  },
  deepObject: () => {
    if (deepObject === undefined) {
      let v: unknown = {};
      for (let i = 0; i < 100_000; i++) v = { id: v };
      deepObject = v;
    }
    return deepObject;
  },
  deepArray: () => {
    if (deepArray === undefined) {
      let v: unknown = [];
      for (let i = 0; i < 100_000; i++) v = [v];
      deepArray = v;
    }
    return deepArray;
  },
  hugeString: () => (hugeString ??= 'A'.repeat(8 * 1024 * 1024)),
  hugeStringField: () => ({ id: randomUUID(), name: (hugeString ??= 'A'.repeat(8 * 1024 * 1024)) }),
  hugeSparseArray: () => {
    const a: unknown[] = [];
    a.length = 2 ** 32 - 1;
    return { ids: a };
  },
  manyKeys: () => (manyKeys ??= Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]))),
  protoPollution: () =>
    JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
  classInstance: () =>
    new (class Payload {
      id = randomUUID();
    })(),
  date: () => new Date(),
  map: () => new Map([['id', randomUUID()]]),
  typedArray: () => new Uint8Array(16),
  boxedString: () => new String('listProfiles'),
  error: () => new Error('an error as payload'),
  promise: () => {
    const rejected = Promise.reject(new Error('a rejected promise as payload'));
    rejected.catch(() => undefined); // the payload's own rejection is not the app's to handle
    return rejected;
  },
};
