// The window never loses an admin's edit: every way of leaving a dirty form asks Save / Don't
// save / Cancel, and a change main makes meanwhile (a rename, a fill-in) is merged, not reverted.
import { expect, type Page } from '@playwright/test';
import type { ProfileView } from '../../src-shared/profile';
import type { TestHost } from '../support/main-host';
import { test } from './fixtures';
import { addProfile, fillStandardForm, save } from './helpers';

const PROMPT = 'Save changes to this profile?';

async function savedProfile(page: Page, host: TestHost, port: number, name = 'Relay'): Promise<ProfileView> {
  await addProfile(page, name);
  await fillStandardForm(page, port);
  await save(page);
  return (await host.call<ProfileView[]>('listProfiles')).find((v) => v.profile.name === name)!;
}

const description = (page: Page) => page.getByLabel('Description', { exact: true });
const stored = async (host: TestHost, id: string) => host.services.profiles.get(id).profile;

test('Add, Duplicate and Import with unsaved changes ask first; each answer does what it says', async ({
  app: page,
  host,
  smtp,
}) => {
  const relay = await savedProfile(page, host, smtp.port);
  await description(page).fill('edited, not saved');

  // Add → Cancel: still editing, nothing lost.
  await page.getByRole('button', { name: 'Add profile' }).click();
  const prompt = page.getByRole('dialog', { name: PROMPT });
  await expect(prompt).toBeVisible();
  await prompt.getByRole('button', { name: 'Cancel' }).click();
  await expect(description(page)).toHaveValue('edited, not saved');

  // Import → the same prompt (Cancel).
  await page.getByRole('button', { name: /Import/ }).click();
  await expect(prompt).toBeVisible();
  await prompt.getByRole('button', { name: 'Cancel' }).click();

  // Duplicate → Save: the edit is stored, then the copy is made from it.
  await page.getByRole('button', { name: 'Duplicate' }).click();
  await prompt.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Relay (copy)' })).toBeVisible();
  expect((await stored(host, relay.profile.id)).description).toBe('edited, not saved');
  const copy = (await host.call<ProfileView[]>('listProfiles')).find((v) => v.profile.name === 'Relay (copy)')!;
  expect(copy.profile.description).toBe('edited, not saved');

  // Add → Don't save: the edit is thrown away, the Add dialog opens.
  await description(page).fill('thrown away');
  await page.getByRole('button', { name: 'Add profile' }).click();
  await prompt.getByRole('button', { name: "Don't save" }).click();
  await expect(page.getByRole('dialog', { name: 'Add profile' })).toBeVisible();
  await page.getByRole('dialog', { name: 'Add profile' }).getByRole('button', { name: 'Cancel' }).click();
  await expect(description(page)).toHaveValue('edited, not saved');
  expect((await stored(host, copy.profile.id)).description).toBe('edited, not saved');
});

test('closing the window with unsaved changes: main holds it back and the window asks', async ({
  app: page,
  host,
  smtp,
}) => {
  const relay = await savedProfile(page, host, smtp.port);
  let closed = 0;
  host.services.window.setCloser(() => closed++);
  await description(page).fill('keep me');
  // The renderer told main (through the contract) that the form is dirty.
  await expect.poll(() => host.services.window.unsaved).toBe(true);
  // Main's close handler: what src-main/electron/close-guard.ts sends when the admin closes the window.
  await page.evaluate(() =>
    (window as unknown as { __mailprefsEmit: (e: string) => void }).__mailprefsEmit('closeRequested'),
  );
  const prompt = page.getByRole('dialog', { name: PROMPT });
  await prompt.getByRole('button', { name: 'Cancel' }).click();
  expect(closed).toBe(0);
  await page.evaluate(() =>
    (window as unknown as { __mailprefsEmit: (e: string) => void }).__mailprefsEmit('closeRequested'),
  );
  await prompt.getByRole('button', { name: 'Save', exact: true }).click();
  await expect.poll(() => closed).toBe(1);
  expect((await stored(host, relay.profile.id)).description).toBe('keep me');
  await expect.poll(() => host.services.window.unsaved).toBe(false);
});

test('rename while the form is dirty, then Save: the new name stays and the edit is kept', async ({
  app: page,
  host,
  smtp,
}) => {
  const relay = await savedProfile(page, host, smtp.port);
  await description(page).fill('edited before the rename');
  await page.getByRole('button', { name: 'Rename' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rename profile' });
  await dialog.getByLabel('Profile name', { exact: true }).fill('Renamed relay');
  await dialog.getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Renamed relay' })).toBeVisible();
  await expect(description(page)).toHaveValue('edited before the rename');
  await save(page);
  const after = await stored(host, relay.profile.id);
  expect(after.name).toBe('Renamed relay');
  expect(after.description).toBe('edited before the rename');
});

test('a change main made meanwhile: another field merges, the same field becomes a conflict note', async ({
  app: page,
  host,
  smtp,
}) => {
  const relay = await savedProfile(page, host, smtp.port);
  const id = relay.profile.id;

  // Main fills in another field while the admin edits the description: both are kept.
  await description(page).fill('mine');
  await host.services.profiles.update(id, (p) => ({ ...p, sender: { ...p.sender, displayName: 'Filled by main' } }));
  await save(page);
  let after = await stored(host, id);
  expect(after.description).toBe('mine');
  expect(after.sender.displayName).toBe('Filled by main');
  await expect(page.getByLabel('Display name', { exact: true })).toHaveValue('Filled by main');

  // Main changes the same field: main refuses the save, the form shows both values.
  await description(page).fill('mine again');
  await host.services.profiles.update(id, (p) => ({ ...p, description: 'theirs' }));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const note = page.getByRole('listitem', { name: 'Conflict: Description' });
  await expect(note).toContainText('Saved now: theirs');
  await expect(note).toContainText('Yours: mine again');
  expect((await stored(host, id)).description).toBe('theirs');
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeDisabled();
  await note.getByRole('button', { name: 'Keep mine' }).click();
  await save(page);
  after = await stored(host, id);
  expect(after.description).toBe('mine again');
  expect(after.sender.displayName).toBe('Filled by main');
});
