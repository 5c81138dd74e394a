// The start-up check: a version-1 store (settings and vault.json apart, as a crash of the old
// layout could leave them) comes into the one-document layout, and whatever breaks the invariant
// is repaired and logged, never silently dropped.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newProfile } from '../../../src-shared/new-profile';
import { checkStore } from '../../../src-main/storage/store-invariant';
import { createTestHost } from '../../support/main-host';

const KEY = Buffer.alloc(32, 3);
const T = '2026-01-01T00:00:00.000Z';

function record(id: string, name: string, type: 'standard' | 'google', extra: Record<string, unknown> = {}) {
  return {
    profile: newProfile(id, name, type),
    status: { state: 'verified', lastVerifiedSend: T, reason: null },
    createdAt: T,
    updatedAt: T,
    ...extra,
  };
}

const AUTHORIZATION = {
  account: 'a@example.test',
  scopes: ['https://mail.google.com/'],
  accessTokenExpiresAt: T,
  hasRefreshToken: true,
  authorizedAt: T,
  lastRefreshAt: null,
};

/** The log lines a host wrote, after flushing the logger's batch (info lines wait for the next turn). */
function logLines(host: ReturnType<typeof createTestHost>): Record<string, unknown>[] {
  host.services.logger.flush();
  const logs = path.join(host.dataDirectory, 'logs');
  return readdirSync(logs).flatMap((f) =>
    readFileSync(path.join(logs, f), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  );
}

describe('store start-up', () => {
  it('moves a version-1 store into one document, keeps the secrets, drops orphans, removes vault.json', async () => {
    // Real ciphertext: made by a current host, then written out in the old two-file layout.
    const maker = createTestHost({ key: KEY });
    const sealed = await maker.services.vault.seal({ password: 'pw-legacy-1' });
    maker.cleanup();
    const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-v1-'));
    const a = randomUUID();
    const orphan = randomUUID();
    writeFileSync(
      path.join(dir, 'profiles.json'),
      JSON.stringify({ version: 1, order: [a], profiles: { [a]: record(a, 'Legacy', 'standard') } }),
    );
    writeFileSync(
      path.join(dir, 'vault.json'),
      JSON.stringify({
        version: 1,
        secrets: { [a]: { password: sealed.password }, [orphan]: { password: sealed.password } },
      }),
    );
    const host = createTestHost({ dataDirectory: dir, key: KEY });
    const [view] = host.services.profiles.list();
    expect(view?.profile.name).toBe('Legacy');
    expect(view?.status.state).toBe('verified');
    expect(await host.services.vault.get(a, 'password')).toBe('pw-legacy-1');
    expect(existsSync(path.join(dir, 'vault.json'))).toBe(false);
    const onDisk = JSON.parse(readFileSync(path.join(dir, 'profiles.json'), 'utf8'));
    expect(onDisk.version).toBe(2);
    expect(Object.keys(onDisk.profiles)).toEqual([a]);
    expect(logLines(host).map((l) => l['event'])).toEqual(expect.arrayContaining(['store.repair', 'store.migrated']));
    // Opening again finds nothing to repair.
    expect(checkStore(onDisk).repairs).toEqual([]);
    host.cleanup();
  });

  it('an authorization whose refresh token was lost (a crash between the two old files) asks for re-authorization', () => {
    const id = randomUUID();
    const raw = {
      version: 1,
      order: [id],
      profiles: { [id]: record(id, 'G', 'google', { authorization: AUTHORIZATION }) },
    };
    const { state, repairs } = checkStore(raw, { [id]: { accessToken: 'c2VhbGVk' } });
    const stored = state.profiles.get(id)!;
    expect(stored.authorization).toBeNull();
    expect(stored.secrets).toEqual({});
    expect(stored.status.state).toBe('reauthorization_required');
    expect(repairs).toEqual(['"G" had lost its refresh token: marked for re-authorization']);
  });

  it('tokens with no authorization, or on a Standard profile, are removed', () => {
    const g = randomUUID();
    const s = randomUUID();
    const raw = {
      version: 2,
      order: [g, s],
      profiles: {
        [g]: record(g, 'G', 'google', { authorization: null, secrets: { refreshToken: 'eA==' } }),
        [s]: record(s, 'S', 'standard', { authorization: null, secrets: { password: 'eQ==', accessToken: 'eA==' } }),
      },
    };
    const { state, repairs } = checkStore(raw);
    expect(state.profiles.get(g)!.secrets).toEqual({});
    expect(state.profiles.get(s)!.secrets).toEqual({ password: 'eQ==' });
    expect(repairs).toHaveLength(2);
  });

  it('ids that are not app-made UUIDs get a new id; no key reaches a prototype', () => {
    const good = randomUUID();
    const text = `{"version":2,"order":["constructor","__proto__","${good}"],"profiles":{
      "constructor": ${JSON.stringify(record('constructor', 'C', 'standard'))},
      "__proto__": ${JSON.stringify(record('__proto__', 'P', 'standard'))},
      "${good}": ${JSON.stringify(record(good, 'Good', 'standard'))}}}`;
    const { state, repairs } = checkStore(JSON.parse(text));
    const names = state.order.map((id) => state.profiles.get(id)!.profile.name);
    expect(names).toEqual(['C', 'P', 'Good']);
    for (const id of state.order) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(state.order[2]).toBe(good);
    expect(repairs.filter((r) => r.includes('new id'))).toHaveLength(2);
    expect(({} as Record<string, unknown>)['profile']).toBeUndefined();
  });

  it('sets unreadable records aside in a file beside the store instead of dropping them', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-bad-'));
    const good = randomUUID();
    writeFileSync(
      path.join(dir, 'profiles.json'),
      JSON.stringify({
        version: 2,
        order: [good],
        profiles: { [good]: record(good, 'Good', 'standard'), junk: { profile: 42 } },
      }),
    );
    const host = createTestHost({ dataDirectory: dir, key: KEY });
    expect(host.services.profiles.list().map((v) => v.profile.name)).toEqual(['Good']);
    const aside = readdirSync(dir).filter((f) => f.includes('unreadable'));
    expect(aside).toHaveLength(1);
    expect(JSON.parse(readFileSync(path.join(dir, aside[0]!), 'utf8'))).toEqual([{ profile: 42 }]);
    host.cleanup();
  });

  it('sets aside a hand-edited record without a name, and every other profile keeps working', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-bad-'));
    const good = randomUUID();
    const nameless = randomUUID();
    const { name: _dropped, ...withoutName } = newProfile(nameless, 'Edited', 'standard');
    writeFileSync(
      path.join(dir, 'profiles.json'),
      JSON.stringify({
        version: 2,
        order: [good, nameless],
        profiles: {
          [good]: record(good, 'Good', 'standard'),
          [nameless]: { ...record(nameless, 'x', 'standard'), profile: withoutName },
        },
      }),
    );
    const host = createTestHost({ dataDirectory: dir, key: KEY });
    expect(host.services.profiles.list().map((v) => v.profile.name)).toEqual(['Good']);
    // Before, one record without a name made these fail for every profile ("reading 'toLowerCase'").
    expect((await host.dispatch('createProfile', { name: 'New', authType: 'standard' })).ok).toBe(true);
    expect((await host.dispatch('renameProfile', { id: good, name: 'Good, renamed' })).ok).toBe(true);
    const aside = readdirSync(dir).filter((f) => f.includes('unreadable'));
    expect(JSON.parse(readFileSync(path.join(dir, aside[0]!), 'utf8'))).toMatchObject([{ profile: { id: nameless } }]);
    host.cleanup();
  });

  it('refuses a store written by a newer version and changes nothing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-new-'));
    const text = JSON.stringify({ version: 3, order: [], profiles: {} });
    writeFileSync(path.join(dir, 'profiles.json'), text);
    expect(() => createTestHost({ dataDirectory: dir, key: KEY })).toThrow(/newer Mail Preferences/);
    expect(readFileSync(path.join(dir, 'profiles.json'), 'utf8')).toBe(text);
  });

  it('a healthy store is not rewritten at start', async () => {
    const host = createTestHost({ key: KEY });
    await host.call('createProfile', { name: 'A', authType: 'standard' });
    const file = path.join(host.dataDirectory, 'profiles.json');
    const before = readFileSync(file, 'utf8');
    const again = createTestHost({ dataDirectory: host.dataDirectory, key: KEY });
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(logLines(again).some((l) => l['event'] === 'store.repair')).toBe(false);
    host.cleanup();
  });
});
