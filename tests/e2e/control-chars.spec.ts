// A pasted value with a control character in it (a NUL or a tab; an input drops CR/LF itself)
// is refused inline, in the form, with the reason, and nothing is saved.
import type { ProfileView } from '../../src-shared/profile';
import { expect, test } from './fixtures';
import { addProfile, fillStandardForm, save } from './helpers';

test('a control character in a setting or a password shows the inline message and blocks Save', async ({
  app: page,
  smtp,
  host,
  typedSecrets,
}) => {
  await addProfile(page, 'Help desk');
  await fillStandardForm(page, smtp.port);
  await save(page);
  const before = await host.call<ProfileView[]>('listProfiles');
  const saveButton = page.getByRole('button', { name: 'Save', exact: true });

  const displayName = page.getByLabel('Display name', { exact: true });
  await displayName.fill('Help\u0000Desk');
  await expect(
    page.getByText(
      'The display name cannot contain line breaks or control characters: they would start a new header in the message.',
    ),
  ).toBeVisible();
  await expect(displayName).toHaveAttribute('aria-invalid', 'true');
  await expect(saveButton).toBeDisabled();
  // Enter submits the form; an invalid form must still save nothing.
  await displayName.press('Enter');
  expect(await host.call<ProfileView[]>('listProfiles')).toEqual(before);
  await displayName.fill('Help Desk');
  await expect(displayName).not.toHaveAttribute('aria-invalid', 'true');

  const username = page.getByLabel('Username', { exact: true });
  await username.fill('notifications@example.test\tRCPT');
  await expect(page.getByText(/^The user name cannot contain line breaks or control characters/)).toBeVisible();
  await username.fill('notifications@example.test');

  const pasted = 'pass\tDELE 1';
  typedSecrets.push(pasted);
  const password = page.getByLabel('Password', { exact: true });
  await password.fill(pasted);
  await expect(
    page.getByText(
      'The password cannot contain line breaks or control characters: the mail server would read them as a new command.',
    ),
  ).toBeVisible();
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(saveButton).toBeDisabled();
  await password.press('Enter');
  expect(await host.call<ProfileView[]>('listProfiles')).toEqual(before);

  // Clean values save again, so the block above came from the control characters alone.
  await password.fill('A-clean-Passw0rd');
  typedSecrets.push('A-clean-Passw0rd');
  await expect(saveButton).toBeEnabled();
  await save(page);
});
