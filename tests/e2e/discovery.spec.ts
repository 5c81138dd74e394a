// Autodiscovery in the real renderer: typing an address proposes settings with their sources,
// nothing changes until Apply, and the applied fields stay editable. The host's DNS resolver and
// HTTPS fetcher point at a real dns2 server and a local HTTPS server (test certificate).
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { createMxResolver } from '../../src-main/discovery/discover';
import { DISCOVERY_DEBOUNCE_MS } from '../../src-renderer/hooks/useDiscovery';
import { startWebServer, tenantMetadata, type TestWebServer } from '../support/autoconfig-server';
import { startDnsServer, type TestDnsServer } from '../support/dns-server';
import { expect, test as base } from './fixtures';
import { addProfile } from './helpers';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

const test = base.extend<{ dnsDown: boolean; dns: TestDnsServer; web: TestWebServer; resolverAddress: string }>({
  dnsDown: [false, { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern here
  dns: async ({}, use) => {
    const dns = await startDnsServer({ 'contoso.com': ['contoso-com.mail.protection.outlook.com'] });
    await use(dns);
    await dns.close();
  },
  web: async ({ dnsDown }, use) => {
    // With DNS down no web server can be reached by name either: this one then answers nothing.
    const web = await startWebServer(
      dnsDown
        ? {}
        : { 'login.microsoftonline.com/contoso.com/v2.0/.well-known/openid-configuration': tenantMetadata(TENANT) },
    );
    await use(web);
    await web.close();
  },
  resolverAddress: async ({ dnsDown, dns }, use) => {
    if (!dnsDown) return use(dns.address);
    // A DNS server that never answers: every query waits for the resolver's timeout.
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    await use(`127.0.0.1:${(silent.address() as AddressInfo).port}`);
    silent.close();
  },
  hostOptions: async ({ opened, web, resolverAddress }, use) => {
    await use({
      openExternal: async (url) => void opened.push(url),
      discovery: { resolveMx: createMxResolver([resolverAddress], 2500), fetch: web.fetch, route: web.route },
    });
  },
});

test('typing the address proposes Office 365 and the tenant; Apply fills the fields, still editable', async ({
  app: page,
  dns,
  shot,
}) => {
  await addProfile(page, 'Help desk');
  const from = page.getByLabel('From address', { exact: true });
  // Typed key by key, as the admin does: one lookup for the finished address, none for "contoso.c".
  await from.pressSequentially('helpdesk@contoso.com', { delay: 25 });

  const proposal = page.getByRole('region', { name: 'Suggested settings for contoso.com' });
  await expect(proposal).toContainText('Office 365 / Exchange Online');
  await expect(proposal).toContainText("from contoso.com's MX record");
  await expect(proposal).toContainText('smtp.office365.com, port 587, STARTTLS');
  await expect(proposal).toContainText(TENANT);
  await expect(proposal).toContainText("from Microsoft's tenant metadata for contoso.com");
  expect(dns.queries).toEqual(['contoso.com']);

  // Shown, not applied.
  await expect(page.getByRole('combobox', { name: 'Authorization Protocol' })).toHaveValue('standard');
  await expect(page.getByLabel('Mail server', { exact: true })).toHaveValue('');
  await shot('13-discovery-proposal');

  await proposal.getByRole('button', { name: 'Apply these settings' }).click();
  await expect(proposal).toBeHidden();
  await expect(page.getByRole('combobox', { name: 'Authorization Protocol' })).toHaveValue('microsoft');
  await expect(page.getByLabel('Email address', { exact: true })).toHaveValue('helpdesk@contoso.com');
  await expect(page.getByLabel('Tenant ID', { exact: true })).toHaveValue(TENANT);
  await expect(page.getByLabel('Mail server', { exact: true })).toHaveValue('smtp.office365.com');
  await expect(page.getByLabel('Port', { exact: true })).toHaveValue('587');
  await expect(page.getByLabel('Encryption', { exact: true })).toHaveValue('starttls');
  await expect(page.getByLabel('Incoming mail server', { exact: true })).toHaveValue('outlook.office365.com');

  // Everything stays editable, and the proposal does not come back over the admin's edits.
  await page.getByLabel('Tenant ID', { exact: true }).fill('contoso.com');
  await page.getByLabel('Mail server', { exact: true }).fill('smtp-relay.contoso.com');
  await expect(page.getByLabel('Mail server', { exact: true })).toHaveValue('smtp-relay.contoso.com');
  await expect(page.getByLabel('Tenant ID', { exact: true })).toHaveValue('contoso.com');
  await expect(proposal).toBeHidden();
  await expect(page.getByText('Unsaved changes')).toBeVisible();
});

test.describe('with the DNS server down', () => {
  test.use({ dnsDown: true });

  test('typing is never blocked; one quiet note, no error, nothing applied', async ({ app: page }) => {
    await addProfile(page, 'Help desk');
    await page.getByLabel('From address', { exact: true }).pressSequentially('helpdesk@contoso.com', { delay: 25 });
    // The looking line is there from the keystroke that made the address, not after the debounce:
    // the fields below stay where they were while the admin reaches for them.
    const below = page.getByLabel('Send test email to', { exact: true });
    const before = await below.boundingBox();
    // While the lookup waits on DNS, the form takes every keystroke.
    const looking = page.getByRole('status').filter({ hasText: 'Looking up settings for contoso.com' });
    await expect(looking).toBeVisible();
    await page.waitForTimeout(DISCOVERY_DEBOUNCE_MS + 500);
    await expect(looking).toBeVisible();
    expect(await below.boundingBox()).toEqual(before);
    const name = page.getByLabel('Display name', { exact: true });
    await name.pressSequentially('Help Desk', { delay: 10 });
    await expect(name).toHaveValue('Help Desk');
    await expect(looking).toBeVisible();

    // The MX lookup fails or the 3 s deadline ends it: either way one line saying so.
    const region = page.getByRole('region', { name: 'Suggested settings for contoso.com' });
    await expect(region).toContainText(/did not answer/, { timeout: 5000 });
    await expect(region.getByText(/did not answer/)).toHaveCount(1);
    await expect(looking).toBeHidden();
    await expect(page.getByRole('button', { name: 'Apply these settings' })).toHaveCount(0);
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.getByLabel('Mail server', { exact: true })).toHaveValue('');
    await expect(page.getByLabel('From address', { exact: true })).toHaveValue('helpdesk@contoso.com');
  });
});
