// Closing the window with unsaved changes asks first, in the window: the close is held back and
// the renderer is told (closeRequested); it shows Save / Discard / Cancel and, unless the admin
// cancels, calls closeWindow, which lets this close through.
import type { BrowserWindow } from 'electron';
import { eventChannelFor } from '../../src-shared/ipc-methods';
import type { WindowState } from '../window-state';

export type GuardedWindow = Pick<BrowserWindow, 'on' | 'close'> & {
  webContents: Pick<BrowserWindow['webContents'], 'send'>;
};

export function guardWindowClose(window: GuardedWindow, state: WindowState): void {
  let allowed = false;
  state.setCloser(() => {
    allowed = true;
    window.close();
  });
  window.on('close', (event) => {
    if (allowed || !state.unsaved) return;
    event.preventDefault();
    window.webContents.send(eventChannelFor('closeRequested'));
  });
}
