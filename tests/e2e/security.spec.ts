// The built renderer runs under its strict CSP, and sees only the named bridge methods.
import { IPC_METHODS } from '../../src-shared/ipc-methods';
import { expect, test } from './fixtures';

test('the page runs under a CSP that blocks inline and injected scripts', async ({ app: page }) => {
  // Sent as a header, as the app's app:// protocol sends it (renderer-headers.ts); the built page
  // has no meta tag, which would hold back the script's fetch.
  const csp = (await page.reload())?.headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveCount(0);
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);

  const violations: string[] = [];
  page.on('console', (m) => m.type() === 'error' && violations.push(m.text()));
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.body.append(s);
  });
  expect(await page.evaluate(() => (window as { __injected?: boolean }).__injected)).toBeUndefined();
  await expect.poll(() => violations.join('\n')).toMatch(/Content Security Policy/);
});

test('the renderer sees exactly the contract methods, and nothing of Node', async ({ app: page }) => {
  const keys = await page.evaluate(() => Object.keys((window as { mailprefs?: object }).mailprefs ?? {}));
  expect(keys.sort()).toEqual([...IPC_METHODS].sort());
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
});
