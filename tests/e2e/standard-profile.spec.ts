// A new admin sets up a Standard (password) account from the real renderer, end to end.
import type { Page } from '@playwright/test';
import type { ProfileView } from '../../src-shared/profile';
import { SMTP_PASSWORD, SMTP_USER } from '../support/smtp-server';
import { expect, test } from './fixtures';
import { addProfile, fillStandardForm, save } from './helpers';

test('create a Standard profile, save, reload, and send a real test email', async ({ app: page, smtp, host, shot }) => {
  await expect(page.getByRole('heading', { name: 'No mail profiles yet' })).toBeVisible();
  await shot('01-empty-state');

  await addProfile(page, 'Help desk notifications');

  // Ports follow the encryption mode and stay editable.
  const port = page.getByLabel('Port', { exact: true });
  await expect(port).toHaveValue('587');
  await page.getByLabel('Encryption', { exact: true }).selectOption({ label: 'SSL/TLS' });
  await expect(port).toHaveValue('465');
  await page.getByLabel('Encryption', { exact: true }).selectOption({ label: 'None' });
  await expect(port).toHaveValue('25');
  await page.getByLabel('Encryption', { exact: true }).selectOption({ label: 'STARTTLS' });
  await expect(port).toHaveValue('587');

  await fillStandardForm(page, smtp.port);
  await expect(page.getByText('Unsaved changes')).toBeVisible();
  // With unsaved changes the test send saves first (it uses the saved settings).
  await expect(page.getByRole('button', { name: 'Save and send test email' })).toBeEnabled();
  await save(page);
  await expect(page.getByRole('button', { name: 'Send test email', exact: true })).toBeEnabled();
  await expect(page.getByText('Unsaved changes')).toBeHidden();
  await shot('02-standard-form-saved');

  await page.reload();
  await expect(page.getByLabel('Mail server', { exact: true })).toHaveValue('127.0.0.1');
  await expect(page.getByLabel('Port', { exact: true })).toHaveValue(String(smtp.port));
  await expect(page.getByLabel('Username', { exact: true })).toHaveValue(SMTP_USER);
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('placeholder', /stored/);
  await expect(page.getByText(/A value is stored \(encrypted\)/)).toBeVisible();
  expect(await page.content()).not.toContain(SMTP_PASSWORD);

  await page.getByLabel('Send test email to', { exact: true }).fill('admin@example.test');
  await page.getByRole('button', { name: 'Send test email' }).click();
  const result = page.getByRole('status', { name: 'Test result' });
  await expect(result).toContainText('Test email accepted by the server');
  await expect(result).toContainText('250');
  await expect(page.locator('.editor-header').getByText('Verified')).toBeVisible();
  await shot('03-test-send-success');

  expect(smtp.messages).toHaveLength(1);
  expect(smtp.messages[0]?.rcptTo).toEqual(['admin@example.test']);
  expect(smtp.messages[0]?.headers['subject']).toBe('Mail Preferences test message');
  expect(smtp.messages[0]?.headers['from']).toBe(`Help Desk <${SMTP_USER}>`);
  const [stored] = await host.call<ProfileView[]>('listProfiles');
  expect(stored?.status.state).toBe('verified');
});

