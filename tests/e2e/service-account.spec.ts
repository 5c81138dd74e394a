// A Google Workspace service account from the renderer: the choice, the key file pasted in
// (checked at once, then taken apart and cleared), the mailbox, and a test send that mints the
// token with the key and ends Verified. Nothing of the key reaches the page after it is taken.
import { parseServiceAccountKey } from '../../src-shared/service-account-key';
import { SERVICE_ACCOUNT_EMAIL } from '../support/auth-server';
import { TEST_MAILBOX } from '../support/consent';
import { expect } from './fixtures';
import { addProfile } from './helpers';
import { oauthTest as test } from './oauth-fixtures';

test.use({ kind: 'google' });

test('service account: paste the key file, name the mailbox, send: Verified, no sign-in', async ({
  app: page,
  auth,
  oauthSmtp,
  typedSecrets,
  shot,
}) => {
  const parsed = parseServiceAccountKey(auth.serviceAccountKeyFile);
  if (!parsed.ok) throw new Error(parsed.message);
  typedSecrets.push(parsed.key.privateKey);

  await addProfile(page, 'Workspace relay', 'Google (OAuth 2.0)');
  await page.getByRole('radio', { name: 'Service account with domain-wide delegation, no sign-in' }).check();
  await expect(page.getByRole('button', { name: /authorize/i })).toHaveCount(0);
  await page.getByLabel('Mailbox to send as', { exact: true }).fill(TEST_MAILBOX);

  const keyField = page.getByLabel('Service account key (JSON)', { exact: true });
  // Not a key file: said at once, beside the field.
  await keyField.fill('{"installed": {"client_id": "x.apps.googleusercontent.com"}}');
  await expect(page.getByText(/not a service account key/)).toBeVisible();
  await keyField.fill(auth.serviceAccountKeyFile);
  await expect(keyField).toHaveValue('');
  await expect(page.getByText(`Key for ${SERVICE_ACCOUNT_EMAIL} taken from the file`)).toBeVisible();

  await page.getByLabel('Mail server', { exact: true }).fill('127.0.0.1');
  await page.getByLabel('Port', { exact: true }).fill(String(oauthSmtp.port));
  await page.getByLabel('Validate server certificate', { exact: true }).uncheck();
  await page.getByLabel('Send test email to', { exact: true }).fill(TEST_MAILBOX);
  await page.getByRole('button', { name: 'Save and send test email' }).click();

  await expect(page.getByRole('status', { name: 'Test result' })).toContainText('accepted');
  await expect(page.locator('.editor-header')).toContainText('Verified: test email delivered');
  expect(oauthSmtp.messages[0]?.user).toBe(TEST_MAILBOX);
  await expect(page.getByText(`A key for ${SERVICE_ACCOUNT_EMAIL} is stored (encrypted)`)).toBeVisible();
  expect(await page.content()).not.toContain(parsed.key.privateKey.slice(0, 40));
  await page.getByRole('heading', { name: 'Account and app registration' }).scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, -60));
  await shot('20-google-service-account', { fullPage: false });
});
