// The app window's options: every web preference from Electron's security checklist, explicit.
import type { BrowserWindowConstructorOptions } from 'electron';

export function mainWindowOptions(
  preloadPath: string,
  /** Developer tools: in a development build only (a packaged app's window holds secrets). */
  { devTools = false }: { devTools?: boolean } = {},
): BrowserWindowConstructorOptions {
  return {
    width: 1180,
    height: 820,
    minWidth: 860,
    minHeight: 620,
    show: false,
    title: 'Mail Preferences',
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools,
    },
  };
}
