// A refresh that started on one authorization and failed after the admin had authorized again:
// its "re-authorization required" belongs to the old grant, and the new one stays as stored.
import { describe, expect, it } from 'vitest';
import { storeGrant } from '../../src-main/oauth/grants/store-grant';
import type { OAuthAuth } from '../../src-shared/oauth';
import { expiredAuthorization, faultProviderRig } from '../support/fault-profile';

describe('a refresh failing after a new authorization', () => {
  const rig = faultProviderRig();

  it('leaves the new authorization and its status alone', async () => {
    const { faults, host, id } = rig;
    const s = host.services;
    await expiredAuthorization(host, id);
    const held = faults.hold();
    faults.answer(400, { error: 'invalid_grant', error_description: 'The refresh token was revoked.' });
    const refreshing = s.tokens.accessToken(id).catch((error: unknown) => error);
    await held.reached;
    // Meanwhile the admin signed in again (the real storeGrant), and the login check passed.
    await new Promise((resolve) => setTimeout(resolve, 5)); // a later authorizedAt than the old one's
    const stored = s.profiles.stored(id);
    await storeGrant(
      s,
      id,
      {
        accessToken: 'AT-new-sign-in-0006',
        refreshToken: 'RT-new-sign-in-0006',
        expiresIn: 3600,
        scopes: ['smtp'],
        account: null,
      },
      s.guard.start(id),
      { committed: false },
      { auth: stored.profile.auth as OAuthAuth, clientSecret: stored.secrets.clientSecret },
    );
    const verified = {
      state: 'verified' as const,
      lastVerifiedSend: null,
      lastVerifiedLogin: new Date().toISOString(),
      reason: null,
    };
    await s.profiles.setStatus(id, verified);
    const fresh = s.profiles.get(id).authorization!;
    held.release();
    expect(await refreshing).toMatchObject({ code: 'oauth_reauthorize' });
    expect(s.profiles.get(id)).toMatchObject({ status: verified, authorization: { authorizedAt: fresh.authorizedAt } });
    expect((await s.tokens.accessToken(id)).token).toBe('AT-new-sign-in-0006');
  });

  it('still records it when the authorization it started from is the stored one', async () => {
    const { faults, host, id } = rig;
    await expiredAuthorization(host, id);
    faults.answer(400, { error: 'invalid_grant', error_description: 'The refresh token was revoked.' });
    await expect(host.services.tokens.accessToken(id)).rejects.toMatchObject({ code: 'oauth_reauthorize' });
    expect(host.services.profiles.get(id).status).toMatchObject({ state: 'reauthorization_required' });
  });
});
