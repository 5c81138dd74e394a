// The test transport (DESIGN.md): window.mailprefs in a Playwright page is built from the same
// method list as the preload's, and each call goes to the real dispatch in the test process.
import type { Page } from '@playwright/test';
import { IPC_METHODS } from '../../src-shared/ipc-methods';
import type { Dispatch } from '../../src-main/api';

export async function installBridge(page: Page, dispatch: Dispatch): Promise<void> {
  await page.exposeFunction('__mailprefsInvoke', (method: unknown, args: unknown) => dispatch(method, args));
  await page.addInitScript(
    (methods: string[]) => {
      const invoke = (window as unknown as { __mailprefsInvoke: (m: string, a: unknown) => Promise<unknown> })
        .__mailprefsInvoke;
      const api = Object.fromEntries(methods.map((m) => [m, (args: unknown) => invoke(m, args)]));
      Object.defineProperty(window, 'mailprefs', { value: Object.freeze(api), writable: false });
    },
    [...IPC_METHODS],
  );
}
