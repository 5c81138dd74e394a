// Office 365 app-only from the renderer: the admin picks "Application permission, no sign-in",
// fills the mailbox, client and secret, saves and sends a test; there is no Authorize button,
// the app mints its own token, and the profile becomes Verified. A mailbox the app has no
// Exchange permission on is refused with the fix in words an admin can act on.
import type { Page } from '@playwright/test';
import { APP_CLIENT_ID, APP_CLIENT_SECRET, TENANT_ID } from '../support/auth-server';
import { APP_MAILBOX, APP_PERMISSIONS, introspectingXoauth2, UNGRANTED_MAILBOX } from '../support/oauth-profiles';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server';
import { expect } from './fixtures';
import { addProfile, save } from './helpers';
import { oauthTest } from './oauth-fixtures';

const test = oauthTest.extend<{ exchange: TestSmtpServer }>({
  exchange: async ({ auth }, use) => {
    const smtp = await startSmtpServer({ onXoauth2: introspectingXoauth2(auth, APP_PERMISSIONS) });
    await use(smtp);
    await smtp.close();
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern here
  typedSecrets: async ({}, use) => {
    await use([APP_CLIENT_SECRET]);
  },
});
test.use({ kind: 'microsoft' });

async function fillAppOnly(page: Page, mailbox: string, smtpPort: number) {
  const choice = page.getByRole('group', { name: 'How the app gets its tokens' });
  await expect(choice.getByRole('radio', { name: 'Sign in as the mailbox' })).toBeChecked();
  await expect(page.getByRole('button', { name: 'Authorize', exact: true })).toBeVisible();
  await choice.getByRole('radio', { name: 'Application permission, no sign-in' }).check();
  // Nobody signs in: no Authorize button; the mailbox is required instead.
  await expect(page.getByRole('button', { name: 'Authorize', exact: true })).toHaveCount(0);
  const mailboxField = page.getByLabel('Mailbox address', { exact: true });
  await expect(mailboxField).toHaveAttribute('required', '');
  await mailboxField.fill(mailbox);
  await page.getByLabel('Client ID', { exact: true }).fill(APP_CLIENT_ID);
  await page.getByLabel('Tenant ID', { exact: true }).fill(TENANT_ID);
  await page.getByLabel('Client secret', { exact: true }).fill(APP_CLIENT_SECRET);
  await page.getByLabel('Mail server', { exact: true }).fill('127.0.0.1');
  await page.getByLabel('Port', { exact: true }).fill(String(smtpPort));
  await page.getByLabel('Validate server certificate', { exact: true }).uncheck();
  await page.getByLabel('Display name', { exact: true }).fill('Help Desk');
}

async function sendTest(page: Page) {
  await page.getByLabel('Send test email to', { exact: true }).fill('admin@example.test');
  await page.getByRole('button', { name: 'Send test email' }).click();
}

test('application permission: no sign-in, a test send mints the token and the profile becomes Verified', async ({
  app: page,
  exchange,
  auth,
  host,
  typedSecrets,
}) => {
  await addProfile(page, 'App-only notifications', 'Office 365 (OAuth 2.0)');
  await fillAppOnly(page, APP_MAILBOX, exchange.port);
  // The registration assistant follows the choice: application permissions and the Exchange side.
  const steps = page.getByRole('list', { name: 'Registration steps' });
  await expect(steps.getByRole('listitem', { name: 'Add the application permissions' })).toContainText(
    'SMTP.SendAsApp',
  );
  const exchangeStep = steps.getByRole('listitem', { name: 'Register the app in Exchange and give it the mailbox' });
  await expect(exchangeStep).toContainText(`New-ServicePrincipal -AppId '${APP_CLIENT_ID}'`);
  await expect(exchangeStep).toContainText(`Add-MailboxPermission -Identity '${APP_MAILBOX}'`);
  await save(page);
  await expect(page.getByRole('note').filter({ hasText: 'No sign-in' })).toBeVisible();

  await sendTest(page);
  await expect(page.getByRole('status', { name: 'Test result' })).toContainText('accepted');
  await expect(
    page.locator('.editor-header').getByText('Verified: test email delivered', { exact: true }),
  ).toBeVisible();
  expect(exchange.messages.map((m) => m.user)).toEqual([APP_MAILBOX]);
  expect(auth.clientCredentialsRequests()).toBe(1);

  // The minted token is held encrypted and never reaches the page; no refresh token exists.
  const id = host.services.profiles.list()[0]!.profile.id;
  const token = await host.services.vault.get(id, 'accessToken');
  expect(token).toBeTruthy();
  expect(await host.services.vault.get(id, 'refreshToken')).toBeUndefined();
  const content = await page.content();
  expect(content).not.toContain(token!);
  expect(content).not.toContain(APP_CLIENT_SECRET);
  typedSecrets.push(token!);
});

test('a mailbox the app has no Exchange permission on: the test send fails with the PowerShell fix', async ({
  app: page,
  exchange,
}) => {
  await addProfile(page, 'Payroll', 'Office 365 (OAuth 2.0)');
  await fillAppOnly(page, UNGRANTED_MAILBOX, exchange.port);
  await save(page);
  await sendTest(page);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(`refused it for ${UNGRANTED_MAILBOX}`);
  await expect(alert).toContainText('Add-MailboxPermission');
  await expect(alert).toContainText('New-ServicePrincipal');
  await expect(page.locator('.editor-header').getByText('Not verified', { exact: true })).toBeVisible();
  expect(exchange.messages).toEqual([]);
});

test('"Which one to choose?" under the sign-in choice says when each fits', async ({ app: page }) => {
  await addProfile(page, 'Advice', 'Office 365 (OAuth 2.0)');
  const choice = page.getByRole('group', { name: 'How the app gets its tokens' });
  const advice = choice.getByText('Which one to choose?');
  await expect(choice.getByText('A service mailbox nobody should sign in to', { exact: false })).toBeHidden();
  await advice.click();
  await expect(choice.getByText(/^A service mailbox nobody should sign in to/)).toBeVisible();
  await expect(choice.getByText(/mailprefs authorize --device/)).toBeVisible();
});
