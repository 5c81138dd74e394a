// The real Electron app (built main, preload and renderer) against a real SMTP server.
// Runs wherever the Electron binary exists; elsewhere each spec skips and says why.
import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { electronBinary } from '../support/electron-binary';
import { findSecrets } from '../support/secret-scan';
import { SMTP_PASSWORD, startSmtpServer } from '../support/smtp-server';
import { addProfile, fillStandardForm, save } from '../e2e/helpers';
import { CLIENT_ID, CLIENT_SECRET, startAuthServer } from '../support/auth-server';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { consent, TEST_MAILBOX } from '../support/consent';
import { introspectingXoauth2 } from '../support/oauth-profiles';
import { TEST_AUTH_URL_PREFIX } from '../../src-main/electron/open-external';
import { chromium } from '@playwright/test';

const binary = electronBinary();
const missing = 'missing' in binary ? binary.missing : null;
if (missing) console.log(`Electron specs skipped: ${missing}`);

/** The built app, its own data directory, no keyring (basic_text accepted via the test hook). */
function launchApp(userData: string) {
  return electron.launch({
    executablePath: 'path' in binary ? binary.path : '',
    args: [path.resolve('out/main/index.js'), `--user-data-dir=${userData}`, '--password-store=basic', '--no-sandbox'],
    env: { ...process.env, MAILPREFS_TEST_HOOKS: '1' },
  });
}

test.describe('Electron app', () => {
  test.skip(missing !== null, `Electron specs skipped: the Electron binary is not available here (${missing})`);

  test('creates a Standard profile and sends a test email through the real shell', async () => {
    const smtp = await startSmtpServer();
    const userData = mkdtempSync(path.join(tmpdir(), 'mailprefs-electron-'));
    const app = await launchApp(userData);
    try {
      const page = await app.firstWindow();
      expect(page.url()).toBe('app://mailprefs/index.html');
      // The page sees the bridge, and nothing of Node or Electron.
      expect(await page.evaluate(() => typeof (window as { require?: unknown }).require)).toBe('undefined');
      expect(
        await page.evaluate(() => Object.keys((window as { mailprefs?: object }).mailprefs ?? {}).length),
      ).toBeGreaterThan(0);
      // The CSP comes as app://'s response header only (the built page has no meta tag): an
      // injected inline script is refused, and the refusal is reported as a CSP violation.
      expect(
        await page.evaluate(async () => {
          const violated = new Promise<string>((resolve) =>
            document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true }),
          );
          const script = document.createElement('script');
          script.textContent = 'window.__injected = true';
          document.body.append(script);
          return { injected: (window as { __injected?: boolean }).__injected === true, directive: await violated };
        }),
      ).toEqual({ injected: false, directive: 'script-src-elem' });

      await addProfile(page, 'Electron profile');
      await fillStandardForm(page, smtp.port);
      await save(page);
      await page.getByLabel('Send test email to', { exact: true }).fill('admin@example.test');
      await page.getByRole('button', { name: 'Send test email' }).click();
      await expect(page.getByRole('status', { name: 'Test result' })).toContainText('accepted');
      expect(smtp.messages).toHaveLength(1);
    } finally {
      await app.close();
      await smtp.close();
    }
    expect(findSecrets(userData, [SMTP_PASSWORD])).toEqual([]);
    rmSync(userData, { recursive: true, force: true });
  });

  test('authorizes a generic OAuth profile; the system-browser step goes through the test hook', async () => {
    const auth = await startAuthServer('generic');
    const smtp = await startSmtpServer({ onXoauth2: introspectingXoauth2(auth) });
    const userData = mkdtempSync(path.join(tmpdir(), 'mailprefs-electron-'));
    const app = await launchApp(userData);
    const urls: string[] = [];
    app.process().stdout?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (line.startsWith(TEST_AUTH_URL_PREFIX)) urls.push(line.slice(TEST_AUTH_URL_PREFIX.length).trim());
      }
    });
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    try {
      const page = await app.firstWindow();
      await addProfile(page, 'Generic OAuth', 'Generic OAuth 2.0');
      await page.getByLabel('Issuer', { exact: true }).fill(auth.issuer);
      await page.getByLabel('Client ID', { exact: true }).fill(CLIENT_ID);
      await page.getByLabel('Client secret', { exact: true }).fill(CLIENT_SECRET);
      await page.getByLabel('Scope', { exact: true }).fill('openid email offline_access smtp');
      await page.getByLabel('Mail server', { exact: true }).fill('127.0.0.1');
      await page.getByLabel('Port', { exact: true }).fill(String(smtp.port));
      await page.getByLabel('Validate server certificate', { exact: true }).uncheck();
      await save(page);
      await page.getByRole('button', { name: 'Authorize', exact: true }).click();
      await expect.poll(() => urls.length).toBe(1);
      await consent(await browser.newPage(), urls[0]!);
      await expect(page.getByRole('status', { name: 'Authorization result' })).toContainText('Authorized');
      await page.getByLabel('Send test email to', { exact: true }).fill('admin@example.test');
      await page.getByRole('button', { name: 'Send test email' }).click();
      await expect(page.getByRole('status', { name: 'Test result' })).toContainText('accepted');
      expect(smtp.messages[0]?.user).toBe(TEST_MAILBOX);
    } finally {
      await browser.close();
      await app.close();
      await smtp.close();
      await auth.close();
    }
    expect(findSecrets(userData, [CLIENT_SECRET])).toEqual([]);
    rmSync(userData, { recursive: true, force: true });
  });
});
