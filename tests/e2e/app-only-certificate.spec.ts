// Office 365 app-only with a certificate, from the renderer: the admin picks Certificate, has the
// app generate it, saves the .cer file and "uploads" it (the test provider registers it, as Entra
// ID's Upload certificate does), fills in the client ID, saves and sends a test. The private key is
// made in main and never reaches the page; Save stores it, and the test send is Verified.
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TENANT_ID } from '../support/auth-server';
import { APP_MAILBOX, APP_PERMISSIONS, introspectingXoauth2 } from '../support/oauth-profiles';
import { findSecrets } from '../support/secret-scan';
import { opensslCertificatePair } from '../support/tls';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server';
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';
import { addProfile, save } from './helpers';
import { oauthTest } from './oauth-fixtures';

const permissions: Record<string, string[]> = { ...APP_PERMISSIONS } as Record<string, string[]>;

const test = oauthTest.extend<{ exchange: TestSmtpServer; saveDir: string; openFiles: string[] }>({
  // What the open dialog returns, one path per call (Import certificate…).
  // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern here
  openFiles: async ({}, use) => {
    await use([]);
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern here
  saveDir: async ({}, use) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-cert-save-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  exchange: async ({ auth }, use) => {
    const smtp = await startSmtpServer({ onXoauth2: introspectingXoauth2(auth, permissions) });
    await use(smtp);
    await smtp.close();
  },
  hostOptions: async ({ auth, opened, saveDir, openFiles }, use) => {
    await use({
      endpoints: auth.endpoints,
      openExternal: async (url) => void opened.push(url),
      dialogs: {
        chooseSaveFile: async (name) => path.join(saveDir, name),
        chooseOpenFile: async () => openFiles.shift() ?? null,
      },
    });
  },
});
test.use({ kind: 'microsoft' });

/** A new app-only certificate profile, Import certificate… pressed: its Certificate group. */
async function importInNewProfile(page: Page, name: string): Promise<Locator> {
  await addProfile(page, name, 'Office 365 (OAuth 2.0)');
  await page
    .getByRole('group', { name: 'How the app gets its tokens' })
    .getByRole('radio', { name: 'Application permission, no sign-in' })
    .check();
  await page
    .getByRole('group', { name: 'How the app proves itself' })
    .getByRole('radio', { name: 'With a certificate' })
    .check();
  const certificate = page.getByRole('group', { name: 'Certificate' });
  await certificate.getByRole('button', { name: 'Import certificate…' }).click();
  return certificate;
}

/** SHA-1 of a PEM certificate file's DER, as Entra ID and the app show it. */
function thumbprintOf(file: string): string {
  return createHash('sha1')
    .update(new X509Certificate(readFileSync(file)).raw)
    .digest('hex')
    .toUpperCase();
}

test('certificate: generated here, uploaded, saved; a test send signs with it and the profile is Verified', async ({
  app: page,
  exchange,
  auth,
  host,
  saveDir,
  shot,
}) => {
  await addProfile(page, 'Certificate relay', 'Office 365 (OAuth 2.0)');
  await page
    .getByRole('group', { name: 'How the app gets its tokens' })
    .getByRole('radio', { name: 'Application permission, no sign-in' })
    .check();
  const credential = page.getByRole('group', { name: 'How the app proves itself' });
  await expect(credential.getByRole('radio', { name: 'With a client secret' })).toBeChecked();
  await credential.getByRole('radio', { name: 'With a certificate' }).check();
  // No secret field (the radio of the same name stays).
  await expect(page.getByLabel('Client secret', { exact: true }).and(page.locator('input[type=password]'))).toHaveCount(
    0,
  );
  const certificate = page.getByRole('group', { name: 'Certificate' });
  await expect(certificate).toContainText('None yet');

  // Until a certificate exists the form cannot be saved.
  await page.getByLabel('Mailbox address', { exact: true }).fill(APP_MAILBOX);
  await page.getByLabel('Tenant ID', { exact: true }).fill(TENANT_ID);
  await page.getByLabel('Client ID', { exact: true }).fill('pending');
  await page.getByLabel('Mail server', { exact: true }).fill('127.0.0.1');
  await page.getByLabel('Port', { exact: true }).fill(String(exchange.port));
  await page.getByLabel('Validate server certificate', { exact: true }).uncheck();
  const saveButton = page.getByRole('button', { name: 'Save', exact: true });
  await expect(saveButton).toBeDisabled();

  await certificate.getByRole('button', { name: 'Generate certificate' }).click();
  const thumbprint = certificate.locator('code');
  await expect(thumbprint).toHaveText(/^[0-9A-F]{40}$/);
  await expect(certificate).toContainText('Valid until');
  await expect(saveButton).toBeEnabled();
  await certificate.getByRole('button', { name: 'Save certificate file…' }).click();
  await expect(certificate.getByRole('status')).toContainText('certificate-relay-certificate.cer');
  await credential.scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, -120));
  await shot('21-app-only-certificate', { fullPage: false });
  const uploaded = readFileSync(path.join(saveDir, 'certificate-relay-certificate.cer'), 'utf8');
  expect(uploaded).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
  expect(uploaded).not.toContain('PRIVATE KEY');
  expect(createHash('sha1').update(new X509Certificate(uploaded).raw).digest('hex').toUpperCase()).toBe(
    await thumbprint.textContent(),
  );

  // Entra ID › Certificates & secrets › Upload certificate: the provider now holds it.
  const clientId = await auth.registerCertificateClient(uploaded);
  permissions[clientId] = [APP_MAILBOX];
  await page.getByLabel('Client ID', { exact: true }).fill(clientId);
  await save(page);
  await page.getByLabel('Send test email to', { exact: true }).fill('admin@example.test');
  await page.getByRole('button', { name: 'Send test email' }).click();
  await expect(
    page.locator('.editor-header').getByText('Verified: test email delivered', { exact: true }),
  ).toBeVisible();
  expect(exchange.messages.map((m) => m.user)).toEqual([APP_MAILBOX]);

  // The key was made in main and stored encrypted; the page never had it.
  const id = host.services.profiles.list()[0]!.profile.id;
  const key = (await host.services.vault.get(id, 'clientSecret'))!;
  expect(key.length).toBeGreaterThan(1000);
  const content = await page.content();
  expect(content).not.toContain(key.slice(0, 64));
  expect(findSecrets(host.dataDirectory, [key])).toEqual([]);
  await page.reload();
  const stored = host.services.profiles.get(id).profile.auth as { certificateThumbprint: string };
  await expect(page.getByRole('group', { name: 'Certificate' }).locator('code')).toHaveText(
    stored.certificateThumbprint,
  );
});

