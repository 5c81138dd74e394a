// A data directory whose secrets were sealed under another key (a reset keyring, the directory
// copied to another computer): the stored tokens cannot be decrypted, and sign-out and delete
// are the admin's way out. They must go ahead, and say that nothing could be revoked.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProfileView } from '../../src-shared/profile';
import { CLIENT_SECRET, startAuthServer, type TestAuthServer } from '../support/auth-server';
import { createTestHost, type TestHost } from '../support/main-host';
import { oauthProfile } from '../support/oauth-profiles';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An authorized Generic profile written under one key, then the same directory opened under another. */
async function reopenedUnderAnotherKey(auth: TestAuthServer): Promise<{ host: TestHost; id: string }> {
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'mailprefs-rekeyed-'));
  cleanups.push(() => rmSync(dataDirectory, { recursive: true, force: true }));
  const first = createTestHost({ dataDirectory, key: randomBytes(32), endpoints: auth.endpoints });
  const { profile } = await first.call<ProfileView>('createProfile', { name: 'Rekeyed', authType: 'generic' });
  await first.call('saveProfile', {
    profile: oauthProfile(auth, profile.id, 2525),
    secrets: { clientSecret: CLIENT_SECRET },
  });
  const now = Date.now();
  await first.services.profiles.setAuthorization(profile.id, {
    account: 'notifications@example.test',
    scopes: ['openid', 'offline_access'],
    accessTokenExpiresAt: new Date(now + 3_600_000).toISOString(),
    hasRefreshToken: true,
    authorizedAt: new Date(now).toISOString(),
    lastRefreshAt: new Date(now).toISOString(),
  });
  await first.services.vault.update(profile.id, {
    accessToken: 'access-token-sealed-elsewhere-1',
    refreshToken: 'refresh-token-sealed-elsewhere-1',
  });
  first.services.store.flush();
  first.services.logger.close();
  const host = createTestHost({ dataDirectory, key: randomBytes(32), endpoints: auth.endpoints });
  cleanups.push(() => host.services.logger.close());
  return { host, id: profile.id };
}

describe('secrets that cannot be decrypted on this computer', () => {
  it('sign-out goes ahead: the tokens and the authorization are forgotten, and the note says nothing was revoked', async () => {
    const auth = await startAuthServer('generic');
    cleanups.push(() => auth.close());
    const { host, id } = await reopenedUnderAnotherKey(auth);
    const result = await host.call<{ revoked: boolean; note: string }>('signOut', { id });
    expect(result).toMatchObject({
      revoked: false,
      note: expect.stringMatching(/could not be decrypted on this computer.*remove the app's access at the provider/),
    });
    expect(host.services.vault.flags(id)).toMatchObject({ accessToken: false, refreshToken: false });
    expect(host.services.profiles.authorization(id)).toBeNull();
  });

  it('delete goes ahead: the profile and its secrets are gone', async () => {
    const auth = await startAuthServer('generic');
    cleanups.push(() => auth.close());
    const { host, id } = await reopenedUnderAnotherKey(auth);
    expect(await host.dispatch('deleteProfile', { id })).toMatchObject({ ok: true });
    const list = await host.call<ProfileView[]>('listProfiles');
    expect(list.map((view) => view.profile.id)).not.toContain(id);
  });
});
