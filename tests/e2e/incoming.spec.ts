// Incoming mail from the renderer: IMAP with OAuth against Dovecot, with the debug transcript.
import { CLIENT_ID, CLIENT_SECRET, RS_ID, RS_SECRET } from '../support/auth-server';
import { consentInNewContext, TEST_MAILBOX } from '../support/consent';
import { startDovecot, type TestDovecot } from '../support/dovecot';
import { expect } from './fixtures';
import { oauthTest } from './oauth-fixtures';
import { addProfile, save } from './helpers';

const test = oauthTest.extend<{ dovecot: TestDovecot }>({
  dovecot: async ({ auth }, use) => {
    const server = await startDovecot({
      issuer: auth.issuer,
      rsId: RS_ID,
      rsSecret: RS_SECRET,
      mailboxes: [TEST_MAILBOX],
    });
    await use(server);
    await server.close();
  },
});
test.use({ kind: 'generic' });

test('IMAP with OAuth: authorize, then test incoming with the debug transcript', async ({
  app: page,
  auth,
  dovecot,
  opened,
  browser,
  host,
  typedSecrets,
  shot,
}) => {
  await addProfile(page, 'Service desk mailbox', 'Generic OAuth 2.0');
  await page.getByLabel('Issuer', { exact: true }).fill(auth.issuer);
  await page.getByLabel('Client ID', { exact: true }).fill(CLIENT_ID);
  await page.getByLabel('Client secret', { exact: true }).fill(CLIENT_SECRET);
  await page.getByLabel('Scope', { exact: true }).fill('openid email offline_access imap smtp');
  await page.getByLabel('Mail server', { exact: true }).fill('127.0.0.1');
  await page.getByLabel('Fetch mail from this account (IMAP or POP3)').check();
  await expect(page.getByLabel('Incoming port', { exact: true })).toHaveValue('993');
  await page.getByLabel('Incoming protocol', { exact: true }).selectOption({ label: 'POP3' });
  await expect(page.getByLabel('Incoming port', { exact: true })).toHaveValue('995');
  await page.getByLabel('Incoming protocol', { exact: true }).selectOption({ label: 'IMAP' });
  await page.getByLabel('Incoming mail server', { exact: true }).fill('127.0.0.1');
  await page.getByLabel('Incoming encryption', { exact: true }).selectOption({ label: 'STARTTLS' });
  await expect(page.getByLabel('Incoming port', { exact: true })).toHaveValue('143');
  await page.getByLabel('Incoming port', { exact: true }).fill(String(dovecot.imapPort));
  await page.getByLabel('Validate incoming server certificate', { exact: true }).uncheck();
  await save(page);

  await page.getByRole('button', { name: 'Authorize', exact: true }).click();
  await expect.poll(() => opened.length).toBe(1);
  await consentInNewContext(browser, opened[0]!);
  await expect(page.getByRole('status', { name: 'Authorization result' })).toContainText('Authorized');

  await page.getByLabel('Enable email debug (show the protocol conversation)').check();
  await page.getByRole('button', { name: 'Test incoming' }).click();
  const result = page.getByRole('status', { name: 'Incoming test result' });
  await expect(result).toContainText('Logged in to the IMAP server');
  await expect(result).toContainText('OAUTHBEARER');
  await expect(result.getByRole('definition').filter({ hasText: /^2$/ })).toBeVisible();
  const transcript = page.getByLabel('Incoming protocol transcript', { exact: true });
  await expect(transcript).toContainText('AUTHENTICATE OAUTHBEARER');
  await expect(transcript).toContainText('[credentials hidden]');
  await result.scrollIntoViewIfNeeded();
  await shot('12-incoming-imap-oauth');

  const id = (await host.call<{ profile: { id: string } }[]>('listProfiles'))[0]!.profile.id;
  const token = (await host.services.vault.get(id, 'accessToken'))!;
  typedSecrets.push(token);
  expect(await transcript.innerText()).not.toContain(token);
  expect(await page.content()).not.toContain(token);
});
