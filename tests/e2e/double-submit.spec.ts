// A double-click does one thing once: one test message, one copy of a profile, one save. And a
// form that goes away with its profile leaves nothing "unsaved" behind to hold the window back.
import { expect, type Page } from '@playwright/test';
import type { ProfileView } from '../../src-shared/profile';
import { test } from './fixtures';
import { addProfile, fillStandardForm, save } from './helpers';

const description = (page: Page) => page.getByLabel('Description', { exact: true });

/** A saved Standard profile "Relay" on the test SMTP server, its form open. */
async function savedRelay(page: Page, port: number): Promise<void> {
  await addProfile(page, 'Relay');
  await fillStandardForm(page, port);
  await save(page);
}

test('"Save and send test email" double-clicked with unsaved edits saves once and sends one message', async ({
  app: page,
  host,
  smtp,
}) => {
  await savedRelay(page, smtp.port);
  const before = (await host.call<ProfileView[]>('listProfiles'))[0]!;
  await description(page).fill('edited, not saved');
  await page.getByLabel('Send test email to', { exact: true }).fill('admin@example.test');

  await page.getByRole('button', { name: 'Save and send test email' }).dblclick();
  await expect(page.getByRole('status', { name: 'Test result' })).toContainText('Test email accepted by the server');
  // Anything a second click started would have reached the server by the time a second send could.
  await page.waitForTimeout(1000);
  expect(smtp.messages).toHaveLength(1);
  const after = (await host.call<ProfileView[]>('listProfiles'))[0]!;
  expect(after.profile.description).toBe('edited, not saved');
  // One save and the Verified status: two revisions on, not three or four.
  expect(after.revision).toBe(before.revision + 2);
});

test('Duplicate double-clicked, and Save in the prompt double-clicked, each make one copy', async ({
  app: page,
  host,
  smtp,
}) => {
  await savedRelay(page, smtp.port);
  const names = async () => (await host.call<ProfileView[]>('listProfiles')).map((v) => v.profile.name).sort();

  await page.getByRole('button', { name: 'Duplicate' }).dblclick();
  await expect(page.getByRole('heading', { level: 1, name: 'Relay (copy)' })).toBeVisible();
  await page.waitForTimeout(500);
  expect(await names()).toEqual(['Relay', 'Relay (copy)']);

  await description(page).fill('edited, not saved');
  await page.getByRole('button', { name: 'Duplicate' }).click();
  await page
    .getByRole('dialog', { name: 'Save changes to this profile?' })
    .getByRole('button', { name: 'Save', exact: true })
    .dblclick();
  await expect(page.getByRole('heading', { level: 1, name: 'Relay (copy) (copy)' })).toBeVisible();
  await page.waitForTimeout(500);
  expect(await names()).toEqual(['Relay', 'Relay (copy)', 'Relay (copy) (copy)']);
});

test('deleting the last profile with unsaved edits leaves nothing unsaved: the window closes, Add asks nothing', async ({
  app: page,
  host,
  smtp,
}) => {
  await savedRelay(page, smtp.port);
  await description(page).fill('edited, not saved');
  await expect.poll(() => host.services.window.unsaved).toBe(true);

  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'No mail profiles yet' })).toBeVisible();
  await expect.poll(() => host.services.window.unsaved).toBe(false);
  await page
    .getByRole('button', { name: /Add (your first )?profile/ })
    .first()
    .click();
  await expect(page.getByRole('dialog', { name: 'Add profile' })).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Save changes to this profile?' })).toHaveCount(0);
});

test('an edit made while a save is on its way stays in the form, and "Save and send" does not send the older settings', async ({
  app: page,
  host,
  smtp,
}) => {
  await savedRelay(page, smtp.port);
  // A slow save (a network drive under the data folder, a busy disk): 1.5 s on its way.
  const profiles = host.services.profiles;
  const original = profiles.save.bind(profiles);
  profiles.save = async (...args: Parameters<typeof original>) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return original(...args);
  };
  await description(page).fill('first edit');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await description(page).fill('second edit');
  await page.getByLabel('Send test email to', { exact: true }).fill('admin@example.test');
  await page.getByRole('button', { name: 'Save and send test email' }).click();

  const storedDescription = async () => (await host.call<ProfileView[]>('listProfiles'))[0]!.profile.description;
  await expect.poll(storedDescription, { timeout: 10_000 }).toBe('first edit');
  await page.waitForTimeout(1000); // what the second click could have sent has arrived by now
  await expect(description(page)).toHaveValue('second edit'); // kept, still to be saved
  expect(smtp.messages).toHaveLength(0); // not sent with the older settings
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeEnabled();
});
