// Wires every contract method to ipcMain.handle. A message from any frame other than the app's
// own top-level page is refused before its payload is even looked at.
import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import type { Result } from '../../src-shared/errors';
import { channelFor, IPC_METHODS } from '../../src-shared/ipc-methods';
import type { Dispatch } from '../api';
import { originOf } from './app-origins';

export type SenderCheck = (frame: WebFrameMain | null, event: IpcMainInvokeEvent) => boolean;

/** Trusts only the top frame of the app window, loaded from one of the app's own origins. */
export function trustedSender(getWindowId: () => number | undefined, allowedOrigins: readonly string[]): SenderCheck {
  return (frame, event) => {
    if (!frame || frame.parent !== null) return false;
    if (event.sender.id !== getWindowId()) return false;
    const origin = originOf(frame.url);
    return origin !== null && allowedOrigins.includes(origin);
  };
}

export const FORBIDDEN: Result<never> = {
  ok: false,
  error: {
    code: 'forbidden_sender',
    message: 'A request came from a page that is not part of this app and was refused.',
    hint: 'Restart the app. If this repeats, report it: something is trying to drive the app.',
  },
};

export function registerIpc(ipcMain: IpcMain, dispatch: Dispatch, isTrusted: SenderCheck): void {
  for (const method of IPC_METHODS) {
    ipcMain.handle(channelFor(method), (event, args: unknown) =>
      isTrusted(event.senderFrame, event) ? dispatch(method, args) : FORBIDDEN,
    );
  }
}
