// Many calls at once, as the window, token refreshes and imports make them: every call that
// answered ok must be on disk with its values after a restart, and nothing one call wrote may be
// lost to another. These failed before the store was transactional (50 concurrent saves left 1).
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuthorizationInfo } from '../../src-shared/oauth';
import type { ProfileView } from '../../src-shared/profile';
import { createTestHost, type TestHost } from '../support/main-host';
import { standardProfile } from '../support/profiles';

let host: TestHost;
afterEach(() => host?.cleanup());

const KEY = Buffer.alloc(32, 7);

function restart(): TestHost {
  return createTestHost({ dataDirectory: host.dataDirectory, key: KEY });
}

async function createMany(n: number, prefix = 'P'): Promise<ProfileView[]> {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      host.call<ProfileView>('createProfile', { name: `${prefix}${i}`, authType: 'standard' }),
    ),
  );
}

const AUTHORIZATION: AuthorizationInfo = {
  account: 'mailbox@example.test',
  scopes: ['https://mail.google.com/'],
  accessTokenExpiresAt: '2030-01-01T00:00:00.000Z',
  hasRefreshToken: true,
  authorizedAt: '2026-01-01T00:00:00.000Z',
  lastRefreshAt: null,
};

describe('concurrent calls', () => {
  it('50 concurrent creates, then 50 concurrent saves of 50 profiles: all of them land', async () => {
    host = createTestHost({ key: KEY });
    const created = await createMany(50);
    expect(new Set(created.map((v) => v.profile.id)).size).toBe(50);
    await Promise.all(
      created.map((v, i) =>
        host.call('saveProfile', {
          profile: { ...standardProfile(v.profile.id, 2000 + i, { name: `P${i}` }), description: `saved ${i}` },
          secrets: { password: `pw-concurrent-${i}` },
        }),
      ),
    );
    const after = restart();
    const views = await after.call<ProfileView[]>('listProfiles');
    expect(views).toHaveLength(50);
    for (const [i, v] of created.entries()) {
      const stored = views.find((x) => x.profile.id === v.profile.id)!;
      expect(stored.profile.description).toBe(`saved ${i}`);
      expect(stored.profile.outgoing.port).toBe(2000 + i);
      expect(await after.services.vault.get(v.profile.id, 'password')).toBe(`pw-concurrent-${i}`);
    }
  });

  it('50 concurrent mixed calls: each one that answered ok is on disk as it was told', async () => {
    host = createTestHost({ key: KEY });
    const created = await createMany(50);
    const kinds = ['save', 'rename', 'duplicate', 'delete', 'status', 'secret'] as const;
    const calls = created.map((v, i) => {
      const id = v.profile.id;
      const kind = kinds[i % kinds.length]!;
      switch (kind) {
        case 'save':
          return host.call<ProfileView>('saveProfile', {
            profile: { ...standardProfile(id, 3000 + i, { name: `P${i}` }), description: `mixed ${i}` },
            secrets: { password: `pw-mixed-${i}` },
          });
        case 'rename':
          return host.call<ProfileView>('renameProfile', { id, name: `Renamed ${i}` });
        case 'duplicate':
          return host.call<ProfileView>('duplicateProfile', { id });
        case 'delete':
          return host.call('deleteProfile', { id });
        case 'status':
          return host.services.profiles.setAuthorization(id, null, {
            state: 'verified',
            lastVerifiedSend: `2026-01-01T00:00:${String(i).padStart(2, '0')}.000Z`,
            reason: null,
          });
        case 'secret':
          return host.services.vault.update(id, { password: `pw-secret-${i}` });
      }
    });
    const told = await Promise.all(calls);
    const after = restart();
    const views = await after.call<ProfileView[]>('listProfiles');
    const byId = new Map(views.map((v) => [v.profile.id, v]));
    for (const [i, v] of created.entries()) {
      const id = v.profile.id;
      const kind = kinds[i % kinds.length]!;
      const stored = byId.get(id);
      if (kind === 'delete') {
        expect(stored).toBeUndefined();
        continue;
      }
      expect(stored, `profile ${i} (${kind})`).toBeDefined();
      if (kind === 'save') {
        expect(stored!.profile.description).toBe(`mixed ${i}`);
        expect(await after.services.vault.get(id, 'password')).toBe(`pw-mixed-${i}`);
      }
      if (kind === 'rename') expect(stored!.profile.name).toBe(`Renamed ${i}`);
      if (kind === 'duplicate') {
        const copy = told[i] as ProfileView;
        expect(byId.get(copy.profile.id)?.profile.name).toBe(`P${i} (copy)`);
      }
      if (kind === 'status') expect(stored!.status.lastVerifiedSend).toContain(`:${String(i).padStart(2, '0')}.`);
      if (kind === 'secret') expect(await after.services.vault.get(id, 'password')).toBe(`pw-secret-${i}`);
    }
    const count = (k: (typeof kinds)[number]) => created.filter((_, i) => kinds[i % kinds.length] === k).length;
    expect(views).toHaveLength(50 - count('delete') + count('duplicate'));
  });

  it('20 saves racing a token refresh keep the authorization, and the refresh keeps the saves', async () => {
    host = createTestHost({ key: KEY });
    const v = await host.call<ProfileView>('createProfile', { name: 'Google', authType: 'google' });
    const id = v.profile.id;
    const google = (i: number) => ({
      ...standardProfile(id, 4000 + i, { name: 'Google' }),
      auth: {
        type: 'google' as const,
        email: '',
        clientId: 'client-1.apps.example',
        redirectPort: null,
        credential: 'user',
        keyId: '',
      },
      description: `race ${i}`,
    });
    await host.call('saveProfile', { profile: google(99), secrets: {} });
    await host.services.profiles.setAuthorization(id, AUTHORIZATION);
    await host.services.vault.update(id, { accessToken: 'at-old-000', refreshToken: 'rt-old-000' });
    const saves = Array.from({ length: 20 }, (_, i) => host.call('saveProfile', { profile: google(i), secrets: {} }));
    // What TokenService.refresh writes: tokens and their metadata in one patch of the current record.
    const refresh = (async () => {
      const sealed = await host.services.vault.seal({ accessToken: 'at-new-111', refreshToken: 'rt-new-111' });
      await host.services.profiles.patch(id, (current) => ({
        secrets: { ...current.secrets, ...sealed } as typeof current.secrets,
        authorization: { ...current.authorization!, lastRefreshAt: '2026-06-01T00:00:00.000Z' },
      }));
    })();
    await Promise.all([...saves, refresh]);
    const after = restart();
    const stored = after.services.profiles.get(id);
    expect(stored.authorization?.lastRefreshAt).toBe('2026-06-01T00:00:00.000Z');
    expect(stored.authorization?.hasRefreshToken).toBe(true);
    expect(await after.services.vault.get(id, 'refreshToken')).toBe('rt-new-111');
    expect(stored.profile.description).toMatch(/^race \d+$/);
    expect(stored.revision).toBe(1 + 1 + 1 + 1 + 20 + 1); // create, save, authorization, tokens, 20 saves, refresh
  });

  it('duplicate while renaming: both land, the copy named after one of the two names', async () => {
    host = createTestHost({ key: KEY });
    const [v] = await createMany(1, 'Original');
    const id = v!.profile.id;
    const [renamed, copy] = await Promise.all([
      host.call<ProfileView>('renameProfile', { id, name: 'Renamed' }),
      host.call<ProfileView>('duplicateProfile', { id }),
    ]);
    const names = (await restart().call<ProfileView[]>('listProfiles')).map((x) => x.profile.name);
    expect(renamed.profile.name).toBe('Renamed');
    expect(['Original0 (copy)', 'Renamed (copy)']).toContain(copy.profile.name);
    expect(names).toEqual(['Renamed', copy.profile.name]);
  });

  it('nothing writes secrets for a profile that no longer exists', async () => {
    host = createTestHost({ key: KEY });
    const [v] = await createMany(1);
    const id = v!.profile.id;
    const [, write] = await Promise.allSettled([
      host.call('deleteProfile', { id }),
      host.services.vault.update(id, { refreshToken: 'rt-orphan-222' }),
    ]);
    expect(write).toMatchObject({ status: 'rejected', reason: { code: 'not_found' } });
    expect(restart().services.store.current.profiles.size).toBe(0);
  });

  it('property: whatever runs at once, each profile on disk is what its last answered write said', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('create' as const), n: fc.nat(30) }),
      fc.record({ kind: fc.constant('rename' as const), target: fc.nat(9), n: fc.nat(30) }),
      fc.record({ kind: fc.constant('save' as const), target: fc.nat(9), port: fc.integer({ min: 1, max: 65535 }) }),
      fc.record({ kind: fc.constant('duplicate' as const), target: fc.nat(9) }),
      fc.record({ kind: fc.constant('delete' as const), target: fc.nat(9) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        host?.cleanup();
        host = createTestHost({ key: KEY });
        const seed = await createMany(10, 'S');
        const ids = seed.map((v) => v.profile.id);
        const results = await Promise.allSettled(
          ops.map((o) => {
            if (o.kind === 'create')
              return host.call<ProfileView>('createProfile', { name: `C${o.n}`, authType: 'standard' });
            const id = ids[o.target]!;
            if (o.kind === 'rename') return host.call<ProfileView>('renameProfile', { id, name: `R${o.n}` });
            if (o.kind === 'duplicate') return host.call<ProfileView>('duplicateProfile', { id });
            if (o.kind === 'delete') return host.call<{ id: string }>('deleteProfile', { id });
            return host.call<ProfileView>('saveProfile', {
              profile: standardProfile(id, o.port, { name: seed[o.target]!.profile.name }),
              secrets: {},
            });
          }),
        );
        // The last answered write of each profile (highest revision) must be exactly what is stored.
        const last = new Map<string, ProfileView>();
        const deleted = new Set<string>();
        for (const r of results) {
          if (r.status !== 'fulfilled') continue;
          const value = r.value as ProfileView | { id: string };
          if ('profile' in value) {
            const seen = last.get(value.profile.id);
            if (!seen || seen.revision < value.revision) last.set(value.profile.id, value);
          } else deleted.add(value.id);
        }
        const stored = new Map((await restart().call<ProfileView[]>('listProfiles')).map((v) => [v.profile.id, v]));
        for (const id of deleted) expect(stored.has(id)).toBe(false);
        for (const [id, view] of last) {
          if (deleted.has(id)) continue;
          expect(stored.get(id)).toEqual(view);
        }
        // Names stay unique, case-insensitively, whatever the interleaving.
        const names = [...stored.values()].map((v) => v.profile.name.toLowerCase());
        expect(new Set(names).size).toBe(names.length);
      }),
      { numRuns: 40 },
    );
    // 40 runs of real fsync'd writes: about 2 s alone, several times that on a loaded 2-core machine.
  }, 30_000);
});
