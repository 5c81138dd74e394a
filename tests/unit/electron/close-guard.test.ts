// Closing the window: with unsaved changes the close is held back and the window is asked;
// after closeWindow (the admin saved or chose not to) it goes through. A fake BrowserWindow.
import { describe, expect, it, vi } from 'vitest';
import { guardWindowClose } from '../../../src-main/electron/close-guard';
import { WindowState } from '../../../src-main/window-state';
import { eventChannelFor } from '../../../src-shared/ipc-methods';

function fakeWindow() {
  let onClose: ((event: { preventDefault: () => void }) => void) | undefined;
  const send = vi.fn();
  const pageListeners = new Map<string, (details?: unknown) => void>();
  let crashed = false;
  const win = {
    on: vi.fn((name: string, listener: typeof onClose) => {
      if (name === 'close') onClose = listener;
      return win;
    }),
    close: vi.fn(() => tryClose()),
    webContents: {
      send,
      on: vi.fn((name: string, listener: (details?: unknown) => void) => pageListeners.set(name, listener)),
      isCrashed: () => crashed,
    },
  };
  /** What Electron's webContents emits: the page crashed, hung, recovered, or navigated. */
  const page = (name: string, details?: unknown) => {
    if (name === 'render-process-gone') crashed = true;
    pageListeners.get(name)?.(details);
  };
  let closedFor = 0;
  const tryClose = () => {
    const event = { preventDefault: vi.fn() };
    onClose?.(event);
    if (!event.preventDefault.mock.calls.length) closedFor++;
    return event;
  };
  return { win, send, tryClose, page, closed: () => closedFor };
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

  it('a crashed page cannot answer: the dirty window closes instead of being held for ever', () => {
    const state = new WindowState();
    const f = fakeWindow();
    guardWindowClose(f.win as never, state);
    state.unsaved = true;
    f.page('render-process-gone', { reason: 'crashed' });
    f.tryClose();
    expect(f.closed()).toBe(1);
    expect(f.send).not.toHaveBeenCalled();
  });

  it('a hung page is not waited for; once it answers again, a close asks it again', () => {
    const state = new WindowState();
    const f = fakeWindow();
    guardWindowClose(f.win as never, state);
    state.unsaved = true;
    f.page('unresponsive');
    f.tryClose();
    expect(f.closed()).toBe(1);
    f.page('responsive');
    expect(f.tryClose().preventDefault).toHaveBeenCalled();
    expect(f.send).toHaveBeenCalledTimes(1);
  });

  it('a reload replaces the page and its edits: what it said about unsaved changes goes with it', () => {
    const state = new WindowState();
    const f = fakeWindow();
    guardWindowClose(f.win as never, state);
    state.unsaved = true;
    // A navigation that starts and is blocked (will-navigate, harden.ts) or stays in the page
    // (did-navigate-in-page) leaves the page and its edits: still unsaved.
    f.page('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    f.page('did-navigate-in-page');
    expect(state.unsaved).toBe(true);
    f.page('did-navigate'); // committed: the page was replaced
    expect(state.unsaved).toBe(false);
  });

  it('closeWindow without a window answers false', () => {
    expect(new WindowState().close()).toBe(false);
  });
});
