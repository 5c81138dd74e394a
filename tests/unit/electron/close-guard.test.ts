// Closing the window: with unsaved changes the close is held back and the window is asked;
// after closeWindow (the admin saved or chose not to) it goes through. A fake BrowserWindow.
import { describe, expect, it, vi } from 'vitest';
import { guardWindowClose } from '../../../src-main/electron/close-guard';
import { WindowState } from '../../../src-main/window-state';
import { eventChannelFor } from '../../../src-shared/ipc-methods';

function fakeWindow() {
  let onClose: ((event: { preventDefault: () => void }) => void) | undefined;
  const send = vi.fn();
  const win = {
    on: vi.fn((name: string, listener: typeof onClose) => {
      if (name === 'close') onClose = listener;
      return win;
    }),
    close: vi.fn(() => tryClose()),
    webContents: { send },
  };
  let closedFor = 0;
  const tryClose = () => {
    const event = { preventDefault: vi.fn() };
    onClose?.(event);
    if (!event.preventDefault.mock.calls.length) closedFor++;
    return event;
  };
  return { win, send, tryClose, closed: () => closedFor };
}

describe('guardWindowClose', () => {
  it('lets a clean window close', () => {
    const state = new WindowState();
    const f = fakeWindow();
    guardWindowClose(f.win as never, state);
    f.tryClose();
    expect(f.closed()).toBe(1);
    expect(f.send).not.toHaveBeenCalled();
  });

  it('holds a dirty window back, asks the renderer, then closes when told to', () => {
    const state = new WindowState();
    const f = fakeWindow();
    guardWindowClose(f.win as never, state);
    state.unsaved = true;
    const event = f.tryClose();
    expect(event.preventDefault).toHaveBeenCalled();
    expect(f.send).toHaveBeenCalledWith(eventChannelFor('closeRequested'));
    expect(f.closed()).toBe(0);
    expect(state.close()).toBe(true);
    expect(f.closed()).toBe(1);
  });

  it('closeWindow without a window answers false', () => {
    expect(new WindowState().close()).toBe(false);
  });
});
