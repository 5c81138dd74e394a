// Plays the admin in the system browser: opens the authorization URL in Chromium, signs in on
// oidc-provider's login page, then consents (or cancels), and stops at the loopback redirect.
import type { Browser, Page } from '@playwright/test';

export const TEST_MAILBOX = 'helpdesk@example.test';

export interface ConsentOptions {
  login?: string;
  /** Cancel on the consent page instead of allowing: the provider answers access_denied. */
  deny?: boolean;
}

export interface ConsentResult {
  /** The page the browser ended on (the app's loopback page). */
  finalUrl: string;
  text: string;
  page: Page;
}

export async function consent(
  page: Page,
  authorizationUrl: string,
  options: ConsentOptions = {},
): Promise<ConsentResult> {
  const redirect = new URL(new URL(authorizationUrl).searchParams.get('redirect_uri') ?? '');
  const landed = (url: URL) => url.origin === redirect.origin && url.pathname.startsWith(redirect.pathname);
  await page.goto(authorizationUrl);
  await page.locator('input[name="login"]').fill(options.login ?? TEST_MAILBOX);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
  const consentShown = page
    .locator('form input[name="prompt"][value="consent"]')
    .waitFor({ state: 'attached' })
    .then(() => 'consent' as const);
  const redirected = page.waitForURL(landed, { waitUntil: 'commit' }).then(() => 'redirect' as const);
  if ((await Promise.race([consentShown, redirected])) === 'consent') {
    if (options.deny) await page.getByText('[ Cancel ]').click();
    else await page.locator('button[type="submit"]').click();
    await page.waitForURL(landed);
  }
  await page.waitForLoadState('domcontentloaded');
  return { finalUrl: page.url(), text: await page.locator('body').innerText(), page };
}

/** A fresh browser context per authorization, like a separate system-browser session. */
export async function consentInNewContext(browser: Browser, authorizationUrl: string, options: ConsentOptions = {}) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const result = await consent(page, authorizationUrl, options);
    return { finalUrl: result.finalUrl, text: result.text };
  } finally {
    await context.close();
  }
}

/**
 * The device code flow's other device: the verification page, the user code typed in, the
 * confirmation, sign-in and consent (or Cancel at the consent, which the app then reads as
 * access_denied). Resolves on the provider's success or error page, with its text.
 */
export async function consentWithCode(
  page: Page,
  verificationUri: string,
  userCode: string,
  options: ConsentOptions = {},
): Promise<string> {
  await page.goto(verificationUri);
  await page.locator('input[name="user_code"]').fill(userCode);
  await page.locator('button[type="submit"]').first().click();
  // "Confirm the code shown on your device": Continue.
  await page.locator('button[autofocus]').click();
  await page.locator('input[name="login"]').fill(options.login ?? TEST_MAILBOX);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
  const consentForm = page.locator('form input[name="prompt"][value="consent"]');
  const done = page.getByText(/Sign-in Success|error/i).first();
  if (
    (await Promise.race([
      consentForm.waitFor({ state: 'attached' }).then(() => true),
      done.waitFor().then(() => false),
    ])) === true
  ) {
    if (options.deny) await page.getByText('[ Cancel ]').click();
    else await page.locator('button[type="submit"]').click();
  }
  await page.waitForLoadState('domcontentloaded');
  return page.locator('body').innerText();
}
