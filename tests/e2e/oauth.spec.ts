// OAuth 2.0 from the renderer, as an admin does it: fill the app registration, save, Authorize,
// sign in and consent in the "system browser" (a separate Chromium context), see Verified, send.
import type { Page } from '@playwright/test';
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID, type AuthServerKind, type TestAuthServer } from '../support/auth-server';
import { consentInNewContext, TEST_MAILBOX } from '../support/consent';
import { expect } from './fixtures';
import { oauthTest } from './oauth-fixtures';
import { addProfile, save } from './helpers';

const test = oauthTest;

const PROTOCOL: Record<AuthServerKind, string> = {
  google: 'Google (OAuth 2.0)',
  microsoft: 'Office 365 (OAuth 2.0)',
  generic: 'Generic OAuth 2.0',
};

async function fillRegistration(page: Page, kind: AuthServerKind, auth: TestAuthServer, smtpPort: number) {
  await page.getByLabel('Client ID', { exact: true }).fill(CLIENT_ID);
  await page.getByLabel('Client secret', { exact: true }).fill(CLIENT_SECRET);
  if (kind === 'microsoft') await page.getByLabel('Tenant ID', { exact: true }).fill(TENANT_ID);
  if (kind === 'generic') {
    await page.getByLabel('Issuer', { exact: true }).fill(auth.issuer);
    await page.getByLabel('Scope', { exact: true }).fill('openid email offline_access smtp');
  }
  await page.getByLabel('Mail server', { exact: true }).fill('127.0.0.1');
  await page.getByLabel('Port', { exact: true }).fill(String(smtpPort));
  await page.getByLabel('Validate server certificate', { exact: true }).uncheck();
  await page.getByLabel('Display name', { exact: true }).fill('Help Desk');
}

for (const kind of ['google', 'microsoft', 'generic'] as const) {
  test.describe(`${kind} from the renderer`, () => {
    test.use({ kind });

    test('fill the registration, authorize in the browser, see Verified, send over XOAUTH2', async ({
      app: page,
      auth,
      oauthSmtp,
      opened,
      browser,
      host,
      typedSecrets,
      shot,
    }) => {
      await addProfile(page, `${kind} notifications`, PROTOCOL[kind]);
      await fillRegistration(page, kind, auth, oauthSmtp.port);
      // Unsaved: Authorize would save first.
      await expect(page.getByRole('button', { name: 'Save and authorize' })).toBeEnabled();
      await save(page);

      const redirect = `http://127.0.0.1/oauth/${kind === 'generic' ? 'callback' : kind}`;
      await expect(page.getByLabel('Redirect URI to register')).toHaveText(redirect);
      if (kind === 'google') await shot('06-oauth-google-ready');

      await page.getByRole('button', { name: 'Authorize', exact: true }).click();
      const waiting = page.getByRole('status', { name: 'Authorization in progress' });
      await expect(waiting).toContainText('Sign in and allow access');
      await expect(waiting.getByRole('button', { name: 'Copy link' })).toBeVisible();
      await expect.poll(() => opened.length).toBe(1);
      if (kind === 'google') await shot('07-oauth-waiting');

      // The system browser: its own context, like a separate browser application.
      const result = await consentInNewContext(browser, opened[0]!);
      expect(result.text).toContain('Authorization complete');

      // The authorization ends with a login check (SMTP AUTH with the new token, nothing sent).
      await expect(page.getByRole('status', { name: 'Authorization result' })).toContainText(
        'Verified: the server accepted the login',
      );
      expect(oauthSmtp.messages).toHaveLength(0);
      const details = page.getByRole('definition').filter({ hasText: TEST_MAILBOX });
      await expect(details.first()).toBeVisible();
      await expect(page.getByText('Held (encrypted); the server can keep sending')).toBeVisible();
      await expect(page.locator('.editor-header').getByText('Verified: the server accepted the login')).toBeVisible();
      // The authorized account filled the empty mailbox fields.
      await expect(page.getByLabel('Email address', { exact: true })).toHaveValue(TEST_MAILBOX);
      await expect(page.getByLabel('From address', { exact: true })).toHaveValue(TEST_MAILBOX);
      if (kind === 'google') await shot('08-oauth-authorized');

      await page.getByLabel('Send test email to', { exact: true }).fill('admin@example.test');
      await page.getByRole('button', { name: 'Send test email' }).click();
      await expect(page.getByRole('status', { name: 'Test result' })).toContainText('accepted');
      expect(oauthSmtp.messages).toHaveLength(1);
      expect(oauthSmtp.messages[0]?.user).toBe(TEST_MAILBOX);
      // A delivered test email is the stronger proof, and the badge says so.
      await expect(page.locator('.editor-header').getByText('Verified: test email delivered')).toBeVisible();

      // Nothing secret in the page; tokens join the data-directory scan the fixture runs.
      const content = await page.content();
      for (const kindOfToken of ['accessToken', 'refreshToken'] as const) {
        const token = await host.services.vault.get(await profileId(host), kindOfToken);
        expect(token).toBeTruthy();
        expect(content).not.toContain(token!);
        typedSecrets.push(token!);
      }
      expect(content).not.toContain(CLIENT_SECRET);
    });
  });
}

