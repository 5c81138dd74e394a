// The loopback listener's port is released on every path out of beginAuthorization, so a fixed
// redirect port is never left taken by a flow that failed to start.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuthorizationStart } from '../../src-shared/oauth';
import type { ProfileView } from '../../src-shared/profile';
import { PRODUCTION_ENDPOINTS, type ProviderEndpoints } from '../../src-main/oauth/endpoints';
import { CLIENT_SECRET, type TestAuthServer } from '../support/auth-server';
import { createTestHost, type TestHost } from '../support/main-host';
import { oauthProfile } from '../support/oauth-profiles';
import { portIsOpen } from '../support/ports';

const hosts: TestHost[] = [];
afterEach(() => hosts.splice(0).forEach((h) => h.cleanup()));

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('authorization with a fixed redirect port', () => {
  it('frees the port when building the authorization URL fails, so the next Authorize works', async () => {
    // Mutable: the first attempt sees a plain-http endpoint on a real host, which the flow refuses.
    const endpoints: ProviderEndpoints = structuredClone(PRODUCTION_ENDPOINTS);
    endpoints.google.authorizationEndpoint = 'http://accounts.example.com/o/oauth2/v2/auth';
    const opened: string[] = [];
    const host = createTestHost({ endpoints, openExternal: async (url) => void opened.push(url) });
    hosts.push(host);
    const port = await freePort();
    const { profile } = await host.call<ProfileView>('createProfile', { name: 'Google', authType: 'google' });
    const google = oauthProfile({ kind: 'google' } as TestAuthServer, profile.id, 587);
    await host.call('saveProfile', {
      profile: { ...google, name: 'Google', auth: { ...google.auth, redirectPort: port } },
      secrets: { clientSecret: CLIENT_SECRET },
    });

    expect(await host.dispatch('beginAuthorization', { id: profile.id })).toMatchObject({
      ok: false,
      error: { code: 'oauth_config', message: /authorization endpoint is not an https/ },
    });
    expect(await portIsOpen(port)).toBe(false);
    expect(opened).toEqual([]);

    endpoints.google.authorizationEndpoint = PRODUCTION_ENDPOINTS.google.authorizationEndpoint;
    const start = await host.call<AuthorizationStart>('beginAuthorization', { id: profile.id });
    expect(start.redirectUri).toBe(`http://127.0.0.1:${port}/oauth/google`);
    expect(await portIsOpen(port)).toBe(true);
    await host.call('cancelAuthorization', { id: profile.id });
  });
});
