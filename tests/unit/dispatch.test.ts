import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { IPC_METHODS } from '../../src-shared/ipc-methods';
import { ipcContract } from '../../src-shared/ipc';
import type { ProfileView } from '../../src-shared/profile';
import { createTestHost, type TestHost } from '../support/main-host';
import { standardProfile } from '../support/profiles';

let host: TestHost;
afterEach(() => host?.cleanup());

describe('dispatch', () => {
  it('has a schema for every method in the method list, and no others', () => {
    expect(Object.keys(ipcContract).sort()).toEqual([...IPC_METHODS].sort());
  });

  it('answers an unknown method with invalid_request, without stringifying it', async () => {
    host = createTestHost();
    const hostile = {
      toString() {
        throw new Error('toString ran');
      },
      [Symbol.toPrimitive]() {
        throw new Error('toPrimitive ran');
      },
    };
    for (const method of ['nope', 42, null, undefined, { toString: () => 'listProfiles' }, hostile, Symbol('x')]) {
      const result = await host.dispatch(method, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request', message: /no known method/ } });
    }
  });

  it('answers a field the admin can fix with invalid_input naming the field', async () => {
    host = createTestHost();
    const result = await host.dispatch('createProfile', { name: '', authType: 'standard' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.fields).toEqual([{ path: 'name', message: 'Give the profile a name.' }]);
  });

  it('answers a malformed payload with invalid_request saying what is wrong', async () => {
    host = createTestHost();
    const cases: [unknown, RegExp][] = [
      [null, /malformed: /],
      ['string', /malformed: /],
      [[], /malformed: /],
      [{ name: 'x', authType: 'standard', extra: 1 }, /malformed: .*extra/],
      [{ name: 42, authType: 'standard' }, /malformed at "name"/],
      [JSON.parse('{"name":"x","authType":"standard","__proto__":{"admin":true}}'), /malformed: .*__proto__/],
      [new Date(), /not plain data/],
      [
        {
          name: 'x',
          authType: 'standard',
          get extra() {
            throw new Error('getter ran');
          },
        },
        /getter/,
      ],
    ];
    for (const [bad, message] of cases) {
      const r = await host.dispatch('createProfile', bad);
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid_request', message } });
    }
    expect(await host.call('listProfiles')).toEqual([]);
  });

  it('turns an unexpected exception into a generic internal error and logs it', async () => {
    host = createTestHost();
    host.services.profiles.list = () => {
      throw new Error('disk on fire');
    };
    const result = await host.dispatch('listProfiles', {});
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'internal', message: 'Something went wrong inside the app.' },
    });
    expect(readFileSync(host.services.logger.file, 'utf8')).toContain('disk on fire');
  });

  it('reports not_found for a profile id that does not exist', async () => {
    host = createTestHost();
    const result = await host.dispatch('deleteProfile', { id: '00000000-0000-4000-8000-000000000000' });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('rejects a save whose profile does not match the schema and keeps the stored one', async () => {
    host = createTestHost();
    const created = await host.call<ProfileView>('createProfile', { name: 'A', authType: 'standard' });
    const good = standardProfile(created.profile.id, 2525);
    await host.call('saveProfile', { profile: good, secrets: {} });
    const bad = { ...good, outgoing: { ...good.outgoing, port: 0 } };
    const result = await host.dispatch('saveProfile', { profile: bad, secrets: {} });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: [{ path: 'profile.outgoing.port' }] },
    });
    const [stored] = await host.call<ProfileView[]>('listProfiles');
    expect(stored?.profile).toEqual(good);
  });

  it('redacts known secrets from error messages', async () => {
    host = createTestHost();
    const created = await host.call<ProfileView>('createProfile', { name: 'A', authType: 'standard' });
    await host.call('saveProfile', {
      profile: standardProfile(created.profile.id, 2525),
      secrets: { password: 'hunter2-secret' },
    });
    host.services.profiles.list = () => {
      throw new Error('leaked hunter2-secret here');
    };
    const result = await host.dispatch('listProfiles', {});
    expect(JSON.stringify(result)).not.toContain('hunter2-secret');
    expect(readFileSync(host.services.logger.file, 'utf8')).not.toContain('hunter2-secret');
  });
});
