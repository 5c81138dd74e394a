// The device authorization grant (RFC 8628) against oidc-provider's device flow, Microsoft- and
// generic-shaped: the code shown to the admin is entered on "another device" (a separate
// Chromium context), the app polls and ends exactly like the browser flow (tokens sealed in the
// vault, the login check, Verified). Refused, expired, cancelled and Google each end clearly.
import { describe, expect, it } from 'vitest';
import type { AuthorizationOutcome } from '../../src-shared/ipc';
import type { AuthorizationStart } from '../../src-shared/oauth';
import type { ProfileView } from '../../src-shared/profile';
import {
  SERVICE_ACCOUNT_EMAIL,
  startAuthServer,
  type AuthServerKind,
  type AuthServerOptions,
} from '../support/auth-server';
import { explainDeviceError, MAX_CODE_LIFETIME_SECONDS } from '../../src-main/oauth/grants/device-code';
import { TEST_MAILBOX } from '../support/consent';
import { otherDeviceRig } from '../support/other-device';
import { createTestHost } from '../support/main-host';
import { introspectingXoauth2, oauthProfile } from '../support/oauth-profiles';
import { findSecrets } from '../support/secret-scan';
import { startSmtpServer } from '../support/smtp-server';
import { failure } from '../support/app-error';
import {
  SCRIPTED_REFRESH_TOKEN,
  SCRIPTED_USER_CODE,
  startScriptedDeviceProvider,
} from '../support/scripted-device-provider';

const { cleanups, signIn } = otherDeviceRig();

async function rig(kind: AuthServerKind, options: AuthServerOptions = {}) {
  // Microsoft: a public client ("Allow public client flows"), as device sign-in needs.
  const auth = await startAuthServer(kind, kind === 'microsoft' ? { clientAuthMethod: 'none', ...options } : options);
  cleanups.push(() => auth.close());
  const smtp = await startSmtpServer({ onXoauth2: introspectingXoauth2(auth) });
  cleanups.push(() => smtp.close());
  const opened: string[] = [];
  const host = createTestHost({ endpoints: auth.endpoints, openExternal: async (url) => void opened.push(url) });
  cleanups.push(() => host.cleanup());
  const created = await host.call<ProfileView>('createProfile', { name: 'Jump host', authType: kind });
  const id = created.profile.id;
  await host.call('saveProfile', {
    profile: oauthProfile(auth, id, smtp.port),
    secrets: kind === 'microsoft' ? {} : { clientSecret: 'Client-Secret-4-tests-xyz' },
  });
  return { auth, smtp, host, id, opened };
}

async function otherDevice(start: AuthorizationStart, options: { deny?: boolean } = {}) {
  return signIn(start.device!, options);
}

describe.each(['microsoft', 'generic'] as const)('%s: sign in with a code', (kind) => {
  it('shows a code, polls while the admin signs in elsewhere, then ends Verified like the browser flow', async () => {
    const r = await rig(kind);
    const start = await r.host.call<AuthorizationStart>('beginAuthorization', { id: r.id, method: 'device' });
    expect(start.device?.userCode).toMatch(/^[A-Z0-9 -]{4,32}$/i);
    expect(start.device?.verificationUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.*device/);
    expect(start.redirectUri).toBe('');
    // Nothing opens on this computer: the code is for another device.
    expect(r.opened).toEqual([]);
    const waiting = r.host.call<AuthorizationOutcome>('awaitAuthorization', { id: r.id });
    expect(await r.host.call('authorizationState', { id: r.id })).toMatchObject({ phase: 'waiting' });
    expect(await otherDevice(start)).toMatch(/Sign-in Success/i);
    const outcome = await waiting;
    expect(outcome.view.authorization).toMatchObject({ account: TEST_MAILBOX, hasRefreshToken: true });
    expect(outcome.loginCheck).toMatchObject({ ok: true });
    expect(outcome.view.status.state).toBe('verified');
    const tokens = [
      (await r.host.services.vault.get(r.id, 'accessToken'))!,
      (await r.host.services.vault.get(r.id, 'refreshToken'))!,
    ];
    expect(findSecrets(r.host.dataDirectory, tokens)).toEqual([]);
    // The grant serves sends like any other.
    await r.host.call('sendTestEmail', { id: r.id, to: TEST_MAILBOX });
    expect(r.smtp.messages).toHaveLength(1);
  }, 60_000);
});

