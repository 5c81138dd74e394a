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

const binary = electronBinary();
const skipReason = 'missing' in binary ? `Electron specs skipped: ${binary.missing}` : '';
if (skipReason) console.log(skipReason);

test.describe('Electron app', () => {
  test.skip(!!skipReason, skipReason);

  test('creates a Standard profile and sends a test email through the real shell', async () => {
    const smtp = await startSmtpServer();
    const userData = mkdtempSync(path.join(tmpdir(), 'mailprefs-electron-'));
    const app = await electron.launch({
      executablePath: 'path' in binary ? binary.path : '',
      args: [
        path.resolve('out/main/index.js'),
        `--user-data-dir=${userData}`,
        '--password-store=basic',
        '--no-sandbox',
      ],
      env: { ...process.env, MAILPREFS_TEST_HOOKS: '1' },
    });
    try {
      const page = await app.firstWindow();
      expect(page.url()).toBe('app://mailprefs/index.html');
      // The page sees the bridge, and nothing of Node or Electron.
      expect(await page.evaluate(() => typeof (window as { require?: unknown }).require)).toBe('undefined');
      expect(
        await page.evaluate(() => Object.keys((window as { mailprefs?: object }).mailprefs ?? {}).length),
      ).toBeGreaterThan(0);

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
});
