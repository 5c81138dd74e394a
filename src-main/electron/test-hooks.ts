// Test-only behaviour for the Playwright Electron specs. It exists only in an unpackaged app
// started with MAILPREFS_TEST_HOOKS=1; a packaged app ignores the variable entirely.

export const TEST_HOOKS_ENV = 'MAILPREFS_TEST_HOOKS';

export function testHooksEnabled(isPackaged: boolean, env: NodeJS.ProcessEnv): boolean {
  return !isPackaged && env[TEST_HOOKS_ENV] === '1';
}
