// The fast path for hot requests must never accept what the schema refuses, nor hand the
// handler anything but what the schema would: checked over generated requests near the valid
// ones (where a divergence would hide) and hostile ones, against the real contract.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipcContract } from '../../src-shared/ipc';
import type { IpcMethod } from '../../src-shared/ipc-methods';
import { FAST_ACCEPT } from '../../src-main/dispatch/fast-accept';
import { toPlainData } from '../../src-main/dispatch/plain-data';
import { HOSTILE_IDS, HOSTILE_VALUES } from '../support/hostile-values';

const FAST_METHODS = Object.keys(FAST_ACCEPT) as IpcMethod[];

/** What the full path hands the handler, or undefined when it refuses the request. */
function schemaOutput(method: IpcMethod, args: unknown): unknown {
  const snapshot = toPlainData(args);
  if (!snapshot.ok) return undefined;
  const parsed = ipcContract[method].args.safeParse(snapshot.value ?? {});
  return parsed.success ? parsed.data : undefined;
}

const oddText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom(' ', '\t', '\r\n', '\u0085', '\u2028', '\u00a0', '\ufeff', '\0'),
);
const nearEmail = fc.oneof(
  fc.emailAddress(),
  fc.tuple(fc.emailAddress(), oddText, fc.boolean()).map(([e, t, front]) => (front ? t + e : e + t)),
  fc.emailAddress().map((e) => e.replace('@', '@@')),
  fc.emailAddress().map((e) => `${'a'.repeat(250)}${e}`),
  fc.constantFrom('admin@example.com', 'a@b.c', 'x@[127.0.0.1]', 'x@127.0.0.1', 'ADMIN@EXAMPLE.COM', '@example.com'),
);
const nearId = fc.oneof(
  fc.uuid({ version: 4 }),
  fc.uuid({ version: 4 }).map((u) => u.toUpperCase()),
  fc.uuid({ version: 1 }),
  fc.tuple(fc.uuid({ version: 4 }), oddText).map(([u, t]) => u + t),
  fc.constantFrom(...HOSTILE_IDS),
);
const scalar = fc.oneof(fc.boolean(), fc.integer(), fc.double(), fc.constant(null), fc.constant(undefined), oddText);
const field = <T>(near: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: near }, scalar, fc.anything({ maxDepth: 1 }));
const request = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(
      {
        id: field(nearId),
        to: field(nearEmail),
        debug: field(fc.boolean()),
        sender: field(fc.string({ maxLength: 110 })),
        extra: scalar,
        ['__proto__']: scalar,
      },
      { requiredKeys: [] },
    ),
  },
  fc.anything({ maxDepth: 2, withNullPrototype: true, withMap: true, withDate: true }),
  fc.constant(undefined),
);

describe('fast accept', () => {
  it('accepts only what the schema accepts, and hands on exactly what the schema returns', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.constantFrom(...FAST_METHODS), request, (method, args) => {
        const fast = FAST_ACCEPT[method]!(args);
        if (fast === undefined) return;
        accepted++;
        expect(fast).toStrictEqual(schemaOutput(method, args));
        expect(fast).not.toBe(args); // a fresh object: nothing the caller holds reaches the handler
      }),
      { numRuns: 20_000 },
    );
    // The property is not vacuous: a good share of the generated requests take the fast path.
    expect(accepted).toBeGreaterThan(400);
  });

  it('takes the usual requests, with the defaults the schema fills in', () => {
    const id = '3f1c2d4e-5b6a-4c7d-8e9f-0a1b2c3d4e5f';
    expect(FAST_ACCEPT.sendTestEmail!({ id, to: 'admin@example.com' })).toStrictEqual({
      id,
      to: 'admin@example.com',
      debug: false,
    });
    expect(FAST_ACCEPT.sendTestEmail!({ id, to: 'a@example.com', debug: true, sender: 'Alerts' })).toStrictEqual({
      id,
      to: 'a@example.com',
      debug: true,
      sender: 'Alerts',
    });
    expect(FAST_ACCEPT.testIncoming!({ id })).toStrictEqual({ id, debug: false });
    expect(FAST_ACCEPT.listProfiles!({})).toStrictEqual({});
    expect(FAST_ACCEPT.listProfiles!(undefined)).toStrictEqual({});
  });

  it('leaves every hostile payload to the full path without reading it', () => {
    for (const method of FAST_METHODS) {
      for (const [name, make] of Object.entries(HOSTILE_VALUES)) {
        // A throwing getter or trap would make this throw: the fast path must not touch them.
        expect(FAST_ACCEPT[method]!(make()), `${method} / ${name}`).toBeUndefined();
      }
    }
  });

  it('leaves a request with a " to" the schema would trim to the schema', () => {
    const id = '3f1c2d4e-5b6a-4c7d-8e9f-0a1b2c3d4e5f';
    expect(FAST_ACCEPT.sendTestEmail!({ id, to: ' admin@example.com' })).toBeUndefined();
    expect(schemaOutput('sendTestEmail', { id, to: ' admin@example.com' })).toMatchObject({ to: 'admin@example.com' });
  });
});
