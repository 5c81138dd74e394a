// The renderer's only door to main. window.mailprefs is built by the preload (Electron) or by
// the test bridge (Playwright); either way each call resolves to a Result, unwrapped here.
import type { AppErrorData, Result } from '../src-shared/errors';
import type { IpcArgs, IpcResults, MailPrefsApi } from '../src-shared/ipc';
import type { IpcEvent, IpcMethod, MailPrefsEvents } from '../src-shared/ipc-methods';

declare global {
  interface Window {
    mailprefs?: MailPrefsApi;
    mailprefsEvents?: MailPrefsEvents;
  }
}

/** Subscribes to an event from main; returns the unsubscribe. A page without the bridge gets none. */
export function onMainEvent(event: IpcEvent, listener: () => void): () => void {
  return window.mailprefsEvents?.on(event, listener) ?? (() => undefined);
}

export class ApiFailure extends Error {
  constructor(readonly error: AppErrorData) {
    super(error.message);
    this.name = 'ApiFailure';
  }
}

export async function call<M extends IpcMethod>(method: M, args: IpcArgs<M>): Promise<IpcResults[M]> {
  const api = window.mailprefs;
  if (!api) {
    throw new ApiFailure({
      code: 'internal',
      message: "The app's bridge to its background process is missing.",
      hint: 'Start Mail Preferences from its launcher rather than opening the page in a browser.',
    });
  }
  const fn = api[method] as unknown as (a: IpcArgs<M>) => Promise<Result<IpcResults[M]>>;
  const result = await fn(args);
  if (!result.ok) throw new ApiFailure(result.error);
  return result.value;
}

export function toErrorData(error: unknown): AppErrorData {
  if (error instanceof ApiFailure) return error.error;
  return {
    code: 'internal',
    message: error instanceof Error ? error.message : 'Something went wrong.',
    hint: 'Try again.',
  };
}
