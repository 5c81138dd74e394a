// The registration assistant as an admin meets it: steps for this profile's provider, with the
// redirect URI the Authorization panel shows and the client id typed above in the commands, and a
// checklist that is saved with the profile and still ticked after the window is reloaded.
import type { ProfileView } from '../../src-shared/profile';
import { expect, test } from './fixtures';
import { addProfile, save } from './helpers';

test('Entra ID steps follow the form; the checklist is saved and survives a reload', async ({
  app: page,
  host,
  typedSecrets,
  shot,
}) => {
  await addProfile(page, 'Contoso relay', 'Office 365 (OAuth 2.0)');
  await page.getByLabel('Client ID', { exact: true }).fill('11111111-2222-4333-8444-555555555555');
  await page.getByLabel('Tenant ID', { exact: true }).fill('contoso.com');
  typedSecrets.push('assistant-client-secret-value');
  await page.getByLabel('Client secret', { exact: true }).fill('assistant-client-secret-value');
  await page.getByLabel('Email address', { exact: true }).fill('relay@contoso.com');

  const steps = page.getByRole('list', { name: 'Registration steps' });
  await expect(steps.getByRole('listitem')).toHaveCount(6);
  const redirect = (await page.getByLabel('Redirect URI to register').textContent())!;
  const register = steps.getByRole('listitem', { name: 'Register the app' });
  await expect(register).toContainText(`URI ${redirect}`);
  await expect(
    register.getByLabel('Azure CLI (bash) command: Create the registration and print its client id'),
  ).toContainText(`--public-client-redirect-uris '${redirect}'`);
  // Commands use what the form holds now, before any save.
  const consent = steps.getByRole('listitem', { name: 'Grant admin consent (if users may not consent)' });
  await expect(consent).toContainText("az ad app permission admin-consent --id '11111111-2222-4333-8444-555555555555'");
  await expect(steps.getByRole('listitem', { name: 'Allow the mailbox to authenticate' })).toContainText(
    "Set-CASMailbox -Identity 'relay@contoso.com' -SmtpClientAuthenticationDisabled $false",
  );
  await consent.getByRole('button', { name: 'Copy command' }).click();
  await expect(consent.getByRole('button', { name: 'Copied' })).toBeVisible();

  await register.getByRole('checkbox', { name: 'Register the app' }).check();
  await consent.getByRole('checkbox', { name: 'Grant admin consent (if users may not consent)' }).check();
  await expect(page.getByText('2 of 6 steps done.')).toBeVisible();
  await shot('14-registration-assistant');
  await save(page);

  const [view] = await host.call<ProfileView[]>('listProfiles');
  expect(view!.profile.health.checklist).toEqual(['ms-register', 'ms-consent']);
  await page.reload();
  await expect(page.getByText('2 of 6 steps done.')).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Register the app' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Create a client secret' })).not.toBeChecked();
});
