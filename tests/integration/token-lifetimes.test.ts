// What a token endpoint says about lifetimes, taken as servers really send it: a "never
// expires" expires_in (Long.MAX_VALUE), or none at all. Either way the tokens are stored, a
// rotated refresh token with them, and the next use does not spend the refresh token early.
import { describe, expect, it } from 'vitest';
import { MAX_EXPIRES_IN_S } from '../../src-main/oauth/refresh-grant';
import { storeGrant } from '../../src-main/oauth/grants/store-grant';
import type { OAuthAuth } from '../../src-shared/oauth';
import { expiredAuthorization, faultProviderRig, STORED_REFRESH_TOKEN } from '../support/fault-profile';

const YEAR_MS = MAX_EXPIRES_IN_S * 1000;
/** Long.MAX_VALUE, as a JSON number arrives: 2^63. */
const NEVER_EXPIRES = 2 ** 63;

describe('token lifetimes as token endpoints send them', () => {
  const rig = faultProviderRig();

  it('a refresh answered with expires_in 2^63-1 stores the token and the rotated refresh token', async () => {
    const { faults, host, id } = rig;
    await expiredAuthorization(host, id);
    faults.answer(200, {
      access_token: 'AT-never-expires-0001',
      token_type: 'Bearer',
      expires_in: NEVER_EXPIRES,
      refresh_token: 'RT-rotated-0002',
    });
    const before = Date.now();
    const { token, expiresAt } = await host.services.tokens.accessToken(id);
    expect(token).toBe('AT-never-expires-0001');
    expect(await host.services.vault.get(id, 'refreshToken')).toBe('RT-rotated-0002');
    // Believed for a year at most, and stored as a valid date.
    expect(expiresAt - before).toBeGreaterThanOrEqual(YEAR_MS - 1000);
    expect(expiresAt - before).toBeLessThanOrEqual(YEAR_MS + 60_000);
    const stored = host.services.profiles.authorization(id)!;
    expect(Date.parse(stored.accessTokenExpiresAt!)).toBe(expiresAt);
    // The next use is served from the vault: no second request reaches the token endpoint.
    faults.answer(500, { error: 'server_error' });
    expect((await host.services.tokens.accessToken(id)).token).toBe('AT-never-expires-0001');
  });

  // OIDC providers (Microsoft, with openid in the scope) send an ID token with a refresh; the
  // refresh token is rotated by then. Checking that ID token (nothing here uses it) failed the
  // refresh when this host's clock was behind its not-before time, or the provider signed with
  // another algorithm, and the rotated refresh token was thrown away: the next refresh reused
  // the spent one, and the provider revoked the grant.
  it.each<[string, { alg: string }, { nbf?: number; exp?: number; iat?: number }]>([
    ['whose not-before time is ahead of this clock', { alg: 'RS256' }, { nbf: 120 }],
    ['signed with ES256', { alg: 'ES256' }, {}],
    ['that has already expired by this clock', { alg: 'RS256' }, { exp: -7200, iat: -10800 }],
  ])('a refresh with an ID token %s keeps the new tokens', async (_name, header, times) => {
    const { faults, host, id } = rig;
    await expiredAuthorization(host, id);
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: faults.issuer,
      aud: 'client-1',
      sub: 'helpdesk',
      iat: now + (times.iat ?? 0),
      exp: now + (times.exp ?? 3600),
      ...(times.nbf ? { nbf: now + times.nbf } : {}),
    };
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    faults.answer(200, {
      access_token: 'AT-with-id-token-0004',
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: 'RT-rotated-with-id-token-0005',
      id_token: `${part({ typ: 'JWT', ...header })}.${part(claims)}.${Buffer.from('signature').toString('base64url')}`,
    });
    expect((await host.services.tokens.accessToken(id)).token).toBe('AT-with-id-token-0004');
    expect(await host.services.vault.get(id, 'refreshToken')).toBe('RT-rotated-with-id-token-0005');
  });

  it('a refresh answered without expires_in counts an hour', async () => {
    const { faults, host, id } = rig;
    await expiredAuthorization(host, id);
    faults.answer(200, { access_token: 'AT-no-lifetime-0003', token_type: 'Bearer' });
    const before = Date.now();
    const { expiresAt } = await host.services.tokens.accessToken(id);
    expect(expiresAt - before).toBeGreaterThanOrEqual(3_600_000 - 1000);
    expect(expiresAt - before).toBeLessThanOrEqual(3_600_000 + 60_000);
    expect(await host.services.vault.get(id, 'refreshToken')).toBe(STORED_REFRESH_TOKEN);
  });

  it.each([
    ['without expires_in', undefined, 3_600_000],
    ['with expires_in 2^63-1', NEVER_EXPIRES, YEAR_MS],
  ])('an authorization %s is used as it is, not refreshed at once', async (_name, expiresIn, lifetimeMs) => {
    const { faults, host, id } = rig;
    const s = host.services;
    const before = Date.now();
    await storeGrant(
      s,
      id,
      {
        accessToken: 'AT-fresh-grant-0004',
        refreshToken: 'RT-fresh-grant-0005',
        expiresIn,
        scopes: ['smtp'],
        account: null,
      },
      s.guard.start(id),
      { committed: false },
      {
        auth: s.profiles.stored(id).profile.auth as OAuthAuth,
        clientSecret: s.profiles.stored(id).secrets.clientSecret,
      },
    );
    const stored = Date.parse(s.profiles.authorization(id)!.accessTokenExpiresAt!);
    expect(stored - before).toBeGreaterThanOrEqual(lifetimeMs - 1000);
    expect(stored - before).toBeLessThanOrEqual(lifetimeMs + 60_000);
    // A refresh now would get this answer; the stored token is handed out instead.
    faults.answer(200, { access_token: 'AT-early-refresh', token_type: 'Bearer', refresh_token: 'RT-spent-early' });
    expect((await s.tokens.accessToken(id)).token).toBe('AT-fresh-grant-0004');
    expect(await s.vault.get(id, 'refreshToken')).toBe('RT-fresh-grant-0005');
  });
});