test.describe('authorization problems from the renderer', () => {
  test.use({ kind: 'google' });

  test('denied consent is explained; Cancel stops a waiting authorization', async ({
    app: page,
    auth,
    oauthSmtp,
    opened,
    browser,
    shot,
  }) => {
    await addProfile(page, 'Denied', PROTOCOL.google);
    await fillRegistration(page, 'google', auth, oauthSmtp.port);
    await save(page);

    await page.getByRole('button', { name: 'Authorize', exact: true }).click();
    await expect.poll(() => opened.length).toBe(1);
    await consentInNewContext(browser, opened[0]!, { deny: true });
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Authorization did not complete');
    await expect(alert).toContainText('Access was denied at the consent page');
    await shot('09-oauth-denied');

    await page.getByRole('button', { name: 'Authorize', exact: true }).click();
    const waiting = page.getByRole('status', { name: 'Authorization in progress' });
    await waiting.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('alert')).toContainText('Authorization was cancelled');
    await expect(page.getByRole('button', { name: 'Authorize', exact: true })).toBeEnabled();
  });

  test('sign out revokes and returns to "Not authorized yet"', async ({
    app: page,
    auth,
    oauthSmtp,
    opened,
    browser,
  }) => {
    await addProfile(page, 'Revoke me', PROTOCOL.google);
    await fillRegistration(page, 'google', auth, oauthSmtp.port);
    await save(page);
    await page.getByRole('button', { name: 'Authorize', exact: true }).click();
    await expect.poll(() => opened.length).toBe(1);
    await consentInNewContext(browser, opened[0]!);
    await expect(page.getByRole('button', { name: 'Sign out and revoke' })).toBeVisible();
    await page.getByRole('button', { name: 'Sign out and revoke' }).click();
    await expect(page.getByRole('status', { name: 'Authorization result' })).toContainText(
      'provider confirmed the revocation',
    );
    await expect(page.getByText('Not authorized yet.')).toBeVisible();
  });
});

