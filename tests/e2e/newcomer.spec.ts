// A newcomer's way from launch to Verified, with the app registration already made at the
// provider. The spec finds controls only by label and role, counts every action (a click, a
// field filled, a choice made, the consent in the browser: 1 each) and fails above six.
// Discovery runs against a real DNS server and a local HTTPS server; the provider's own SMTP
// host names (smtp.office365.com, smtp.gmail.com) are routed to a local SMTP server whose
// certificate carries those names and is trusted by this test process, so the preset settings
// the form opens with, certificate validation on, are what is tested.
import tls from 'node:tls';
import type { Locator, Page } from '@playwright/test';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  startAuthServer,
  TENANT_ID,
  type AuthServerKind,
  type TestAuthServer,
} from '../support/auth-server';
import { startWebServer, autoconfigXml, tenantMetadata, type TestWebServer } from '../support/autoconfig-server';
import { consent, TEST_MAILBOX } from '../support/consent';
import { startDnsServer, type TestDnsServer } from '../support/dns-server';
import { createMxResolver } from '../../src-main/discovery/discover';
import { introspectingXoauth2 } from '../support/oauth-profiles';
import { SMTP_PASSWORD, SMTP_USER, startSmtpServer, type TestSmtpServer } from '../support/smtp-server';
import { selfSignedCertificate, STAND_IN_HOSTS } from '../support/tls';
import { expect, test as base } from './fixtures';

const MAX_ACTIONS = 6;

/** Every step the newcomer takes, counted; the list is printed when the count is over. */
class Actions {
  readonly steps: string[] = [];
  constructor(private readonly browserPage: () => Promise<Page>) {}
  async fill(field: Locator, value: string, what: string) {
    await field.fill(value);
    this.steps.push(`fill ${what}`);
  }
  async click(control: Locator, what: string) {
    await control.click();
    this.steps.push(`click ${what}`);
  }
  async consent(url: string) {
    await consent(await this.browserPage(), url);
    this.steps.push('consent in the browser');
  }
  expectAtMost(limit: number) {
    expect(this.steps.length, `actions to Verified:\n  ${this.steps.join('\n  ')}`).toBeLessThanOrEqual(limit);
  }
}

const test = base.extend<{
  kind: AuthServerKind | 'standard';
  auth: TestAuthServer | null;
  mailServer: TestSmtpServer;
  dns: TestDnsServer;
  web: TestWebServer;
}>({
  kind: ['standard', { option: true }],
  auth: async ({ kind }, use) => {
    // Microsoft as a public client (no secret): the registration RFC 8252 recommends.
    const auth =
      kind === 'standard'
        ? null
        : await startAuthServer(kind, kind === 'microsoft' ? { clientAuthMethod: 'none' } : {});
    await use(auth);
    await auth?.close();
  },
  mailServer: async ({ auth }, use) => {
    // The stand-in names are in the test certificate; trust it here, as a real CA would be.
    const { cert } = selfSignedCertificate();
    tls.setDefaultCACertificates([...tls.getCACertificates('default'), cert.toString()]);
    const smtp = await startSmtpServer(auth ? { onXoauth2: introspectingXoauth2(auth) } : {});
    await use(smtp);
    await smtp.close();
  },
  dns: async ({ kind }, use) => {
    const mx =
      kind === 'microsoft'
        ? ['example-test.mail.protection.outlook.com']
        : kind === 'google'
          ? ['aspmx.l.google.com', 'alt1.aspmx.l.google.com']
          : [];
    const dns = await startDnsServer(mx.length ? { 'example.test': mx } : {});
    await use(dns);
    await dns.close();
  },
  web: async ({ kind }, use) => {
    const web = await startWebServer(
      kind === 'microsoft'
        ? { 'login.microsoftonline.com/example.test/v2.0/.well-known/openid-configuration': tenantMetadata(TENANT_ID) }
        : kind === 'standard'
          ? {
              'autoconfig.example.test/mail/config-v1.1.xml': {
                body: autoconfigXml({ smtp: { host: 'mail.example.test', port: 587, socketType: 'STARTTLS' } }),
              },
            }
          : {},
    );
    await use(web);
    await web.close();
  },
  hostOptions: async ({ opened, auth, dns, web, mailServer }, use) => {
    await use({
      openExternal: async (url) => void opened.push(url),
      ...(auth ? { endpoints: auth.endpoints } : {}),
      discovery: { resolveMx: createMxResolver([dns.address], 2500), fetch: web.fetch, route: web.route },
      smtpRoute: (host, port) =>
        STAND_IN_HOSTS.includes(host) ? { host: '127.0.0.1', port: mailServer.port } : { host, port },
    });
  },
});

