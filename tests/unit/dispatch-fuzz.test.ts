// Property: whatever a renderer sends, dispatch resolves to a structured-cloneable Result, never
// throws, never answers `internal` (bad input is never the app's fault), leaves no unhandled
// rejection and changes nothing on disk. 10,000 runs in the unit suite; `npm run fuzz` runs
// 100,000, and FUZZ_RUNS sets any count.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../src-shared/errors';
import { IPC_METHODS } from '../../src-shared/ipc-methods';
import type { ProfileView } from '../../src-shared/profile';
import { dataDirectoryBytes } from '../support/data-dir';
import { HOSTILE_IDS, HOSTILE_VALUES } from '../support/hostile-values';
import { createTestHost, type TestHost } from '../support/main-host';
import { standardProfile } from '../support/profiles';

// `npm run fuzz` sets npm_lifecycle_event on every platform, unlike an inline FUZZ_RUNS=… prefix.
const RUNS = Number(process.env['FUZZ_RUNS'] ?? (process.env['npm_lifecycle_event'] === 'fuzz' ? 100_000 : 10_000));
const TIMEOUT = Math.max(60_000, RUNS * 5);

let host: TestHost;
let before: Record<string, string>;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  host = createTestHost();
  const created = await host.call<ProfileView>('createProfile', { name: 'Help desk', authType: 'standard' });
  await host.call('saveProfile', { profile: standardProfile(created.profile.id, 2525), secrets: { password: 'pw-1' } });
  before = dataDirectoryBytes(host.dataDirectory);
});

afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  host?.cleanup();
});

/**
 * A hostile value is generated as a Box naming it and built only inside the property: fast-check
 * itself inspects generated values (cloneMethod, shrinking, reporting), which a throwing Proxy
 * would break before dispatch ever saw it.
 */
class Box {
  constructor(readonly name: string) {}
  toString(): string {
    return `hostile:${this.name}`;
  }
}
const hostile = fc.constantFrom(...Object.keys(HOSTILE_VALUES)).map((name) => new Box(name));

/** Replaces each Box with a fresh hostile value, inside the plain records and arrays built here. */
function materialize(value: unknown): unknown {
  if (value instanceof Box) return HOSTILE_VALUES[value.name]!();
  if (Array.isArray(value)) return value.map(materialize);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, { value: materialize(v), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

const anything = fc.anything({
  maxDepth: 4,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});

/**
 * Payloads shaped like real ones (the contract's keys) with random or hostile values, so the
 * run reaches the schemas and the handlers, not just the first type check. Ids are hostile or
 * random UUIDs of profiles that do not exist: a valid call then ends in not_found, never in a
 * network attempt that could hang the run.
 */
const value = fc.oneof(anything, hostile);
const id = fc.oneof(fc.uuid({ version: 4 }), fc.constantFrom(...HOSTILE_IDS), value);
const shaped = fc.record(
  {
    id,
    ids: fc.oneof(fc.array(id, { maxLength: 3 }), value),
    name: value,
    authType: value,
    to: value,
    debug: value,
    format: value,
    secrets: fc.oneof(value, fc.record({ mode: value, passphrase: value, password: value })),
    profile: fc.oneof(value, fc.record({ id, name: value, auth: value, outgoing: value })),
    sessionId: fc.oneof(fc.uuid({ version: 4 }), value),
    passphrase: value,
  },
  { requiredKeys: [] },
);
const args = fc.oneof(anything, hostile, shaped);

function checkResult(result: Result<unknown>): void {
  expect(typeof result.ok).toBe('boolean');
  if (!result.ok) {
    expect(result.error.code).not.toBe('internal');
    expect(typeof result.error.message).toBe('string');
    expect(result.error.message.length).toBeGreaterThan(0);
  }
  expect(() => structuredClone(result)).not.toThrow();
}

/** A throw or rejection fails the property with the value that caused it (fast-check reports it). */
async function dispatchSafely(method: unknown, payload: unknown): Promise<Result<unknown>> {
  return host.dispatch(method, payload);
}

describe('dispatch under hostile input', () => {
  it('every method answers every hand-made hostile payload with invalid_request', async () => {
    for (const method of IPC_METHODS) {
      for (const [name, make] of Object.entries(HOSTILE_VALUES)) {
        const result = await dispatchSafely(method, make());
        checkResult(result);
        expect(result, `${method} / ${name}`).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      }
    }
  });

  it(
    `every method survives ${RUNS} random payloads`,
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...IPC_METHODS), args, async (method, payload) => {
          checkResult(await dispatchSafely(method, materialize(payload)));
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    `a random or hostile method name is invalid_request (${Math.ceil(RUNS / 10)} runs)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(anything, hostile), args, async (method, payload) => {
          fc.pre(!(IPC_METHODS as readonly unknown[]).includes(method));
          const result = await dispatchSafely(materialize(method), materialize(payload));
          checkResult(result);
          expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
        }),
        { numRuns: Math.ceil(RUNS / 10) },
      );
    },
    TIMEOUT,
  );

  it('left the store as it was and no promise unhandled', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50)); // let stray rejections surface
    expect(unhandled).toEqual([]);
    expect(dataDirectoryBytes(host.dataDirectory)).toEqual(before);
    const views = await host.call<ProfileView[]>('listProfiles');
    expect(views).toHaveLength(1);
    expect(await host.services.vault.get(views[0]!.profile.id, 'password')).toBe('pw-1');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
