// A Standard profile on Office 365 learns that password sign-in is going away, and switches to
// OAuth 2.0 in place: servers and sender stay, the mailbox carries over.
import type { ProfileView } from '../../src-shared/profile';
import { expect, test } from './fixtures';
import { addProfile, save } from './helpers';

test('Standard on Office 365: the retirement notice, and Switch to OAuth 2.0 keeps servers and sender', async ({
  app: page,
  host,
  shot,
}) => {
  await addProfile(page, 'Exchange relay');
  const notice = page.getByRole('region', { name: 'Password sign-in is being retired' });
  await page.getByLabel('Mail server', { exact: true }).fill('smtp.gmail.com');
  await expect(notice).toContainText('Google');
  await page.getByLabel('Mail server', { exact: true }).fill('smtp.office365.com');
  await page.getByLabel('Username', { exact: true }).fill('helpdesk@contoso.com');
  await page.getByLabel('Password', { exact: true }).fill('Passw0rd-being-retired');
  await page.getByLabel('From address', { exact: true }).fill('helpdesk@contoso.com');
  await page.getByLabel('Display name', { exact: true }).fill('Contoso Help Desk');
  await expect(notice).toContainText('end of December 2026');
  await notice.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shot('13-basic-auth-retirement', { fullPage: false });

  await notice.getByRole('button', { name: 'Switch to Office 365 (OAuth 2.0)' }).click();
  await expect(notice).toBeHidden();
  await expect(page.getByRole('combobox', { name: 'Authorization Protocol' })).toHaveValue('microsoft');
  await expect(page.getByLabel('Mail server', { exact: true })).toHaveValue('smtp.office365.com');
  await page.getByLabel('Client ID', { exact: true }).fill('11111111-2222-4333-8444-555555555555');
  await save(page);
  const [view] = await host.call<ProfileView[]>('listProfiles');
  expect(view?.profile.auth).toMatchObject({ type: 'microsoft', email: 'helpdesk@contoso.com', tenant: 'contoso.com' });
  expect(view?.profile.outgoing.host).toBe('smtp.office365.com');
  expect(view?.profile.sender).toMatchObject({ fromAddress: 'helpdesk@contoso.com', displayName: 'Contoso Help Desk' });
});
