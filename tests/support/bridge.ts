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
      // Events from main, as the preload offers them; a test plays main with __mailprefsEmit.
      const listeners = new Map<string, Set<() => void>>();
      const events = {
        on(event: string, listener: () => void) {
          const set = listeners.get(event) ?? new Set<() => void>();
          set.add(listener);
          listeners.set(event, set);
          return () => set.delete(listener);
        },
      };
      Object.defineProperty(window, 'mailprefsEvents', { value: Object.freeze(events), writable: false });
      Object.defineProperty(window, '__mailprefsEmit', {
        value: (event: string) => listeners.get(event)?.forEach((listener) => listener()),
      });
    },
    [...IPC_METHODS],
  );
}
