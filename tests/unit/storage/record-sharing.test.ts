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
});