test("certificate: a PEM with the certificate and its key is imported; the thumbprint is the file's", async ({
  app: page,
  saveDir,
  openFiles,
}) => {
  opensslCertificatePair(saveDir, 'imported');
  const both = path.join(saveDir, 'both.pem');
  writeFileSync(
    both,
    readFileSync(path.join(saveDir, 'cert.pem'), 'utf8') + readFileSync(path.join(saveDir, 'key.pem'), 'utf8'),
  );
  openFiles.push(both);
  const certificate = await importInNewProfile(page, 'Imported relay');
  const expected = thumbprintOf(path.join(saveDir, 'cert.pem'));
  await expect(certificate.locator('code')).toHaveText(expected);
  expect(await page.content()).not.toContain('PRIVATE KEY');
});

test('certificate: a password-protected .pfx asks for its password, says when it is wrong, then imports', async ({
  app: page,
  saveDir,
  openFiles,
}) => {
  opensslCertificatePair(saveDir, 'windows-export');
  const password = 'Export-Pa55-e2e';
  execFileSync(
    'openssl',
    ['pkcs12', '-export', '-in', 'cert.pem', '-inkey', 'key.pem', '-out', 'relay.pfx', '-passout', `pass:${password}`],
    { cwd: saveDir, stdio: 'pipe' },
  );
  openFiles.push(path.join(saveDir, 'relay.pfx'));
  const certificate = await importInNewProfile(page, 'Pfx relay');
  const ask = certificate.getByRole('group', { name: 'Password for relay.pfx' });
  const field = ask.getByLabel('Password for relay.pfx');
  await expect(field).toBeFocused();
  await field.fill('not-the-password');
  await field.press('Enter'); // Enter opens the file (the group sits inside the profile form)
  await expect(certificate.getByRole('alert')).toContainText('That password does not open relay.pfx.');
  await expect(certificate.locator('code')).toHaveText('None yet');
  await field.fill(password);
  await ask.getByRole('button', { name: 'Open' }).click();
  const expected = thumbprintOf(path.join(saveDir, 'cert.pem'));
  await expect(certificate.locator('code')).toHaveText(expected);
  await expect(ask).toBeHidden();
  expect(await page.content()).not.toContain('PRIVATE KEY');
});
