// Transactions run one at a time, in the order they were asked for. An idle store starts one at
// once (no queue hop); that must not let it overtake or overlap one still running or settling.
import { afterEach, describe, expect, it } from 'vitest';
import type { ProfileView } from '../../../src-shared/profile';
import { createTestHost, type TestHost } from '../../support/main-host';

let host: TestHost;
afterEach(() => host?.cleanup());

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('transaction order', () => {
  it('idle, busy and idle again: each runs alone, in the order asked, and sees the one before', async () => {
    host = createTestHost();
    const { profile } = await host.call<ProfileView>('createProfile', { name: 'Help desk', authType: 'standard' });
    const store = host.services.store;
    const events: string[] = [];
    let running = 0;
    const step = (name: string, pause: boolean) =>
      store.transact(async (tx) => {
        running++;
        events.push(`${name} start (running ${running})`);
        const record = tx.require(profile.id);
        if (pause) await tick();
        tx.put({ ...record, updatedAt: `${record.updatedAt}+${name}` });
        events.push(`${name} end`);
        running--;
      });

    const first = step('a', true); // idle: starts at once
    const second = step('b', false); // a is running: waits
    await Promise.resolve();
    const third = step('c', true); // still busy
    await Promise.all([first, second, third]);
    await step('d', false); // idle again
    const fifth = step('e', true);
    const sixth = step('f', false);
    await Promise.all([fifth, sixth]);

    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    expect(events).toEqual(names.flatMap((n) => [`${n} start (running 1)`, `${n} end`]));
    expect(host.services.profiles.stored(profile.id).updatedAt.endsWith(names.map((n) => `+${n}`).join(''))).toBe(true);
  });

  it('a transaction that throws on an idle store changes nothing, and the next one still runs', async () => {
    host = createTestHost();
    const { profile } = await host.call<ProfileView>('createProfile', { name: 'Help desk', authType: 'standard' });
    const store = host.services.store;
    const before = host.services.profiles.stored(profile.id);
    const failed = store.transact((tx) => {
      tx.put({ ...tx.require(profile.id), updatedAt: 'never' });
      throw new Error('refused');
    });
    await expect(failed).rejects.toThrow('refused');
    expect(host.services.profiles.stored(profile.id)).toBe(before);
    await store.transact((tx) => void tx.put({ ...tx.require(profile.id), updatedAt: 'after' }));
    expect(host.services.profiles.stored(profile.id).updatedAt).toBe('after');
  });
});
