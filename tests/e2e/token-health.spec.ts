// Token health in the window: the access token's time left, Google's Testing limit, the client
// secret's expiry, and the sidebar marking a profile that needs the admin.
import type { ProfileView } from '../../src-shared/profile';
import { expect, test } from './fixtures';
import { addProfile, save } from './helpers';

test('Google in Testing and a client secret about to expire: warned in the form and the sidebar', async ({
  app: page,
  host,
  typedSecrets,
}) => {
  await addProfile(page, 'Google relay', 'Google (OAuth 2.0)');
  await page.getByLabel('Client ID', { exact: true }).fill('1234-abc.apps.googleusercontent.com');
  typedSecrets.push('GOCSPX-token-health-secret');
  await page.getByLabel('Client secret', { exact: true }).fill('GOCSPX-token-health-secret');
  await save(page);
  const [view] = await host.call<ProfileView[]>('listProfiles');
  const id = view!.profile.id;
  // Authorized 6.5 days ago (less 5 minutes, so a slow machine still reads "12 h"), access token
  // good for 40 more minutes (as after a consent).
  await host.services.profiles.setAuthorization(id, {
    account: 'relay@example.test',
    scopes: ['https://mail.google.com/'],
    accessTokenExpiresAt: new Date(Date.now() + 40 * 60_000).toISOString(),
    hasRefreshToken: true,
    authorizedAt: new Date(Date.now() - 6.5 * 86_400_000 + 5 * 60_000).toISOString(),
    lastRefreshAt: null,
  });
  await page.reload();
  const health = page.getByRole('list', { name: 'Token health' });
  await expect(health).toContainText(/Access token expires in (39|40) min/);
  await expect(health).not.toContainText('Testing');
  await page.getByLabel('The Google app is in Testing', { exact: true }).check();
  await expect(health).toContainText('stops working in 12 h');
  const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Client secret expires on', { exact: true }).fill(soon);
  await expect(health).toContainText(`The client secret expires on ${soon}`);
  await save(page);
  await expect(page.getByRole('list', { name: 'Profile list' })).toContainText('Needs attention');
  expect(host.services.profiles.get(id).profile.health).toEqual({
    googleAppInTesting: true,
    clientSecretExpiresOn: soon,
    checklist: [],
  });
  // Settings of the workstation, not of the delivery: ticking them keeps the status.
  expect(host.services.profiles.get(id).status.state).toBe(view!.status.state);
});
