// Playwright fixtures: the built renderer in Debian's Chromium, wired to the real services.
import { test as base, expect, type Page } from '@playwright/test';
import path from 'node:path';
import { installBridge } from '../support/bridge';
import { assertChromium } from '../support/chromium';
import { accessibilityViolations } from '../support/accessibility';
import { createTestHost, type TestHost, type TestHostOptions } from '../support/main-host';
import { findSecrets } from '../support/secret-scan';
import { SMTP_PASSWORD, startSmtpServer, type TestSmtpServer } from '../support/smtp-server';
import { serveRenderer } from '../support/static-server';

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../docs/screenshots');

interface Fixtures {
  /** URLs the app asked the "system browser" to open, in order (OAuth specs use them). */
  opened: string[];
  /** Adapters for the host (endpoints, system browser); OAuth specs override this. */
  hostOptions: TestHostOptions;
  host: TestHost;
  smtp: TestSmtpServer;
  app: Page;
  /** Secrets the test typed; the host fixture proves none of them reached disk or logs. */
  typedSecrets: string[];
  /** Saves a README screenshot; dialogs are shot at viewport size so the backdrop covers all. */
  shot: (name: string, options?: { fullPage?: boolean }) => Promise<void>;
}

export const test = base.extend<Fixtures, { rendererUrl: string }>({
  rendererUrl: [
    // Playwright requires an object pattern for a fixture without dependencies.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      assertChromium();
      const server = await serveRenderer();
      await use(server.url);
      await server.close();
    },
    { scope: 'worker' },
  ],
  // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern here
  typedSecrets: async ({}, use) => {
    await use([SMTP_PASSWORD]);
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern here
  opened: async ({}, use) => {
    await use([]);
  },
  hostOptions: async ({ opened }, use) => {
    await use({ openExternal: async (url) => void opened.push(url) });
  },
  host: async ({ typedSecrets, hostOptions }, use) => {
    const host = createTestHost(hostOptions);
    await use(host);
    // Secrets: nothing the admin typed may sit in plaintext in the data directory or the log.
    expect(findSecrets(host.dataDirectory, typedSecrets)).toEqual([]);
    host.cleanup();
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern here
  smtp: async ({}, use) => {
    const smtp = await startSmtpServer();
    await use(smtp);
    await smtp.close();
  },
  app: async ({ page, host, rendererUrl }, use) => {
    const scriptErrors: string[] = [];
    page.on('pageerror', (error) => scriptErrors.push(error.message));
    await installBridge(page, host.dispatch);
    await page.goto(rendererUrl);
    await use(page);
    // A script error in the renderer fails the test that caused it.
    expect(scriptErrors).toEqual([]);
    // The state the test ends in is checked for accessibility (screenshots check theirs, below).
    if (!page.isClosed()) expect(await accessibilityViolations(page), 'axe, final state').toEqual([]);
  },
  shot: async ({ page }, use) => {
    await use(async (name, options) => {
      expect(await accessibilityViolations(page), `axe, state "${name}"`).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: options?.fullPage ?? true });
    });
  },
});

export { expect };