describe('a provider asking for more than a timer can wait', () => {
  it('a code said to live 60 days is believed for a day: the sign-in waits, it does not end at once', async () => {
    const r = await rig('generic', { deviceCodeTtl: 60 * 24 * 3600 });
    const before = Date.now();
    const start = await r.host.call<AuthorizationStart>('beginAuthorization', { id: r.id, method: 'device' });
    const lifetime = Date.parse(start.expiresAt) - before;
    expect(lifetime).toBeGreaterThan(MAX_CODE_LIFETIME_SECONDS * 1000);
    expect(lifetime).toBeLessThan(MAX_CODE_LIFETIME_SECONDS * 1000 + 5 * 60_000);
    const waiting = r.host.call<AuthorizationOutcome>('awaitAuthorization', { id: r.id });
    // 60 days in milliseconds overflows a timer (Node fires it after 1 ms): the flow ended at once.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await r.host.call('authorizationState', { id: r.id })).toMatchObject({ phase: 'waiting' });
    expect(await otherDevice(start)).toMatch(/Sign-in Success/i);
    expect((await waiting).view.status.state).toBe('verified');
  }, 60_000);
});

describe('generic provider named by its endpoints (no issuer)', () => {
  /** The rig's generic profile with the issuer's endpoints typed in instead of the issuer. */
  async function withEndpoints(device: 'explicit' | 'none') {
    const r = await rig('generic');
    const metadata = (await (await fetch(`${r.auth.issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      string
    >;
    const { profile } = r.host.services.profiles.get(r.id);
    const auth = profile.auth as Extract<typeof profile.auth, { type: 'generic' }>;
    await r.host.call('saveProfile', {
      profile: {
        ...profile,
        auth: {
          ...auth,
          issuer: '',
          authorizationEndpoint: metadata['authorization_endpoint']!,
          tokenEndpoint: metadata['token_endpoint']!,
          deviceAuthorizationEndpoint: device === 'explicit' ? metadata['device_authorization_endpoint']! : '',
        },
      },
      secrets: {},
    });
    return r;
  }

  it('the device authorization endpoint typed in: signed in with a code, Verified', async () => {
    const r = await withEndpoints('explicit');
    const start = await r.host.call<AuthorizationStart>('beginAuthorization', { id: r.id, method: 'device' });
    const waiting = r.host.call<AuthorizationOutcome>('awaitAuthorization', { id: r.id });
    expect(await otherDevice(start)).toMatch(/Sign-in Success/i);
    expect((await waiting).view.status.state).toBe('verified');
  }, 60_000);

  it('none typed in: refused up front, saying what is missing', async () => {
    const r = await withEndpoints('none');
    const error = await failure(r.host.call('beginAuthorization', { id: r.id, method: 'device' }));
    expect(error).toMatchObject({ code: 'oauth_config' });
    expect(error.message).toBe(
      'No device authorization endpoint is known for this provider, so it offers no device sign-in.',
    );
    expect(error.hint).toContain('Device authorization endpoint');
  }, 30_000);
});

describe('a device sign-in that does not complete', () => {
  it('refused at the consent: access_denied, explained, nothing stored', async () => {
    const r = await rig('generic');
    const start = await r.host.call<AuthorizationStart>('beginAuthorization', { id: r.id, method: 'device' });
    const waiting = failure(r.host.call('awaitAuthorization', { id: r.id }));
    await otherDevice(start, { deny: true });
    const error = await waiting;
    expect(error).toMatchObject({ code: 'oauth_denied' });
    expect(error.message).toMatch(/refused/);
    expect(r.host.services.profiles.get(r.id).authorization).toBeNull();
  }, 60_000);

  it('the code expires before anyone signs in: expired, explained', async () => {
    const r = await rig('generic', { deviceCodeTtl: 3 });
    await r.host.call('beginAuthorization', { id: r.id, method: 'device' });
    const error = await failure(r.host.call('awaitAuthorization', { id: r.id }));
    expect(error).toMatchObject({ code: 'oauth_timeout' });
    expect(error.message).toMatch(/expired/);
  }, 60_000);

  it('Cancel stops the polling: cancelled, nothing stored', async () => {
    const r = await rig('generic');
    await r.host.call('beginAuthorization', { id: r.id, method: 'device' });
    const waiting = failure(r.host.call('awaitAuthorization', { id: r.id }));
    expect(await r.host.call('cancelAuthorization', { id: r.id })).toEqual({ cancelled: true });
    expect(await waiting).toMatchObject({ code: 'cancelled' });
    expect(await r.host.call('authorizationState', { id: r.id })).toMatchObject({ phase: 'finished' });
  }, 30_000);

  it('a registration that does not allow the device grant: unauthorized_client, explained with the setting', async () => {
    const r = await rig('generic');
    const { profile } = r.host.services.profiles.get(r.id);
    // A public client registered for another grant only (oidc-provider checks its grant types).
    await r.host.call('saveProfile', {
      profile: { ...profile, auth: { ...profile.auth, clientId: SERVICE_ACCOUNT_EMAIL, clientAuthMethod: 'none' } },
      secrets: { clientSecret: null },
    });
    const error = await failure(r.host.call('beginAuthorization', { id: r.id, method: 'device' }));
    expect(error).toMatchObject({
      code: 'oauth_config',
      message: 'The app registration does not allow the device code flow.',
    });
    expect(error.hint).toContain('"Allow public client flows" = Yes');
    // Entra ID says it differently (invalid_client, AADSTS7000218), a text no test server sends.
    const entra = explainDeviceError({
      error: 'invalid_client',
      error_description:
        "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    });
    expect(entra.message).toBe('The app registration does not allow the device code flow.');
  }, 30_000);

  it('Google: refused up front, since its device flow does not allow the mail scope', async () => {
    const r = await rig('google');
    const error = await failure(r.host.call('beginAuthorization', { id: r.id, method: 'device' }));
    expect(error.message).toMatch(/does not allow the Gmail scope/);
    expect(error.hint).toMatch(/browser on this computer|service account/);
  });
});

describe('slow_down (a fault oidc-provider never sends: a scripted provider answers it)', () => {
  it('each slow_down adds 5 seconds to the polling interval; pending keeps waiting; then the tokens are stored', async () => {
    const scripted = await startScriptedDeviceProvider();
    cleanups.push(() => scripted.close());
    const { issuer, polls } = scripted;

    const host = createTestHost({ openExternal: async () => undefined });
    cleanups.push(() => host.cleanup());
    const created = await host.call<ProfileView>('createProfile', { name: 'Scripted', authType: 'generic' });
    const id = created.profile.id;
    const base = created.profile;
    await host.call('saveProfile', {
      profile: {
        ...base,
        auth: {
          type: 'generic',
          email: TEST_MAILBOX,
          clientId: 'scripted-client',
          issuer,
          authorizationEndpoint: '',
          tokenEndpoint: '',
          deviceAuthorizationEndpoint: '',
          scope: 'smtp offline_access',
          clientAuthMethod: 'none',
          redirectPort: null,
        },
        outgoing: { host: '127.0.0.1', port: 1, security: 'starttls', validateCertificate: false },
      },
      secrets: {},
    });
    const start = await host.call<AuthorizationStart>('beginAuthorization', { id, method: 'device' });
    expect(start.device).toMatchObject({ userCode: SCRIPTED_USER_CODE, verificationUri: `${issuer}/device` });
    const outcome = await host.call<AuthorizationOutcome>('awaitAuthorization', { id });
    expect(polls).toHaveLength(3);
    // interval 1 s, then slow_down: 1 + 5 = 6 s before the next poll (a little timer slack allowed).
    expect(polls[1]! - polls[0]!).toBeGreaterThanOrEqual(5900);
    expect(polls[2]! - polls[1]!).toBeGreaterThanOrEqual(5900);
    expect(outcome.view.authorization).toMatchObject({ hasRefreshToken: true });
    expect(await host.services.vault.get(id, 'refreshToken')).toBe(SCRIPTED_REFRESH_TOKEN);
  }, 40_000);
});
