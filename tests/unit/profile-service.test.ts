import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { confStoreFactory } from '../../src-main/storage/document-store';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProfileView } from '../../src-shared/profile';
import { createTestHost, type TestHost } from '../support/main-host';
import { standardProfile } from '../support/profiles';

let host: TestHost;
afterEach(() => host?.cleanup());

const create = (name: string) => host.call<ProfileView>('createProfile', { name, authType: 'standard' });

describe('profiles', () => {
  it('creates, lists in order, renames, duplicates next to the source, and deletes', async () => {
    host = createTestHost();
    const a = await create('Alpha');
    const b = await create('Bravo');
    await host.call('saveProfile', {
      profile: standardProfile(a.profile.id, 25, { name: 'Alpha' }),
      secrets: { password: 'pw-alpha' },
    });
    const copy = await host.call<ProfileView>('duplicateProfile', { id: a.profile.id });
    expect(copy.profile.name).toBe('Alpha (copy)');
    expect(copy.secrets.password).toBe(true);
    const copy2 = await host.call<ProfileView>('duplicateProfile', { id: a.profile.id });
    expect(copy2.profile.name).toBe('Alpha (copy 2)');
    let names = (await host.call<ProfileView[]>('listProfiles')).map((v) => v.profile.name);
    expect(names).toEqual(['Alpha', 'Alpha (copy 2)', 'Alpha (copy)', 'Bravo']);

    await host.call('renameProfile', { id: b.profile.id, name: 'Charlie' });
    await host.call('deleteProfile', { id: copy.profile.id });
    names = (await host.call<ProfileView[]>('listProfiles')).map((v) => v.profile.name);
    expect(names).toEqual(['Alpha', 'Alpha (copy 2)', 'Charlie']);
    expect(host.services.vault.flags(copy.profile.id).password).toBe(false);
  });

  it('refuses duplicate names, case-insensitively', async () => {
    host = createTestHost();
    await create('Alerts');
    const r = await host.dispatch('createProfile', { name: 'ALERTS', authType: 'standard' });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('resets verification when delivery settings change, not for a description', async () => {
    host = createTestHost();
    const a = await create('A');
    const profile = standardProfile(a.profile.id, 25, { name: 'A' });
    await host.call('saveProfile', { profile, secrets: {} });
    await host.services.profiles.setStatus(a.profile.id, { state: 'verified', lastVerifiedSend: 'x', reason: null });
    let v = await host.call<ProfileView>('saveProfile', { profile: { ...profile, description: 'notes' }, secrets: {} });
    expect(v.status.state).toBe('verified');
    v = await host.call<ProfileView>('saveProfile', {
      profile: { ...profile, outgoing: { ...profile.outgoing, port: 26 } },
      secrets: {},
    });
    expect(v.status.state).toBe('not_verified');
  });

  it('persists across a restart of the services (same data directory)', async () => {
    host = createTestHost();
    const a = await create('Persisted');
    await host.call('saveProfile', {
      profile: standardProfile(a.profile.id, 2525, { name: 'Persisted' }),
      secrets: { password: 'pw-persist' },
    });
    const again = createTestHost({ dataDirectory: host.dataDirectory });
    const [view] = await again.call<ProfileView[]>('listProfiles');
    expect(view?.profile.outgoing.port).toBe(2525);
    expect(view?.secrets.password).toBe(true);
  });

  it('keeps the previous settings when a write fails (disk full, permissions)', async () => {
    // A write failure cannot be produced on demand as root, so the store's write is made to fail.
    let failWrites = false;
    const dataDirectory = mkdtempSync(path.join(tmpdir(), 'mailprefs-data-'));
    host = createTestHost({
      dataDirectory,
      storeFactory: (name, initial) => {
        const real = confStoreFactory(dataDirectory)(name, initial);
        return {
          ...real,
          write: (next) => {
            if (failWrites) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
            real.write(next);
          },
        };
      },
    });
    const a = await create('Stable');
    const profile = standardProfile(a.profile.id, 2525, { name: 'Stable' });
    await host.call('saveProfile', { profile, secrets: { password: 'pw-stable' } });
    const file = path.join(host.dataDirectory, 'profiles.json');
    const before = readFileSync(file, 'utf8');
    failWrites = true;
    const changed = { ...profile, outgoing: { ...profile.outgoing, port: 2526 } };
    const r = await host.dispatch('saveProfile', { profile: changed, secrets: { password: 'pw-new' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
    failWrites = false;
    expect(readFileSync(file, 'utf8')).toBe(before);
    const [view] = await host.call<ProfileView[]>('listProfiles');
    expect(view?.profile.outgoing.port).toBe(2525);
    expect(await host.services.vault.get(a.profile.id, 'password')).toBe('pw-stable');
  });

  it('refuses to start over a corrupt settings file instead of wiping it', async () => {
    host = createTestHost();
    await create('Precious');
    const file = path.join(host.dataDirectory, 'profiles.json');
    writeFileSync(file, '{"version":1,"order":["x"');
    // The next start (the store is read once, at start) says what is wrong and changes nothing.
    expect(() => createTestHost({ dataDirectory: host.dataDirectory })).toThrow(
      /profiles\.json cannot be read.*Nothing was changed/s,
    );
    expect(readFileSync(file, 'utf8')).toBe('{"version":1,"order":["x"');
  });

  it('tightens an existing data directory to owner-only (Electron creates userData 0755)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-data-'));
    chmodSync(dir, 0o755);
    host = createTestHost({ dataDirectory: dir });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('creates files readable by the owner only', async () => {
    host = createTestHost();
    await create('Private');
    const mode = (f: string) => statSync(path.join(host.dataDirectory, f)).mode & 0o777;
    expect(mode('profiles.json')).toBe(0o600);
    expect(statSync(host.dataDirectory).mode & 0o077).toBe(0);
  });
});

describe('saving from an older version of the form', () => {
  it('merges a clean change, refuses a conflicting one with the field named, and changes nothing then', async () => {
    host = createTestHost();
    const { profile } = await create('Relay');
    const first = await host.call<ProfileView>('saveProfile', {
      profile: standardProfile(profile.id, 25, { name: 'Relay' }),
      secrets: {},
    });
    // Elsewhere (a rename): the form still holds revision `first.revision`.
    await host.call('renameProfile', { id: profile.id, name: 'Renamed' });
    const merged = await host.call<ProfileView>('saveProfile', {
      profile: { ...first.profile, description: 'from the form' },
      secrets: {},
      baseRevision: first.revision,
    });
    expect(merged.profile.name).toBe('Renamed');
    expect(merged.profile.description).toBe('from the form');
    // Both changed the port: refused, with the path, and the stored profile is untouched.
    await host.services.profiles.update(profile.id, (p) => ({ ...p, outgoing: { ...p.outgoing, port: 465 } }));
    const result = await host.dispatch('saveProfile', {
      profile: { ...merged.profile, outgoing: { ...merged.profile.outgoing, port: 2525 } },
      secrets: {},
      baseRevision: merged.revision,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'edit_conflict', fields: [{ path: 'outgoing.port' }] },
    });
    expect(host.services.profiles.get(profile.id).profile.outgoing.port).toBe(465);
    // A revision main never had is refused too.
    const unknown = await host.dispatch('saveProfile', { profile: merged.profile, secrets: {}, baseRevision: 999 });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'edit_conflict' } });
  });

  it('still finds its base after many statuses and token writes (a night of refreshes)', async () => {
    host = createTestHost();
    const { profile } = await create('Relay');
    const first = await host.call<ProfileView>('saveProfile', {
      profile: standardProfile(profile.id, 25, { name: 'Relay' }),
      secrets: {},
    });
    const status = (i: number) => ({ state: 'not_verified', lastVerifiedSend: null, reason: `test ${i}` }) as const;
    // Writes that leave the settings alone, more than the history keeps of settings versions.
    for (let i = 0; i < 40; i++) await host.services.profiles.setStatus(profile.id, status(i));
    const saved = await host.call<ProfileView>('saveProfile', {
      profile: { ...first.profile, description: 'from the form' },
      secrets: {},
      baseRevision: first.revision,
    });
    expect(saved.profile.description).toBe('from the form');
    // A settings change among them is still merged against, or refused when both changed one field.
    await host.call('renameProfile', { id: profile.id, name: 'Renamed' });
    for (let i = 0; i < 40; i++) await host.services.profiles.setStatus(profile.id, status(i));
    const merged = await host.call<ProfileView>('saveProfile', {
      profile: { ...saved.profile, description: 'again from the form' },
      secrets: {},
      baseRevision: saved.revision,
    });
    expect(merged.profile).toMatchObject({ name: 'Renamed', description: 'again from the form' });
    for (let i = 0; i < 40; i++) await host.services.profiles.setStatus(profile.id, status(i));
    const conflict = await host.dispatch('saveProfile', {
      profile: { ...saved.profile, name: 'Mine' },
      secrets: {},
      baseRevision: saved.revision,
    });
    expect(conflict).toMatchObject({ ok: false, error: { code: 'edit_conflict', fields: [{ path: 'name' }] } });
    expect(host.services.profiles.get(profile.id).profile.name).toBe('Renamed');
  });
});
