// Store transactions are synchronous: they cannot interleave, each sees what the one before
// committed, and work that tries to await (which would run its second half outside the
// transaction) is refused with nothing written.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProfileView } from '../../../src-shared/profile';
import type { Transaction } from '../../../src-main/storage/profile-store';
import { createTestHost, type TestHost } from '../../support/main-host';

let host: TestHost;
afterEach(() => host?.cleanup());

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

async function hostWithProfile() {
  host = createTestHost();
  const { profile } = await host.call<ProfileView>('createProfile', { name: 'Help desk', authType: 'standard' });
  return { store: host.services.store, id: profile.id };
}

describe('store transactions', () => {
  it('callers started at once, pausing at random, each append to what the one before committed', async () => {
    const { store, id } = await hostWithProfile();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 12 }), async (pauses) => {
        const start = host.services.profiles.stored(id);
        const ran: string[] = [];
        // Every caller starts at once and pauses a random number of turns before its transaction.
        const told = await Promise.all(
          pauses.map(async (pause, i) => {
            for (let t = 0; t < pause; t++) await tick();
            return store.transact((tx) => {
              const record = tx.require(id);
              ran.push(`+${i}`);
              return tx.put({ ...record, updatedAt: `${record.updatedAt}+${i}` });
            });
          }),
        );
        const final = host.services.profiles.stored(id);
        // The stored value is every change, in the order the transactions ran; none was lost.
        expect(final.updatedAt).toBe(start.updatedAt + ran.join(''));
        expect(final.revision).toBe(start.revision + pauses.length);
        // What each call was told is the state right after it: one revision per transaction.
        const revisions = told.map((record) => record.revision).sort((a, b) => a - b);
        expect(revisions).toEqual(pauses.map((_, i) => start.revision + i + 1));
        for (const record of told) expect(final.updatedAt.startsWith(record.updatedAt)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses work that awaits: nothing it did is written, before or after its await', async () => {
    const { store, id } = await hostWithProfile();
    const before = host.services.profiles.stored(id);
    let afterAwait: unknown;
    const work = async (tx: Transaction) => {
      tx.put({ ...tx.require(id), updatedAt: 'before the await' });
      await tick();
      try {
        tx.put({ ...tx.require(id), updatedAt: 'after the await' });
      } catch (error) {
        afterAwait = error;
      }
    };
    // The compiler refuses async work already; this is the cast a caller would need.
    await expect(store.transact(work as unknown as (tx: Transaction) => void)).rejects.toThrow(
      'A store transaction cannot await',
    );
    await tick();
    await tick();
    expect(afterAwait).toBeInstanceOf(Error);
    expect(String(afterAwait)).toContain('has ended');
    expect(host.services.profiles.stored(id)).toBe(before);
    // The store goes on: the next transaction runs and commits.
    await store.transact((tx) => void tx.put({ ...tx.require(id), updatedAt: 'next' }));
    expect(host.services.profiles.stored(id).updatedAt).toBe('next');
  });

  it('refuses a transaction started inside another, and writes neither', async () => {
    const { store, id } = await hostWithProfile();
    const before = host.services.profiles.stored(id);
    const outer = store.transact((tx) => {
      tx.put({ ...tx.require(id), updatedAt: 'outer' });
      void store.transact((inner) => void inner.put({ ...inner.require(id), updatedAt: 'inner' }));
    });
    await expect(outer).rejects.toThrow('inside a transaction');
    expect(host.services.profiles.stored(id)).toBe(before);
  });

  it('fails the outer transaction even when its work catches the nested one', async () => {
    const { store, id } = await hostWithProfile();
    const before = host.services.profiles.stored(id);
    const outer = store.transact((tx) => {
      tx.put({ ...tx.require(id), updatedAt: 'outer' });
      try {
        void store.transact((inner) => void inner.put({ ...inner.require(id), updatedAt: 'inner' }));
      } catch {
        // swallowed by a careless caller: the store still refuses the whole transaction
      }
    });
    await expect(outer).rejects.toThrow('inside a transaction');
    expect(host.services.profiles.stored(id)).toBe(before);
    // The refusal does not stick: the next transaction commits.
    await store.transact((tx) => void tx.put({ ...tx.require(id), updatedAt: 'next' }));
    expect(host.services.profiles.stored(id).updatedAt).toBe('next');
  });

  it('writes at once when any record the transaction touched needs it, among records that do not', async () => {
    const { store, id } = await hostWithProfile();
    const { profile: other } = await host.call<ProfileView>('createProfile', { name: 'Alerts', authType: 'standard' });
    const file = store.path;
    const status = { state: 'verified', lastVerifiedSend: '2026-01-02T00:00:00.000Z', reason: null } as const;
    // A status alone may wait for the deferred write: not on disk yet right after the transaction.
    await store.transact((tx) => void tx.put({ ...tx.require(id), status }));
    expect(readFileSync(file, 'utf8')).not.toContain('2026-01-02T00:00:00.000Z');
    // A status on one profile and a setting on another: durable, on disk when the call resolves.
    await store.transact((tx) => {
      tx.put({ ...tx.require(id), status: { ...status, lastVerifiedSend: '2026-01-03T00:00:00.000Z' } });
      const record = tx.require(other.id);
      tx.put({ ...record, profile: { ...record.profile, description: 'edited in the same transaction' } });
    });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('edited in the same transaction');
    expect(text).toContain('2026-01-03T00:00:00.000Z');
  });

  it('is refused by the compiler when given async work', () => {
    const store = null as unknown as TestHost['services']['store'];
    // Type-checked by tsconfig.test.json: this line must not compile (the directive fails if it does).
    // @ts-expect-error async work returns a promise, which NotAwaitable turns into never
    const refused = () => store.transact(async (tx) => tx.get('x'));
    expect(typeof refused).toBe('function');
  });

  it('a transaction that throws changes nothing, and the next one still runs', async () => {
    const { store, id } = await hostWithProfile();
    const before = host.services.profiles.stored(id);
    const failed = store.transact((tx) => {
      tx.put({ ...tx.require(id), updatedAt: 'never' });
      throw new Error('refused');
    });
    await expect(failed).rejects.toThrow('refused');
    expect(host.services.profiles.stored(id)).toBe(before);
    await store.transact((tx) => void tx.put({ ...tx.require(id), updatedAt: 'after' }));
    expect(host.services.profiles.stored(id).updatedAt).toBe('after');
  });
});