test.describe('an authorization is state in main, shown wherever its profile is', () => {
  test.use({ kind: 'google' });

  const READ_ONLY = 'Read-only while the authorization waits: it fills this in from the account you sign in with.';

  async function expectLocked(page: Page, locked: boolean) {
    for (const label of ['Email address', 'From address']) {
      const field = page.getByLabel(label, { exact: true });
      if (locked) {
        await expect(field).not.toBeEditable();
        await expect(field).toHaveAccessibleDescription(READ_ONLY);
      } else {
        await expect(field).toBeEditable();
      }
    }
  }

  test('survives a profile switch: still waiting, fields read-only, Cancel here or from the other profile ends it in main', async ({
    app: page,
    auth,
    oauthSmtp,
    opened,
    host,
  }) => {
    await addProfile(page, 'Flow A', PROTOCOL.google);
    await fillRegistration(page, 'google', auth, oauthSmtp.port);
    await save(page);
    await expectLocked(page, false);
    await page.getByRole('button', { name: 'Authorize', exact: true }).click();
    const waiting = page.getByRole('status', { name: 'Authorization in progress' });
    await expect(waiting).toContainText('Sign in and allow access');
    await expect.poll(() => opened.length).toBe(1);
    // While it waits, the mailbox and From (which it will fill in) are read-only, and say why.
    await expectLocked(page, true);
    const idA = host.services.flows.active?.profileId;
    expect(idA).toBeTruthy();

    // Another OAuth profile shows the flow too, with its Cancel; it cannot start its own.
    await addProfile(page, 'Flow B', PROTOCOL.google);
    const elsewhere = page.getByRole('status', { name: 'Authorization waiting for another profile' });
    await expect(elsewhere).toContainText('An authorization for "Flow A" is waiting in the browser');
    await expect(elsewhere.getByRole('button', { name: 'Copy link' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Authorize', exact: true })).toBeDisabled();
    await expectLocked(page, false); // this profile's fields are not the flow's

    // Back on A: still waiting (not reset to idle), fields still locked.
    const list = page.getByRole('list', { name: 'Profile list' });
    await list.getByRole('button', { name: /Flow A/ }).click();
    await expect(waiting).toContainText('Sign in and allow access');
    await expect(waiting.getByRole('button', { name: 'Copy link' })).toBeVisible();
    await expectLocked(page, true);
    expect(host.services.flows.active?.profileId).toBe(idA);

    await waiting.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('alert')).toContainText('Authorization was cancelled: nothing was saved.');
    await expect.poll(() => host.services.flows.active).toBeNull();
    await expectLocked(page, false);
    await expect(page.getByRole('button', { name: 'Authorize', exact: true })).toBeEnabled();

    // Again, and this time cancel it from B's panel.
    await page.getByRole('button', { name: 'Authorize', exact: true }).click();
    await expect(waiting).toBeVisible();
    await list.getByRole('button', { name: /Flow B/ }).click();
    await elsewhere.getByRole('button', { name: 'Cancel' }).click();
    await expect(elsewhere).toBeHidden();
    await expect.poll(() => host.services.flows.active).toBeNull();
    await list.getByRole('button', { name: /Flow A/ }).click();
    await expect(page.getByRole('alert')).toContainText('Authorization was cancelled');
    await expect(page.getByRole('button', { name: 'Authorize', exact: true })).toBeEnabled();
    await expectLocked(page, false);
  });

  test('survives a window reload: waiting again, fields read-only, Cancel ends it in main', async ({
    app: page,
    auth,
    oauthSmtp,
    opened,
    host,
  }) => {
    await addProfile(page, 'Reloaded', PROTOCOL.google);
    await fillRegistration(page, 'google', auth, oauthSmtp.port);
    await save(page);
    await page.getByRole('button', { name: 'Authorize', exact: true }).click();
    await expect.poll(() => opened.length).toBe(1);
    expect(host.services.flows.active).not.toBeNull();

    await page.reload();
    const waiting = page.getByRole('status', { name: 'Authorization in progress' });
    await expect(waiting).toContainText('Sign in and allow access');
    await expect(page.getByRole('button', { name: 'Waiting for the browser…' })).toBeDisabled();
    await expectLocked(page, true);

    await waiting.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('alert')).toContainText('Authorization was cancelled: nothing was saved.');
    await expect.poll(() => host.services.flows.active).toBeNull();
    await expectLocked(page, false);
    expect(opened).toHaveLength(1); // the reload did not start a second flow
  });
});

test.describe('the authorization fills in while the admin edits', () => {
  test.use({ kind: 'google' });

  test('an edit made while the browser consent is open is kept alongside the fill-in of mailbox and From', async ({
    app: page,
    auth,
    oauthSmtp,
    opened,
    browser,
    host,
  }) => {
    await addProfile(page, 'Edited while waiting', PROTOCOL.google);
    await fillRegistration(page, 'google', auth, oauthSmtp.port);
    await save(page);
    await page.getByRole('button', { name: 'Authorize', exact: true }).click();
    await expect.poll(() => opened.length).toBe(1);

    // The admin goes on editing a field the flow does not fill, and does not save.
    await page.getByLabel('Description', { exact: true }).fill('typed during consent');
    await page.getByLabel('Display name', { exact: true }).fill('Service Desk');

    await consentInNewContext(browser, opened[0]!);
    await expect(page.getByRole('status', { name: 'Authorization result' })).toContainText(
      'Verified: the server accepted the login',
    );

    // Both: main's fill-in shows in the still-dirty form, and the admin's edits are still there.
    await expect(page.getByLabel('Email address', { exact: true })).toHaveValue(TEST_MAILBOX);
    await expect(page.getByLabel('From address', { exact: true })).toHaveValue(TEST_MAILBOX);
    await expect(page.getByLabel('Description', { exact: true })).toHaveValue('typed during consent');
    await expect(page.getByRole('listitem', { name: /^Conflict:/ })).toHaveCount(0);
    await save(page);

    const [view] = await host.call<
      {
        profile: {
          description: string;
          auth: { email?: string };
          sender: { fromAddress: string; displayName: string };
        };
        status: { state: string };
      }[]
    >('listProfiles');
    expect(view!.profile.description).toBe('typed during consent');
    expect(view!.profile.sender.displayName).toBe('Service Desk');
    expect(view!.profile.auth.email).toBe(TEST_MAILBOX);
    expect(view!.profile.sender.fromAddress).toBe(TEST_MAILBOX);
    // Saving the merged draft did not undo the authorization.
    expect(view!.status.state).toBe('verified');
    await expect(page.locator('.editor-header').getByText('Verified')).toBeVisible();
  });
});

async function profileId(host: { call: <T>(m: string, a?: unknown) => Promise<T> }): Promise<string> {
  const [view] = await host.call<{ profile: { id: string } }[]>('listProfiles');
  return view!.profile.id;
}
