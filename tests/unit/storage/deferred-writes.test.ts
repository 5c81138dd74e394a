// A deferred change (a status, a new access token) is owed to disk until a write that includes
// it has succeeded: a durable write that fails (disk full) must not cancel it.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProfileView } from '../../../src-shared/profile';
import { failOpen, restoreFs } from '../../support/fs-faults';
import { createTestHost, type TestHost } from '../../support/main-host';

const hosts: TestHost[] = [];
afterEach(() => {
  restoreFs();
  hosts.splice(0).forEach((host) => host.cleanup());
});

describe('deferred changes and a durable write that fails', () => {
  it('still writes the waiting status, at its time, at flush, and across a restart', async () => {
    const host = createTestHost();
    hosts.push(host);
    const { profile } = await host.call<ProfileView>('createProfile', { name: 'First', authType: 'standard' });
    const status = { state: 'not_verified', lastVerifiedSend: null, reason: 'DEFERRED-STATUS' } as const;
    await host.services.profiles.setStatus(profile.id, status); // deferred: visible, written within 200 ms
    failOpen((file) => file.includes('.profiles.json.'), 'ENOSPC'); // the durable write's temp file
    const rename = await host.dispatch('renameProfile', { id: profile.id, name: 'Renamed' });
    restoreFs();
    expect(rename.ok).toBe(false);
    expect(host.services.profiles.get(profile.id).profile.name).toBe('First');
    const onDisk = () =>
      (JSON.parse(readFileSync(host.services.store.path, 'utf8')) as { profiles: Record<string, ProfileView> })
        .profiles[profile.id]!.status;
    await host.services.store.settled(); // the deferred write's own time
    expect(onDisk()).toEqual(status);
    host.services.store.flush();
    expect(onDisk()).toEqual(status);
    host.services.logger.close();
    const again = createTestHost({ dataDirectory: host.dataDirectory });
    hosts.push(again);
    expect(again.services.profiles.get(profile.id).status).toEqual(status);
  });
});

describe('a durable write the disk refuses', () => {
  it.each([
    ['ENOSPC', /Free some disk space/],
    ['EROFS', /writable for your user account/],
  ])('%s: the answer says nothing was saved, where, and what to do; the profile is as it was', async (code, hint) => {
    const host = createTestHost();
    hosts.push(host);
    const { profile } = await host.call<ProfileView>('createProfile', { name: 'First', authType: 'standard' });
    failOpen((file) => file.includes('.profiles.json.'), code);
    const rename = await host.dispatch('renameProfile', { id: profile.id, name: 'Renamed' });
    restoreFs();
    expect(rename).toMatchObject({
      ok: false,
      error: {
        message: `Nothing was saved: the settings file in ${host.dataDirectory} could not be written (${code}).`,
        hint: expect.stringMatching(hint),
      },
    });
    expect(host.services.profiles.get(profile.id).profile.name).toBe('First');
  });
});