for (const kind of ['microsoft', 'google'] as const) {
  test.describe(`${kind}, app registered`, () => {
    test.use({ kind });

    test(`launch to "Verified: the server accepted the login" in at most ${MAX_ACTIONS} actions`, async ({
      app: page,
      browser,
      opened,
      mailServer,
      host,
      typedSecrets,
      shot,
    }) => {
      const context = await browser.newContext();
      const actions = new Actions(() => context.newPage());
      const first = page.getByRole('form', { name: 'Add your first profile' });

      await actions.fill(first.getByLabel('Email address', { exact: true }), TEST_MAILBOX, 'the email address');
      const found = first.getByRole('region', { name: 'Found for example.test' });
      await expect(found).toContainText(kind === 'microsoft' ? 'Office 365' : 'Google');
      await expect(first.getByRole('combobox', { name: 'Authorization Protocol' })).toHaveValue(kind);
      if (kind === 'microsoft') await expect(found).toContainText(TENANT_ID);
      if (kind === 'microsoft') await shot('16-newcomer-found');
      await actions.click(first.getByRole('button', { name: 'Add profile' }), 'Add profile');

      // The form opens ready: provider servers, tenant, mailbox and From filled in.
      await expect(page.getByRole('heading', { level: 1, name: TEST_MAILBOX })).toBeVisible();
      await expect(page.getByLabel('Mail server', { exact: true })).toHaveValue(
        kind === 'microsoft' ? 'smtp.office365.com' : 'smtp.gmail.com',
      );
      await expect(page.getByLabel('Validate server certificate', { exact: true })).toBeChecked();
      if (kind === 'microsoft') await expect(page.getByLabel('Tenant ID', { exact: true })).toHaveValue(TENANT_ID);

      await actions.fill(page.getByLabel('Client ID', { exact: true }), CLIENT_ID, 'Client ID');
      if (kind === 'google') {
        await actions.fill(page.getByLabel('Client secret', { exact: true }), CLIENT_SECRET, 'Client secret');
        typedSecrets.push(CLIENT_SECRET);
      }
      if (kind === 'microsoft') await shot('17-newcomer-ready');
      await actions.click(page.getByRole('button', { name: 'Save and authorize' }), 'Save and authorize');
      await expect.poll(() => opened.length).toBe(1);
      await actions.consent(opened[0]!);
      await context.close();

      const result = page.getByRole('status', { name: 'Authorization result' });
      await expect(result).toContainText('Verified: the server accepted the login');
      await expect(page.locator('.editor-header')).toContainText('Verified: the server accepted the login');
      // Proved by a login, not a message.
      expect(mailServer.messages).toHaveLength(0);
      actions.expectAtMost(MAX_ACTIONS);
      if (kind === 'microsoft') await shot('18-newcomer-verified');

      const [view] = await host.call<{ profile: { id: string } }[]>('listProfiles');
      for (const token of ['accessToken', 'refreshToken'] as const) {
        const value = await host.services.vault.get(view!.profile.id, token);
        if (value) typedSecrets.push(value);
      }
    });
  });
}

test(`Standard: launch to "Verified: test email delivered" in at most ${MAX_ACTIONS} actions`, async ({
  app: page,
  browser,
  mailServer,
}) => {
  const actions = new Actions(() => browser.newPage());
  const first = page.getByRole('form', { name: 'Add your first profile' });

  await actions.fill(first.getByLabel('Email address', { exact: true }), SMTP_USER, 'the email address');
  await expect(first.getByRole('region', { name: 'Found for example.test' })).toContainText('mail.example.test');
  await actions.click(first.getByRole('button', { name: 'Add profile' }), 'Add profile');

  await expect(page.getByLabel('Mail server', { exact: true })).toHaveValue('mail.example.test');
  await expect(page.getByLabel('Username', { exact: true })).toHaveValue(SMTP_USER);
  await actions.fill(page.getByLabel('Password', { exact: true }), SMTP_PASSWORD, 'Password');
  // The recipient defaults to the From address: the admin's own mailbox.
  await actions.click(page.getByRole('button', { name: 'Save and send test email' }), 'Save and send test email');

  await expect(page.getByRole('status', { name: 'Test result' })).toContainText('accepted');
  await expect(page.locator('.editor-header')).toContainText('Verified: test email delivered');
  expect(mailServer.messages).toHaveLength(1);
  actions.expectAtMost(MAX_ACTIONS);
});
