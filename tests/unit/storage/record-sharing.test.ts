// A new version of a record shares the parts the store already owns (copy-on-write), and copies
// everything a caller hands in: no reference a caller keeps, frozen or not, can change the store.
import { afterEach, describe, expect, it } from 'vitest';
import type { ProfileView } from '../../../src-shared/profile';
import { createTestHost, type TestHost } from '../../support/main-host';
import { standardProfile } from '../../support/profiles';

let host: TestHost;
afterEach(() => host?.cleanup());

async function oneProfile() {
  host = createTestHost();
  const { profile } = await host.call<ProfileView>('createProfile', { name: 'Help desk', authType: 'standard' });
  await host.call('saveProfile', { profile: standardProfile(profile.id, 2525), secrets: { password: 'p4ssword' } });
  return profile.id;
}

describe('record versions', () => {
  it('a status change keeps the same settings object, and the old version still reads as before', async () => {
    const id = await oneProfile();
    const before = host.services.profiles.stored(id);
    await host.services.profiles.setStatus(id, {
      state: 'verified',
      lastVerifiedSend: '2026-12-03T00:00:00.000Z',
      reason: null,
    });
    const after = host.services.profiles.stored(id);
    expect(after.revision).toBe(before.revision + 1);
    expect(after.profile).toBe(before.profile); // shared, not copied
    expect(after.status.state).toBe('verified');
    expect(before.status.state).not.toBe('verified');
    expect(Object.isFrozen(after) && Object.isFrozen(after.status) && Object.isFrozen(after.profile.outgoing)).toBe(
      true,
    );
  });

  it('shares the settings of a record read from disk too: the first status after a start', async () => {
    const id = await oneProfile();
    host.services.logger.close();
    const restarted = createTestHost({ dataDirectory: host.dataDirectory });
    const first = host;
    host = restarted;
    try {
      const before = restarted.services.profiles.stored(id);
      await restarted.services.profiles.setStatus(id, { state: 'verified', lastVerifiedSend: null, reason: null });
      expect(restarted.services.profiles.stored(id).profile).toBe(before.profile);
    } finally {
      first.cleanup();
    }
  });

  it("copies what a caller hands in: mutating it afterwards (even a frozen object's child) changes nothing stored", async () => {
    const id = await oneProfile();
    const base = host.services.profiles.stored(id);
    const child = { server: 'mutable.example.test' };
    const handedIn = Object.freeze({
      ...base.profile,
      name: 'Renamed',
      outgoing: { ...base.profile.outgoing, host: child.server },
    });
    await host.services.profiles.patch(id, () => ({ profile: handedIn }));
    (handedIn.outgoing as { host: string }).host = 'changed-behind-the-store.example.test';
    const stored = host.services.profiles.stored(id);
    expect(stored.profile).not.toBe(handedIn);
    expect(stored.profile.outgoing.host).toBe('mutable.example.test');
    expect(Object.isFrozen(stored.profile.outgoing)).toBe(true);
  });

  it('a refresh-shaped change shares the untouched nested parts, and copies and freezes the new ones', async () => {
    const id = await oneProfile();
    const scopes = ['smtp'];
    await host.services.profiles.patch(id, () => ({
      authorization: {
        account: null,
        scopes,
        accessTokenExpiresAt: '2030-01-01T00:00:00.000Z',
        hasRefreshToken: true,
        authorizedAt: '2026-01-01T00:00:00.000Z',
        lastRefreshAt: null,
      },
    }));
    const first = host.services.profiles.stored(id);
    expect(first.authorization!.scopes).not.toBe(scopes); // handed in: copied
    scopes.push('imap');
    expect(first.authorization!.scopes).toEqual(['smtp']);
    expect(Object.isFrozen(first.authorization!.scopes)).toBe(true);
    await host.services.profiles.patch(id, (current) => ({
      authorization: { ...current.authorization!, lastRefreshAt: '2026-12-03T00:00:00.000Z' },
    }));
    const second = host.services.profiles.stored(id);
    expect(second.authorization).not.toBe(first.authorization);
    expect(second.authorization!.scopes).toBe(first.authorization!.scopes); // owned already: shared
    expect(Object.isFrozen(second.authorization)).toBe(true);
  });

  it('keeps a "__proto__" key a key, and copies objects without a prototype', async () => {
    const id = await oneProfile();
    // As JSON.parse makes it: an own key named __proto__, not a prototype.
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "plain": "value"}') as Record<string, unknown>;
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { kept: 'yes' });
    await host.services.profiles.patch(id, () => ({ status: { ...hostile, bare } as never }));
    const status = host.services.profiles.stored(id).status as unknown as Record<string, unknown>;
    expect(Object.hasOwn(status, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(status)).toBe(Object.prototype);
    expect((status as { polluted?: unknown }).polluted).toBeUndefined();
    expect(status['bare']).toEqual({ kept: 'yes' });
    expect(status['bare']).not.toBe(bare);
    expect(Object.isFrozen(status['bare'])).toBe(true);
  });

  it('refuses a function, symbol or bigint anywhere in a record: the transaction changes nothing', async () => {
    const id = await oneProfile();
    const before = host.services.profiles.stored(id);
    for (const hostile of [() => 'called', Symbol('s'), 10n]) {
      await expect(
        host.services.profiles.patch(id, () => ({
          status: { ...before.status, reason: { nested: [hostile] } } as never,
        })),
      ).rejects.toThrow(/cannot hold a (function|symbol|bigint)/);
      expect(host.services.profiles.stored(id)).toBe(before);
    }
  });
});
