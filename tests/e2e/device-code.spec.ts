// "Sign in with a code" (RFC 8628) from the renderer: the code and the page are shown (with a QR
// code), a second browser on "another device" enters the code at the test provider, signs in
// and consents, and the profile ends Verified, exactly as after the browser flow.
import { CLIENT_ID, CLIENT_SECRET } from '../support/auth-server';
import { consentWithCode } from '../support/consent';
import { findSecrets } from '../support/secret-scan';
import { SCRIPTED_USER_CODE, startScriptedDeviceProvider } from '../support/scripted-device-provider';
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';
import { addProfile } from './helpers';
import { oauthTest as test } from './oauth-fixtures';

test.use({ kind: 'generic' });

/** A generic OAuth profile at the test provider, not saved yet. */
async function genericProfile(page: Page, issuer: string): Promise<void> {
  await addProfile(page, 'Jump host', 'Generic OAuth 2.0');
  await page.getByLabel('Issuer', { exact: true }).fill(issuer);
  await page.getByLabel('Client ID', { exact: true }).fill(CLIENT_ID);
  await page.getByLabel('Client secret', { exact: true }).fill(CLIENT_SECRET);
  await page.getByLabel('Scope', { exact: true }).fill('openid email offline_access smtp');
  await page.getByLabel('Mail server', { exact: true }).fill('127.0.0.1');
}

/** Starts a sign-in with a code: the waiting panel, the code and the page it names. */
async function startWithCode(page: Page): Promise<{ waiting: Locator; code: string; pageUrl: string }> {
  await page.getByRole('button', { name: 'Save and sign in with a code' }).click();
  const waiting = page.getByRole('status', { name: 'Sign-in with a code in progress' });
  await expect(waiting).toBeVisible();
  const code = (await waiting.locator('output').innerText()).trim();
  const pageUrl = (await waiting.locator('code').innerText()).trim();
  return { waiting, code, pageUrl };
}

test('a code shown here, entered on another device: Verified, nothing opened on this computer', async ({
  app: page,
  auth,
  oauthSmtp,
  opened,
  browser,
  shot,
  host,
}) => {
  await genericProfile(page, auth.issuer);
  await page.getByLabel('Port', { exact: true }).fill(String(oauthSmtp.port));
  await page.getByLabel('Validate server certificate', { exact: true }).uncheck();

  const { waiting, code, pageUrl } = await startWithCode(page);
  expect(code).toMatch(/^[A-Z0-9 -]{4,32}$/i);
  expect(pageUrl).toMatch(/\/device$/);
  await expect(waiting.getByRole('img', { name: /^QR code for / })).toBeVisible();
  await waiting.scrollIntoViewIfNeeded();
  await shot('19-device-code', { fullPage: false });
  expect(opened).toEqual([]);
  // Copy code says it copied (the screenshot above shows the buttons at rest).
  await waiting.getByRole('button', { name: 'Copy code' }).click();
  await expect(waiting.getByRole('button', { name: 'Copied' })).toBeVisible();

  const other = await browser.newContext();
  expect(await consentWithCode(await other.newPage(), pageUrl, code)).toMatch(/Sign-in Success/i);
  await other.close();

  await expect(page.getByRole('status', { name: 'Authorization result' })).toContainText(
    'Verified: the server accepted the login',
  );
  await expect(page.locator('.editor-header')).toContainText('Verified: the server accepted the login');
  // The tokens the code sign-in brought are sealed in the vault, and never reach the page.
  const id = host.services.profiles.list()[0]!.profile.id;
  const tokens = [
    (await host.services.vault.get(id, 'accessToken'))!,
    (await host.services.vault.get(id, 'refreshToken'))!,
  ];
  expect(findSecrets(host.dataDirectory, tokens)).toEqual([]);
  const content = await page.content();
  for (const token of tokens) expect(content).not.toContain(token);
});

