// Portal mistakes caught before Authorize: the Secret ID pasted instead of the secret's Value,
// and the tenant pasted as a URL.
import { expect, test } from './fixtures';
import { addProfile } from './helpers';

test('a GUID-shaped client secret and a tenant URL are explained in the form', async ({ app: page, typedSecrets }) => {
  await addProfile(page, 'Microsoft', 'Office 365 (OAuth 2.0)');
  const secretId = '3f2a9c1e-7b4d-4e8a-9c0f-1a2b3c4d5e6f';
  typedSecrets.push(secretId);
  await page.getByLabel('Client secret', { exact: true }).fill(secretId);
  await expect(page.getByRole('note').filter({ hasText: 'Secret ID' })).toContainText('copy the "Value" column');
  await page.getByLabel('Client secret', { exact: true }).fill('Q~x8Q~abcdefghijklmnopqrstuvwxyz0123');
  typedSecrets.push('Q~x8Q~abcdefghijklmnopqrstuvwxyz0123');
  await expect(page.getByRole('note').filter({ hasText: 'Secret ID' })).toHaveCount(0);
  await page.getByLabel('Tenant ID', { exact: true }).fill('https://login.microsoftonline.com/contoso.com/v2.0');
  await expect(page.getByText('The tenant in it is contoso.com')).toBeVisible();
});
