// Main's side of the http rule: in a packaged app (setLoopbackHttpAllowed(false), as index.ts
// does from app.isPackaged) a 127.0.0.1 http issuer is refused when saved and never opened.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProfileView } from '../../src-shared/profile';
import { setLoopbackHttpAllowed } from '../../src-shared/validators';
import { createOpenExternal } from '../../src-main/electron/open-external';
import { loadOAuth } from '../../src-main/oauth/oauth-lib';
import { insecureIfLoopback } from '../../src-main/oauth/resolve-provider';
import { createTestHost, type TestHost } from '../support/main-host';

vi.mock('electron', () => ({}));

let host: TestHost | undefined;
afterEach(() => {
  setLoopbackHttpAllowed(true);
  host?.cleanup();
});

async function saveGenericWithIssuer(issuer: string) {
  host = createTestHost();
  const view = await host.call<ProfileView>('createProfile', { name: 'Test issuer', authType: 'generic' });
  const profile = {
    ...view.profile,
    auth: { ...view.profile.auth, clientId: 'client', issuer, scope: 'openid email smtp' },
    outgoing: { host: 'smtp.example.test', port: 587, security: 'starttls', validateCertificate: true },
  };
  return host.dispatch('saveProfile', { profile, secrets: { clientSecret: 'client-secret-1234' } });
}

describe('plain http issuers', () => {
  it('are saved in an unpackaged app when they are exactly 127.0.0.1', async () => {
    expect(await saveGenericWithIssuer('http://127.0.0.1:4000')).toMatchObject({ ok: true });
  });

  it('are refused for localhost in any build', async () => {
    expect(await saveGenericWithIssuer('http://localhost:4000')).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: [{ path: 'profile.auth.issuer' }] },
    });
  });

  it('are refused for 127.0.0.1 once the app is packaged, and never opened in the browser', async () => {
    setLoopbackHttpAllowed(false);
    expect(await saveGenericWithIssuer('http://127.0.0.1:4000')).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: [{ path: 'profile.auth.issuer' }] },
    });
    const shell = { openExternal: vi.fn(async () => undefined) };
    await expect(createOpenExternal(shell, { testHooks: false })('http://127.0.0.1:4000/auth')).rejects.toThrow(
      /non-https/,
    );
    expect(shell.openExternal).not.toHaveBeenCalled();
  });
});

describe('the system browser', () => {
  it('gets the URL as parsed and checked, not the string: no tab or line break reaches the OS', async () => {
    const shell = { openExternal: vi.fn(async () => undefined) };
    await createOpenExternal(shell, { testHooks: false })('https://login.example/auth?\tstate=a\nb');
    expect(shell.openExternal).toHaveBeenCalledWith('https://login.example/auth?state=ab', { activate: true });
  });
});

describe('requests to a token endpoint', () => {
  it("may use plain http only where the rule allows it, whatever the scheme's case", async () => {
    const oauth = await loadOAuth();
    const allowed = (url: string) => oauth.allowInsecureRequests in insecureIfLoopback(oauth, url);
    expect(allowed('http://127.0.0.1:4000/token')).toBe(true);
    expect(allowed('HTTP://127.0.0.1:4000/token')).toBe(true);
    expect(allowed('https://127.0.0.1:4000/token')).toBe(false);
    expect(allowed('https://login.example.test/token')).toBe(false);
    expect(allowed('http://login.example.test/token')).toBe(false);
    expect(allowed('http://user:pw@127.0.0.1:4000/token')).toBe(false);
    setLoopbackHttpAllowed(false); // a packaged app
    expect(allowed('http://127.0.0.1:4000/token')).toBe(false);
  });
});
