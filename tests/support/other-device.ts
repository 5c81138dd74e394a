// The device code flow's "other device" for a test file: one Chromium for the file, a fresh
// context per sign-in (like the admin's phone), and the cleanups each test registers, run after it.
import { chromium, type Browser } from '@playwright/test';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';
import { consentWithCode, type ConsentOptions } from './consent';

export interface DeviceCode {
  verificationUri: string;
  userCode: string;
}

/** Registers the file's hooks; call at the top level of a test file. */
export function otherDeviceRig() {
  let browser: Browser | undefined;
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  afterAll(async () => browser?.close());
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    cleanups,
    /** Enters the code at the verification page, signs in and consents (or denies); the page's text. */
    async signIn(code: DeviceCode, options: ConsentOptions = {}): Promise<string> {
      const context = await browser!.newContext();
      try {
        return await consentWithCode(await context.newPage(), code.verificationUri, code.userCode, options);
      } finally {
        await context.close();
      }
    },
  };
}
