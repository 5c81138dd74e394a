// The settings the seed systems' admins look for beside the SMTP server: the alternate server,
// the fetch interval, the signature (with the test message's preview), senders per purpose and
// receiver lists, from the real renderer to the real services. Fields are found by label only.
import type { Page } from '@playwright/test';
import type { ProfileView } from '../../src-shared/profile';
import { SMTP_USER, startSmtpServer } from '../support/smtp-server';
import { expect, test } from './fixtures';
import { addProfile, fillStandardForm, save } from './helpers';

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

async function enableAlternate(page: Page, port: number): Promise<void> {
  await field(page, 'Use an alternate SMTP server').check();
  await field(page, 'Alternate mail server').fill('127.0.0.1');
  await field(page, 'Alternate port').fill(String(port));
  await field(page, 'Validate alternate server certificate').uncheck();
}

async function addSender(page: Page, n: number, purpose: string, address: string, displayName: string) {
  await page.getByRole('button', { name: 'Add sender' }).click();
  // Focus moves into the new row.
  await expect(field(page, `Sender ${n}: purpose`)).toBeFocused();
  await field(page, `Sender ${n}: purpose`).fill(purpose);
  await field(page, `Sender ${n}: address`).fill(address);
  await field(page, `Sender ${n}: display name`).fill(displayName);
}

test('invalid delivery settings show inline errors; valid ones save and are shown after reload', async ({
  app: page,
  smtp,
  host,
}) => {
  await addProfile(page, 'Print service');
  await fillStandardForm(page, smtp.port);

  await enableAlternate(page, 70000);
  await field(page, 'Fetch mail from this account (IMAP or POP3)').check();
  await field(page, 'Incoming mail server').fill('127.0.0.1');
  await field(page, 'Fetch interval (minutes)').fill('0');
  await field(page, 'Signature (plain text)').fill('Print service\u001b[31m');
  await addSender(page, 1, 'Management reports', 'reports@example.test', 'Reports desk');
  await addSender(page, 2, 'management REPORTS', '', '');
  await page.getByRole('button', { name: 'Add receiver list' }).click();
  await field(page, 'Receiver list 1: name').fill('Printer alerts');
  await field(page, 'Receiver list 1: addresses').fill('alerts@example.test\nfacilities-example.test');
  await field(page, 'Receiver list 1: addresses').blur();

  await expect(field(page, 'Alternate port')).toHaveAttribute('aria-invalid', 'true');
  await expect(field(page, 'Alternate port')).toHaveAccessibleDescription(/Enter a port between 1 and 65535\./);
  await expect(field(page, 'Fetch interval (minutes)')).toHaveAccessibleDescription(/Fetch at most once a minute/);
  await expect(field(page, 'Signature (plain text)')).toHaveAccessibleDescription(/cannot contain control characters/);
  await expect(field(page, 'Sender 2: purpose')).toHaveAccessibleDescription(/is used twice/);
  await expect(field(page, 'Receiver list 1: addresses')).toHaveAccessibleDescription(
    /Line 2: Enter each receiver as an email address/,
  );
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeDisabled();
  await expect(page.getByText(/5 fields need attention/)).toBeVisible();

  await field(page, 'Alternate port').fill('2525');
  await field(page, 'Fetch interval (minutes)').fill('15');
  await field(page, 'Signature (plain text)').fill('Print service\nExample Ltd');
  await field(page, 'HTML signature (optional)').fill('<p><b>Print service</b></p>');
  await field(page, 'Sender 2: purpose').fill('Alerts');
  await field(page, 'Receiver list 1: addresses').fill('alerts@example.test\n facilities@example.test \n');
  await field(page, 'Receiver list 1: addresses').blur();
  await expect(field(page, 'Receiver list 1: addresses')).toHaveValue('alerts@example.test\nfacilities@example.test');
  // The preview is the message main sends, signature included.
  const preview = page.getByRole('region', { name: 'Preview of the test message' });
  await expect(preview).toContainText('If you received it, the account can send mail.');
  await expect(preview).toContainText('-- \nPrint service\nExample Ltd');
  await expect(page.getByRole('region', { name: /HTML part of the test message/ })).toContainText(
    '<p><b>Print service</b></p>',
  );
  await save(page);

  const [stored] = await host.call<ProfileView[]>('listProfiles');
  expect(stored?.profile).toMatchObject({
    alternateOutgoing: { host: '127.0.0.1', port: 2525, security: 'starttls', validateCertificate: false },
    incoming: { fetchIntervalMinutes: 15 },
    signature: { text: 'Print service\nExample Ltd', html: '<p><b>Print service</b></p>' },
    senders: [
      { purpose: 'Management reports', address: 'reports@example.test', displayName: 'Reports desk' },
      { purpose: 'Alerts', address: '', displayName: '' },
    ],
    receivers: [{ name: 'Printer alerts', addresses: ['alerts@example.test', 'facilities@example.test'] }],
  });

  await page.reload();
  await expect(field(page, 'Use an alternate SMTP server')).toBeChecked();
  await expect(field(page, 'Alternate mail server')).toHaveValue('127.0.0.1');
  await expect(field(page, 'Alternate port')).toHaveValue('2525');
  await expect(field(page, 'Fetch interval (minutes)')).toHaveValue('15');
  await expect(field(page, 'Signature (plain text)')).toHaveValue('Print service\nExample Ltd');
  await expect(field(page, 'HTML signature (optional)')).toHaveValue('<p><b>Print service</b></p>');
  await expect(field(page, 'Sender 1: purpose')).toHaveValue('Management reports');
  await expect(field(page, 'Sender 1: address')).toHaveValue('reports@example.test');
  await expect(field(page, 'Sender 2: purpose')).toHaveValue('Alerts');
  await expect(field(page, 'Receiver list 1: name')).toHaveValue('Printer alerts');
  await expect(field(page, 'Receiver list 1: addresses')).toHaveValue('alerts@example.test\nfacilities@example.test');

  // Removing an entry moves focus back to its Add button.
  await page.getByRole('button', { name: 'Remove sender 2' }).click();
  await expect(page.getByRole('button', { name: 'Add sender' })).toBeFocused();
  await expect(field(page, 'Sender 2: purpose')).toHaveCount(0);
  await page.getByRole('button', { name: 'Discard changes' }).click();
  await expect(field(page, 'Sender 2: purpose')).toHaveValue('Alerts');
});

