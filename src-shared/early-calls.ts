// The calls the page makes first, started by the bridge itself (the preload, or the test bridge)
// as it loads, before the page's own scripts have even been fetched: the answer travels while the
// bundle downloads and parses, so the first form does not wait for a round trip after it. Only
// argument-free reads qualify, and each early answer is handed out once, to the page's first
// call of that method: every later call asks main afresh. Zod-free: the sandboxed preload bundles it.
import type { IpcMethod } from './ipc-methods';

/** Argument-free reads the first screen needs (the profile list). */
export const EARLY_METHODS = ['listProfiles'] as const satisfies readonly IpcMethod[];

type Invoke = (method: IpcMethod, args: unknown) => Promise<unknown>;

/**
 * Wraps `invoke` so the EARLY_METHODS are asked for now, and the first call of each with no
 * arguments (`{}`) gets that answer. An early answer that is a failure is not reused: that first
 * call asks again, so a refusal at load time (a page not yet trusted) costs one round trip, no more.
 */
export function withEarlyCalls(invoke: Invoke): Invoke {
  const early = new Map<IpcMethod, Promise<unknown>>();
  for (const method of EARLY_METHODS) {
    const pending = invoke(method, {});
    pending.catch(() => undefined); // never an unhandled rejection if the page does not ask
    early.set(method, pending);
  }
  return (method, args) => {
    const pending = early.get(method);
    if (!pending || !isEmptyArgs(args)) return invoke(method, args);
    early.delete(method);
    return pending.then(
      (result) => (isOkResult(result) ? result : invoke(method, args)),
      () => invoke(method, args),
    );
  };
}

function isEmptyArgs(args: unknown): boolean {
  return (
    typeof args === 'object' &&
    args !== null &&
    Object.getPrototypeOf(args) === Object.prototype &&
    Reflect.ownKeys(args).length === 0
  );
}

function isOkResult(result: unknown): boolean {
  return typeof result === 'object' && result !== null && (result as { ok?: unknown }).ok === true;
}
