// One instance per user: a second launch focuses the running window instead of racing it on the
// same settings files.
import type { App, BrowserWindow } from 'electron';

/** Returns false when another instance owns the data directory (this one should quit). */
export function claimSingleInstance(
  app: Pick<App, 'requestSingleInstanceLock' | 'on'>,
  getWindow: () => BrowserWindow | undefined,
): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => {
    const window = getWindow();
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });
  return true;
}