test('a stopped primary: the test send goes to the alternate, as the chosen sender, and says why', async ({
  app: page,
  smtp,
  shot,
}) => {
  const primary = await startSmtpServer();
  await primary.close();
  await addProfile(page, 'Help desk');
  await fillStandardForm(page, primary.port);
  await enableAlternate(page, smtp.port);
  await field(page, 'Signature (plain text)').fill('IT Service Desk\nExample Ltd');
  await addSender(page, 1, 'Management reports', 'reports@example.test', 'Reports desk');
  await page.getByRole('button', { name: 'Add receiver list' }).click();
  await field(page, 'Receiver list 1: name').fill('Printer alerts');
  await field(page, 'Receiver list 1: addresses').fill('alerts@example.test');
  await save(page);

  await field(page, 'Send test email to').fill('admin@example.test');
  await field(page, 'Send as').selectOption({ label: 'Management reports (reports@example.test)' });
  await page.getByRole('button', { name: 'Send test email' }).click();
  const result = page.getByRole('status', { name: 'Test result' });
  await expect(result).toContainText('Test email accepted by the alternate server');
  await expect(result).toContainText(`The alternate server 127.0.0.1:${smtp.port} (STARTTLS)`);
  await expect(result).toContainText(`Not used: Nothing is accepting connections at 127.0.0.1:${primary.port}.`);
  await expect(result).toContainText('reports@example.test');
  await shot('15-delivery-settings');

  expect(smtp.messages).toHaveLength(1);
  expect(smtp.messages[0]?.headers['from']).toBe('Reports desk <reports@example.test>');
  expect(smtp.messages[0]?.raw).toContain('IT Service Desk');
  expect(smtp.messages[0]?.user).toBe(SMTP_USER);
});

test('Office 365: a From address or sender other than the mailbox gets the Send As warning beside it', async ({
  app: page,
}) => {
  await addProfile(page, 'Contoso desk', 'Office 365 (OAuth 2.0)');
  await field(page, 'Email address').fill('desk@contoso.com');
  await field(page, 'From address').fill('desk@contoso.com');
  await expect(field(page, 'From address')).not.toHaveAccessibleDescription(/Send As/);
  await field(page, 'From address').fill('alerts@contoso.com');
  await expect(field(page, 'From address')).toHaveAccessibleDescription(
    /The From address \(alerts@contoso\.com\) is not the authorized mailbox \(desk@contoso\.com\).*"Send As"/,
  );
  await addSender(page, 1, 'Reports', 'reports@contoso.com', '');
  await expect(field(page, 'Sender 1: address')).toHaveAccessibleDescription(/The sender "Reports".*"Send As"/);
  await field(page, 'Sender 1: address').fill('DESK@contoso.com');
  await expect(field(page, 'Sender 1: address')).not.toHaveAccessibleDescription(/Send As/);
});
