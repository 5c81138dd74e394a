// The system-browser adapter. Only https URLs (and http on 127.0.0.1, for local test issuers) are
// handed to the OS; anything else is refused before it reaches shell.openExternal.
import type { Shell } from 'electron';
import { isSecureUrl } from '../../src-shared/validators';
import type { OpenExternal } from '../oauth/authorization-flows';

export const TEST_AUTH_URL_PREFIX = 'MAILPREFS_TEST_AUTH_URL=';

export function isAllowedExternalUrl(url: string): boolean {
  return isSecureUrl(url);
}

export function createOpenExternal(
  shell: Pick<Shell, 'openExternal'>,
  options: { testHooks: boolean; emit?: (line: string) => void },
): OpenExternal {
  return async (url) => {
    if (!isAllowedExternalUrl(url)) throw new Error('refused to open a non-https URL in the browser');
    // The URL as parsed and checked, not the string: tabs and line breaks the parser drops (and
    // anything it normalizes) would otherwise reach the operating system's URL handler as given.
    url = new URL(url).href;
    if (options.testHooks) {
      // Test hook (unpackaged app + MAILPREFS_TEST_HOOKS=1 only): the Playwright spec reads this
      // line and plays the browser, instead of a real browser window opening on the test machine.
      (options.emit ?? ((line) => process.stdout.write(line + '\n')))(TEST_AUTH_URL_PREFIX + url);
      return;
    }
    await shell.openExternal(url, { activate: true });
  };
}