test("Open page here opens the verification page in this computer's browser; Cancel stops the wait", async ({
  app: page,
  auth,
  opened,
}) => {
  await genericProfile(page, auth.issuer);
  const { waiting, pageUrl } = await startWithCode(page);
  await waiting.getByRole('button', { name: 'Open page here' }).click();
  await expect.poll(() => opened.length).toBe(1);
  // The page with the code filled in where the provider offers one (oidc-provider does).
  expect(opened[0]!.startsWith(pageUrl)).toBe(true);
  await waiting.getByRole('button', { name: 'Cancel' }).click();
  await expect(waiting).toBeHidden();
  await expect(page.getByRole('alert')).toContainText('cancelled');
  await expect(page.getByRole('button', { name: 'Sign in with a code' })).toBeEnabled();
});

test('refused at the verification page: explained, not Verified, ready to start again', async ({
  app: page,
  auth,
  browser,
}) => {
  await genericProfile(page, auth.issuer);
  const { waiting, code, pageUrl } = await startWithCode(page);
  const other = await browser.newContext();
  await consentWithCode(await other.newPage(), pageUrl, code, { deny: true });
  await other.close();
  await expect(waiting).toBeHidden();
  await expect(page.getByRole('alert')).toContainText(
    'The sign-in with the code was refused at the verification page.',
  );
  await expect(page.locator('.editor-header')).not.toContainText('Verified');
  await expect(page.getByRole('button', { name: 'Sign in with a code' })).toBeEnabled();
});

test.describe('a code nobody enters in time', () => {
  test.use({ authOptions: { deviceCodeTtl: 2 } });
  test('expires: explained, with what to do', async ({ app: page, auth }) => {
    await genericProfile(page, auth.issuer);
    const { waiting } = await startWithCode(page);
    // The provider answers expired_token at the first poll after the code's two seconds.
    await expect(waiting).toBeHidden({ timeout: 20_000 });
    await expect(page.getByRole('alert')).toContainText('The code expired before anyone signed in with it.');
    await expect(page.getByRole('alert')).toContainText('Press "Sign in with a code" again');
    await expect(page.locator('.editor-header')).not.toContainText('Verified');
  });
});

test.describe('Google', () => {
  test.use({ kind: 'google' });
  test('offers no sign-in with a code, and says why', async ({ app: page }) => {
    await addProfile(page, 'Gmail relay', 'Google (OAuth 2.0)');
    await expect(page.getByRole('button', { name: /Authorize/ })).toBeVisible();
    await expect(page.getByRole('button', { name: /sign in with a code/i })).toHaveCount(0);
    await expect(
      page.getByText(
        "Google's device sign-in does not allow the Gmail scope: authorize in the browser on this computer.",
      ),
    ).toBeVisible();
  });
});

test('slow_down from the provider: the window keeps waiting, polls 5 s slower, and ends authorized', async ({
  app: page,
}) => {
  const scripted = await startScriptedDeviceProvider();
  try {
    await genericProfile(page, scripted.issuer);
    const { waiting, code } = await startWithCode(page);
    expect(code).toBe(SCRIPTED_USER_CODE);
    // The scripted polls: slow_down, authorization_pending, tokens. The panel waits through both.
    await expect.poll(() => scripted.polls.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await expect(waiting).toBeVisible();
    // The SMTP server (127.0.0.1:587 here) is not the provider's: the grant is stored, the login check fails.
    await expect(page.getByRole('status', { name: 'Authorization result' }).or(page.getByRole('alert'))).toContainText(
      'Authorized',
      { timeout: 20_000 },
    );
    expect(scripted.polls).toHaveLength(3);
    // interval 1 s, then slow_down: 1 + 5 = 6 s before the next poll (a little timer slack allowed).
    expect(scripted.polls[1]! - scripted.polls[0]!).toBeGreaterThanOrEqual(5900);
  } finally {
    await scripted.close();
  }
});
