// "Sign in with a code" (RFC 8628) from the renderer: the code and the page are shown (with a QR
// code), a second browser on "another device" enters the code at the test provider, signs in
// and consents, and the profile ends Verified, exactly as after the browser flow.
import { CLIENT_ID, CLIENT_SECRET } from '../support/auth-server';
import { consentWithCode } from '../support/consent';
import { expect } from './fixtures';
import { addProfile } from './helpers';
import { oauthTest as test } from './oauth-fixtures';

test.use({ kind: 'generic' });

test('a code shown here, entered on another device: Verified, nothing opened on this computer', async ({
  app: page,
  auth,
  oauthSmtp,
  opened,
  browser,
  shot,
}) => {
  await addProfile(page, 'Jump host', 'Generic OAuth 2.0');
  await page.getByLabel('Issuer', { exact: true }).fill(auth.issuer);
  await page.getByLabel('Client ID', { exact: true }).fill(CLIENT_ID);
  await page.getByLabel('Client secret', { exact: true }).fill(CLIENT_SECRET);
  await page.getByLabel('Scope', { exact: true }).fill('openid email offline_access smtp');
  await page.getByLabel('Mail server', { exact: true }).fill('127.0.0.1');
  await page.getByLabel('Port', { exact: true }).fill(String(oauthSmtp.port));
  await page.getByLabel('Validate server certificate', { exact: true }).uncheck();

  await page.getByRole('button', { name: 'Save and sign in with a code' }).click();
  const waiting = page.getByRole('status', { name: 'Sign-in with a code in progress' });
  await expect(waiting).toBeVisible();
  const code = (await waiting.locator('output').innerText()).trim();
  expect(code).toMatch(/^[A-Z0-9 -]{4,32}$/i);
  const pageUrl = (await waiting.locator('code').innerText()).trim();
  expect(pageUrl).toMatch(/\/device$/);
  await expect(waiting.getByRole('img', { name: /^QR code for / })).toBeVisible();
  await waiting.scrollIntoViewIfNeeded();
  await shot('19-device-code', { fullPage: false });
  expect(opened).toEqual([]);

  const other = await browser.newContext();
  expect(await consentWithCode(await other.newPage(), pageUrl, code)).toMatch(/Sign-in Success/i);
  await other.close();

  await expect(page.getByRole('status', { name: 'Authorization result' })).toContainText(
    'Verified: the server accepted the login',
  );
  await expect(page.locator('.editor-header')).toContainText('Verified: the server accepted the login');
});

test('Cancel stops the waiting sign-in with a code', async ({ app: page, auth }) => {
  await addProfile(page, 'Jump host', 'Generic OAuth 2.0');
  await page.getByLabel('Issuer', { exact: true }).fill(auth.issuer);
  await page.getByLabel('Client ID', { exact: true }).fill(CLIENT_ID);
  await page.getByLabel('Client secret', { exact: true }).fill(CLIENT_SECRET);
  await page.getByLabel('Scope', { exact: true }).fill('openid email offline_access smtp');
  await page.getByLabel('Mail server', { exact: true }).fill('127.0.0.1');
  await page.getByRole('button', { name: 'Save and sign in with a code' }).click();
  const waiting = page.getByRole('status', { name: 'Sign-in with a code in progress' });
  await waiting.getByRole('button', { name: 'Cancel' }).click();
  await expect(waiting).toBeHidden();
  await expect(page.getByRole('alert')).toContainText('cancelled');
  await expect(page.getByRole('button', { name: 'Sign in with a code' })).toBeEnabled();
});
