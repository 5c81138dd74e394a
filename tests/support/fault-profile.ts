// A Generic OAuth profile whose provider is the fault token server (fault-token-server.ts), and
// an authorization on it whose access token has run out: the next use refreshes and meets
// whatever the server was told to answer.
import { afterAll, beforeAll } from 'vitest';
import type { Profile, ProfileView } from '../../src-shared/profile';
import { startFaultTokenServer, type FaultTokenServer } from './fault-token-server';
import { createTestHost, type TestHost } from './main-host';
import { standardProfile } from './profiles';

export const STORED_REFRESH_TOKEN = 'stored-refresh-token-1';

export async function faultProviderProfile(host: TestHost, faults: FaultTokenServer): Promise<string> {
  const { profile } = await host.call<ProfileView>('createProfile', { name: 'Provider', authType: 'generic' });
  const generic: Profile = {
    ...standardProfile(profile.id, 587, { name: 'Provider' }),
    auth: {
      type: 'generic',
      email: 'helpdesk@contoso.com',
      clientId: 'client-1',
      issuer: faults.issuer,
      authorizationEndpoint: '',
      tokenEndpoint: '',
      deviceAuthorizationEndpoint: '',
      scope: 'openid email offline_access smtp',
      clientAuthMethod: 'client_secret_post',
      redirectPort: null,
    },
  };
  await host.call('saveProfile', { profile: generic, secrets: { clientSecret: 'client-secret-value-1' } });
  return profile.id;
}

/** An authorization whose access token ran out, with STORED_REFRESH_TOKEN to refresh it. */
export async function expiredAuthorization(host: TestHost, id: string): Promise<void> {
  await host.services.profiles.setAuthorization(id, {
    account: 'helpdesk@contoso.com',
    scopes: ['smtp'],
    accessTokenExpiresAt: new Date(0).toISOString(),
    hasRefreshToken: true,
    authorizedAt: new Date().toISOString(),
    lastRefreshAt: null,
  });
  await host.services.vault.update(id, { refreshToken: STORED_REFRESH_TOKEN });
}

/** For a describe block: the fault server, a host and the profile on it, made once and closed after. */
export function faultProviderRig(): {
  readonly faults: FaultTokenServer;
  readonly host: TestHost;
  readonly id: string;
} {
  const rig = {} as { faults: FaultTokenServer; host: TestHost; id: string };
  beforeAll(async () => {
    rig.faults = await startFaultTokenServer();
    rig.host = createTestHost();
    rig.id = await faultProviderProfile(rig.host, rig.faults);
  });
  afterAll(async () => {
    await rig.faults.close();
    rig.host.cleanup();
  });
  return rig;
}
