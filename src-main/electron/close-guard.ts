// Closing the window with unsaved changes asks first, in the window: the close is held back and
// the renderer is told (closeRequested); it shows Save / Discard / Cancel and, unless the admin
// cancels, calls closeWindow, which lets this close through.
import type { BrowserWindow } from 'electron';
import { eventChannelFor } from '../../src-shared/ipc-methods';
import type { WindowState } from '../window-state';

export type GuardedWindow = Pick<BrowserWindow, 'on' | 'close'> & {
  webContents: Pick<BrowserWindow['webContents'], 'send' | 'on' | 'isCrashed'>;
};

export function guardWindowClose(window: GuardedWindow, state: WindowState): void {
  let allowed = false;
  state.setCloser(() => {
    allowed = true;
    window.close();
  });
  // Only a live page can answer closeRequested. One that crashed, or was replaced by a reload
  // (its edits are gone with it), would leave the flag set and the window impossible to close.
  const forgetUnsaved = () => (state.unsaved = false);
  window.webContents.on('render-process-gone', forgetUnsaved);
  // Committed main-frame navigations only (a reload among them): did-start-navigation also fires
  // for one that harden.ts then blocks, and the page and its edits would stay.
  window.webContents.on('did-navigate', forgetUnsaved);
  // A page that hangs cannot answer either; if it recovers, it is asked again.
  let hung = false;
  window.webContents.on('unresponsive', () => (hung = true));
  window.webContents.on('responsive', () => (hung = false));
  window.on('close', (event) => {
    if (allowed || !state.unsaved || hung || window.webContents.isCrashed()) return;
    event.preventDefault();
    window.webContents.send(eventChannelFor('closeRequested'));
  });
}