test('invalid port, host and address show inline errors, disable Save, and persist nothing', async ({
  app: page,
  smtp,
  host,
  shot,
}) => {
  await addProfile(page, 'Relay');
  await fillStandardForm(page, smtp.port);
  await save(page);
  const before = await host.call<ProfileView[]>('listProfiles');

  await page.getByLabel('Mail server', { exact: true }).fill('smtp://mail.example.com:25');
  await page.getByLabel('Port', { exact: true }).fill('70000');
  await page.getByLabel('From address', { exact: true }).fill('helpdesk-at-example');
  await page.getByLabel('Reply-to address', { exact: true }).fill('nobody@');

  await expect(page.getByText('Enter a host name (smtp.example.com) or an IP address')).toBeVisible();
  await expect(page.getByText('Enter a port between 1 and 65535.')).toBeVisible();
  await expect(page.getByLabel('From address', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/or leave it empty/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeDisabled();
  await expect(page.getByText(/4 fields need attention/)).toBeVisible();
  await shot('04-validation-errors');

  // Enter in a field submits the form; with invalid fields nothing may be saved.
  await page.getByLabel('Port', { exact: true }).press('Enter');
  expect(await host.call<ProfileView[]>('listProfiles')).toEqual(before);

  await page.getByLabel('Port', { exact: true }).fill('');
  await expect(page.getByText('Enter a port number.')).toBeVisible();
  await page.getByRole('button', { name: 'Discard changes' }).click();
  await expect(page.getByLabel('Mail server', { exact: true })).toHaveValue('127.0.0.1');
  await expect(page.getByLabel('Port', { exact: true })).toHaveValue(String(smtp.port));
});

test('a wrong password explains what failed and what to do', async ({ app: page, smtp, shot, typedSecrets }) => {
  const wrong = 'Wr0ng-Password-typed';
  typedSecrets.push(wrong);
  await addProfile(page, 'Help desk');
  await fillStandardForm(page, smtp.port, wrong);
  await save(page);
  await page.getByLabel('Send test email to', { exact: true }).fill('admin@example.test');
  await page.getByRole('button', { name: 'Send test email' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The test email was not sent');
  await expect(alert).toContainText('rejected the login');
  await expect(alert).toContainText('What to do');
  expect(await page.content()).not.toContain(wrong);
  await shot('05-test-send-failure');
  expect(smtp.messages).toHaveLength(0);
});

test('profiles can be renamed, duplicated and deleted with confirmation', async ({ app: page, smtp, host }) => {
  await addProfile(page, 'Alerts');
  await fillStandardForm(page, smtp.port);
  await save(page);

  const list = page.getByRole('list', { name: 'Profile list' });
  await page.getByRole('button', { name: 'Duplicate' }).click();
  await expect(list.getByRole('button', { name: /Alerts \(copy\)/ })).toBeVisible();
  // The copy carries the stored password (encrypted), not an authorization.
  await expect(page.getByText(/A value is stored \(encrypted\)/)).toBeVisible();

  await page.getByRole('button', { name: 'Rename' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename profile' });
  await rename.getByLabel('Profile name', { exact: true }).fill('Alerts');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(rename.getByRole('alert')).toContainText('already exists');
  await rename.getByLabel('Profile name', { exact: true }).fill('Backup alerts');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(list.getByRole('button', { name: /Backup alerts/ })).toBeVisible();

  await page.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete "Backup alerts"?' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete profile' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(1);
  const remaining = await host.call<ProfileView[]>('listProfiles');
  expect(remaining.map((v) => v.profile.name)).toEqual(['Alerts']);
});

test('switching profiles with unsaved changes asks first', async ({ app: page, smtp }) => {
  await addProfile(page, 'First');
  await fillStandardForm(page, smtp.port);
  await save(page);
  await addProfile(page, 'Second');
  await page.getByLabel('Mail server', { exact: true }).fill('smtp.example.com');
  await page.getByRole('list', { name: 'Profile list' }).getByRole('button', { name: /First/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Save changes to this profile?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByLabel('Mail server', { exact: true })).toHaveValue('smtp.example.com');
  await page.getByRole('list', { name: 'Profile list' }).getByRole('button', { name: /First/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: "Don't save" }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'First' })).toBeVisible();
});

test('the form works from the keyboard alone', async ({ app: page, smtp }) => {
  // Add a profile: focus the button with Tab, open with Enter, type the address (the name
  // follows it), submit with Enter.
  await tabTo(page, 'Add profile');
  await page.keyboard.press('Enter');
  await page.keyboard.type('keyboard@example.test');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'keyboard@example.test' })).toBeVisible();

  await tabTo(page, 'Mail server');
  await page.keyboard.type('127.0.0.1');
  await page.keyboard.press('Tab'); // Encryption
  await page.keyboard.press('ArrowDown'); // STARTTLS -> SSL/TLS
  await expect(page.getByLabel('Port', { exact: true })).toHaveValue('465');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Tab'); // Port
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(String(smtp.port));
  await page.keyboard.press('Tab'); // certificate validation
  await page.keyboard.press('Space');
  await expect(page.getByLabel('Validate server certificate', { exact: true })).not.toBeChecked();
  await tabTo(page, 'Username');
  await page.keyboard.type(SMTP_USER);
  await page.keyboard.press('Tab');
  await page.keyboard.type(SMTP_PASSWORD);
  await tabTo(page, 'From address');
  await page.keyboard.type(SMTP_USER);
  await page.keyboard.press('Enter'); // submits the form: Save
  await expect(page.getByText(/Saved at/)).toBeVisible();

  await tabTo(page, 'Send test email to');
  await page.keyboard.type('admin@example.test');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status', { name: 'Test result' })).toContainText('accepted');
  expect(smtp.messages).toHaveLength(1);
});

/** Presses Tab until the focused element is the one labelled `name` (bounded, fails clearly). */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      const labelled = (el as HTMLInputElement).labels?.[0]?.textContent ?? '';
      return (labelled || el.textContent || '').replace(/\s*\*$/, '').trim();
    });
    if (label === name) return;
  }
  throw new Error(`Could not reach "${name}" with the Tab key`);
}
