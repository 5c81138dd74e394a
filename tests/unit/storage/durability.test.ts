// The two durability classes: which changes may wait for a deferred write (durability.ts), and
// how the writer keeps the file whole and ordered (document-writer.ts), against real files.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuthorizationInfo } from '../../../src-shared/oauth';
import type { StoredProfile } from '../../../src-main/profiles/profile-document';
import { DocumentWriter } from '../../../src-main/storage/document-writer';
import { durabilityOf } from '../../../src-main/storage/durability';
import type { StoreState } from '../../../src-main/storage/profile-store';
import { applySealed } from '../../../src-main/vault/secret-vault';
import { createTestHost, type TestHost } from '../../support/main-host';

const AUTHORIZATION: AuthorizationInfo = {
  account: 'mailbox@example.test',
  scopes: ['smtp'],
  accessTokenExpiresAt: '2030-01-01T00:00:00.000Z',
  hasRefreshToken: true,
  authorizedAt: '2026-01-01T00:00:00.000Z',
  lastRefreshAt: null,
};

let host: TestHost | undefined;
const dirs: string[] = [];
afterEach(() => {
  host?.cleanup();
  host = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function state(records: StoredProfile[]): StoreState {
  return { order: records.map((r) => r.profile.id), profiles: new Map(records.map((r) => [r.profile.id, r])) };
}

async function authorized(): Promise<{ record: StoredProfile; id: string }> {
  host = createTestHost();
  const { profile } = await host.services.profiles.create('Mailbox', 'generic');
  const sealed = await host.services.vault.seal({ refreshToken: 'rt-1', accessToken: 'at-1' });
  await host.services.profiles.patch(profile.id, (current) => ({
    secrets: applySealed(current.secrets, sealed),
    authorization: AUTHORIZATION,
  }));
  return { record: host.services.profiles.stored(profile.id), id: profile.id };
}

describe('durabilityOf', () => {
  it('defers a status, and a new access token with its times; nothing else', async () => {
    const { record } = await authorized();
    const before = state([record]);
    const change = (fields: Partial<StoredProfile>) => durabilityOf(before, state([{ ...record, ...fields }]));
    const reason = { state: 'verified', lastVerifiedSend: '2026-01-02T00:00:00.000Z', reason: null } as const;
    expect(change({ status: reason })).toBe('deferred');
    const times = {
      ...AUTHORIZATION,
      accessTokenExpiresAt: '2031-01-01T00:00:00.000Z',
      lastRefreshAt: '2026-01-02T00:00:00.000Z',
    };
    expect(change({ secrets: { ...record.secrets, accessToken: 'c2VhbGVkLW5ldw==' }, authorization: times })).toBe(
      'deferred',
    );
    // A rotated refresh token: durable, whatever else comes with it.
    expect(change({ secrets: { ...record.secrets, refreshToken: 'c2VhbGVkLXJ0Mg==' }, authorization: times })).toBe(
      'durable',
    );
    // A token removed must not come back after a crash (sign-out, a refused grant).
    const { accessToken: _gone, ...withoutAccess } = record.secrets;
    expect(change({ secrets: withoutAccess })).toBe('durable');
    expect(change({ authorization: null })).toBe('durable');
    expect(change({ authorization: { ...AUTHORIZATION, scopes: ['smtp', 'imap'] } })).toBe('durable');
    expect(change({ authorization: { ...AUTHORIZATION, hasRefreshToken: false } })).toBe('durable');
    expect(
      change({ authorization: { ...AUTHORIZATION, handedOff: { at: AUTHORIZATION.authorizedAt, file: 'x.json' } } }),
    ).toBe('durable');
    expect(change({ profile: { ...record.profile, description: 'edited' } })).toBe('durable');
    expect(change({ updatedAt: '2026-01-03T00:00:00.000Z' })).toBe('durable');
    expect(change({ secrets: { ...record.secrets, password: 'c2VhbGVk' } })).toBe('durable');
    expect(durabilityOf(before, state([]))).toBe('durable');
    const other = { ...record, profile: { ...record.profile, id: '00000000-0000-4000-8000-00000000000b' } };
    expect(durabilityOf(before, state([record, other]))).toBe('durable');
    expect(durabilityOf(state([record, other]), state([other, record]))).toBe('durable');
    expect(durabilityOf(before, before)).toBe('deferred'); // nothing changed: nothing owed
  });

  it('given the ids a transaction touched, answers as comparing every record does', async () => {
    const { record, id } = await authorized();
    const other = { ...record, profile: { ...record.profile, id: '00000000-0000-4000-8000-00000000000b' } };
    const before = state([other, record]);
    const status = { state: 'verified', lastVerifiedSend: '2026-01-02T00:00:00.000Z', reason: null } as const;
    const changes: Partial<StoredProfile>[] = [
      { status },
      { secrets: { ...record.secrets, password: 'c2VhbGVk' } },
      { authorization: null },
      { profile: { ...record.profile, description: 'edited' } },
    ];
    for (const fields of changes) {
      const after = state([other, { ...record, ...fields }]);
      expect(durabilityOf(before, after, [id])).toBe(durabilityOf(before, after));
    }
    expect(durabilityOf(before, state([other]), [id])).toBe('durable'); // removed
    expect(durabilityOf(state([other]), before, [id])).toBe('durable'); // added
  });

  it('compares by value, not by object or key order; a key holding undefined on one side is a change', async () => {
    const { record } = await authorized();
    const before = state([record]);
    const change = (fields: Partial<StoredProfile>) => durabilityOf(before, state([{ ...record, ...fields }]));
    // Equal copies (another object, another key order) of settings and authorization: nothing durable.
    const reordered = Object.fromEntries(Object.entries(structuredClone(record.profile)).reverse());
    expect(change({ profile: reordered as StoredProfile['profile'] })).toBe('deferred');
    expect(change({ authorization: { ...structuredClone(AUTHORIZATION) } })).toBe('deferred');
    // A nested difference deep inside, and one hidden behind an undefined key: durable.
    const deeper = {
      ...record.profile,
      outgoing: { ...record.profile.outgoing, port: record.profile.outgoing.port + 1 },
    };
    expect(change({ profile: deeper })).toBe('durable');
    expect(change({ profile: { ...record.profile, extra: undefined } as StoredProfile['profile'] })).toBe('durable');
    expect(change({ authorization: { ...AUTHORIZATION, scopes: ['smtp', undefined] as unknown as string[] } })).toBe(
      'durable',
    );
    // Not plain JSON (none is expected): compared as the JSON it becomes, so two Dates differ.
    const at = (iso: string) =>
      ({ ...record.profile, description: new Date(iso) }) as unknown as StoredProfile['profile'];
    const dated = state([{ ...record, profile: at('2026-01-01T00:00:00.000Z') }]);
    expect(durabilityOf(dated, state([{ ...record, profile: at('2026-06-01T00:00:00.000Z') }]))).toBe('durable');
    expect(durabilityOf(dated, state([{ ...record, profile: at('2026-01-01T00:00:00.000Z') }]))).toBe('deferred');
    // An array against an object with the same entries is a change.
    expect(change({ authorization: { ...AUTHORIZATION, scopes: { 0: 'smtp' } as unknown as string[] } })).toBe(
      'durable',
    );
  });
});

describe('the store writes by class', () => {
  it('a status reaches the disk within the delay, and a durable write takes it along at once', async () => {
    const { id } = await authorized();
    const file = host!.services.store.path;
    const read = () => JSON.parse(readFileSync(file, 'utf8')).profiles[id] as StoredProfile;
    const status = { state: 'verified', lastVerifiedSend: '2026-01-02T00:00:00.000Z', reason: null } as const;
    await host!.services.profiles.setStatus(id, status);
    expect(host!.services.profiles.get(id).status).toEqual(status); // visible at once
    expect(read().status.state).toBe('not_verified'); // not on disk yet
    await host!.services.store.settled();
    expect(read().status).toEqual(status);

    await host!.services.profiles.setStatus(id, { ...status, reason: 'second' });
    // A rotation is durable, and the document it writes holds the waiting status too.
    await host!.services.vault.update(id, { refreshToken: 'rt-2' });
    expect(read().status.reason).toBe('second');
    expect(read().secrets.refreshToken).toBe(host!.services.profiles.stored(id).secrets.refreshToken);

    await host!.services.profiles.setStatus(id, { ...status, reason: 'third' });
    host!.services.store.flush(); // as at quit
    expect(read().status.reason).toBe('third');
    await host!.services.store.settled();
    expect(read().status.reason).toBe('third');
    expect(readdirSync(path.dirname(file)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('start-up', () => {
  it('clears the temp files a killed writer left beside profiles.json, and nothing else', () => {
    host = createTestHost();
    const dir = host.dataDirectory;
    host.services.store.flush();
    const left = path.join(dir, '.profiles.json.0123456789ab.tmp');
    const other = path.join(dir, '.profiles.json.keep-me.tmp');
    writeFileSync(left, '{"half":');
    writeFileSync(other, 'not ours');
    const again = createTestHost({ dataDirectory: dir });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual(['.profiles.json.keep-me.tmp']);
    void again;
  });
});

describe('DocumentWriter', () => {
  function writer() {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-writer-'));
    dirs.push(dir);
    return { dir, file: path.join(dir, 'doc.json'), errors: [] as unknown[] };
  }

  it('a burst of deferred changes costs one write, of the newest document', async () => {
    const { file } = writer();
    const w = new DocumentWriter(file, 20);
    let renders = 0;
    for (let i = 1; i <= 5; i++) w.writeLater(() => (renders++, `{"n":${i}}`));
    await w.settled();
    expect(readFileSync(file, 'utf8')).toBe('{"n":5}');
    expect(renders).toBe(1);
  });

  it('a durable write overtaking a deferred one under way is never undone by it', async () => {
    const { file, dir } = writer();
    const w = new DocumentWriter(file, 60_000);
    w.writeLater(() => '{"n":"deferred"}');
    const deferred = w.settled(); // starts the deferred write now; it is at its first await
    w.write('{"n":"durable"}');
    await deferred;
    expect(readFileSync(file, 'utf8')).toBe('{"n":"durable"}');
    expect(readdirSync(dir)).toEqual(['doc.json']);
  });

  it('a failed deferred write is reported and stays owed: flush writes it, or throws why', async () => {
    const { file, dir } = writer();
    const w = new DocumentWriter(path.join(dir, 'missing', 'doc.json'), 1);
    const errors: unknown[] = [];
    w.writeLater(
      () => '{"n":1}',
      (e) => errors.push(e),
    );
    await w.settled();
    expect(errors).toMatchObject([{ code: 'ENOENT' }]);
    expect(w.hasPending).toBe(true);
    expect(() => w.flush()).toThrow(/ENOENT/);
    const ok = new DocumentWriter(file, 1);
    ok.writeLater(() => '{"n":2}');
    ok.flush();
    expect(readFileSync(file, 'utf8')).toBe('{"n":2}');
  });
});
