// The test transport (DESIGN.md): window.mailprefs in a Playwright page is built from the same
// method list as the preload's, and each call goes to the real dispatch in the test process. It
// starts the early calls as the preload does (src-shared/early-calls.ts, written out here: an
// init script is serialized, it cannot import).
import type { Page } from '@playwright/test';
import { EARLY_METHODS } from '../../src-shared/early-calls';
import { IPC_METHODS } from '../../src-shared/ipc-methods';
import type { Dispatch } from '../../src-main/api';

export async function installBridge(page: Page, dispatch: Dispatch): Promise<void> {
  await page.exposeFunction('__mailprefsInvoke', (method: unknown, args: unknown) => dispatch(method, args));
  await page.addInitScript(
    ({ methods, earlyMethods }: { methods: string[]; earlyMethods: string[] }) => {
      const invoke = (window as unknown as { __mailprefsInvoke: (m: string, a: unknown) => Promise<unknown> })
        .__mailprefsInvoke;
      // An object's method, not a named arrow: tsx would wrap a named arrow in __name(), which
      // does not exist in the page.
      const early = {
        pending: new Map(earlyMethods.map((m) => [m, invoke(m, {})])),
        call(m: string, args: unknown): Promise<unknown> {
          const pending = this.pending.get(m);
          // The same test as early-calls.ts's isEmptyArgs: a plain object with no own keys.
          const empty =
            typeof args === 'object' &&
            args !== null &&
            Object.getPrototypeOf(args) === Object.prototype &&
            Reflect.ownKeys(args).length === 0;
          if (!pending || !empty) return invoke(m, args);
          this.pending.delete(m);
          return pending.then(
            (r) => ((r as { ok?: unknown } | null)?.ok === true ? r : invoke(m, args)),
            () => invoke(m, args),
          );
        },
      };
      early.pending.forEach((pending) => pending.catch(() => undefined));
      const api = Object.fromEntries(methods.map((m) => [m, (args: unknown) => early.call(m, args)]));
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
    { methods: [...IPC_METHODS], earlyMethods: [...EARLY_METHODS] },
  );
}
