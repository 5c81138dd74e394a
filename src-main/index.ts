// App lifecycle: one instance, secure defaults, the app:// protocol, the window, IPC.
// Everything that is not Electron glue lives in services.ts and below.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session, shell } from 'electron';
import { createDispatch, createHandlers } from './api';
import { applicationMenuTemplate } from './electron/app-menu';
import { isAppUrl } from './electron/app-origins';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME_REGISTRATION, registerAppProtocol } from './electron/app-protocol';
import { denyAllPermissions, hardenWebContents } from './electron/harden';
import { guardWindowClose } from './electron/close-guard';
import { registerIpc, trustedSender } from './electron/ipc';
import { electronFileDialogs } from './electron/file-dialogs';
import { createOpenExternal } from './electron/open-external';
import { createSafeStorageCipher, isWeakBackend } from './electron/safe-storage-cipher';
import { claimSingleInstance } from './electron/single-instance';
import { STARTUP_STEPS, startupStep, startWhenReady } from './electron/startup';
import { electronStoreFactory } from './electron/settings-store';
import { testHooksEnabled } from './electron/test-hooks';
import { askToAcceptWeakStorage } from './electron/weak-storage-consent';
import { mainWindowOptions } from './electron/window-options';
import { createServices } from './services';
import { setLoopbackHttpAllowed } from '../src-shared/validators';

// Before anything validates a URL: plain http to 127.0.0.1 test issuers only in unpackaged builds.
setLoopbackHttpAllowed(!app.isPackaged);

const here = path.dirname(fileURLToPath(import.meta.url));
const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
const testHooks = testHooksEnabled(app.isPackaged, process.env);
const origins = [APP_ORIGIN, ...(devServerUrl ? [new URL(devServerUrl).origin] : [])];

protocol.registerSchemesAsPrivileged([APP_SCHEME_REGISTRATION]);

let window: BrowserWindow | undefined;
if (!claimSingleInstance(app, () => window)) {
  // Another instance owns the data directory and has been asked to focus its window.
  app.quit();
} else {
  app.on('window-all-closed', () => app.quit());
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, isAppUrl(origins)));

  void startWhenReady(app, dialog, async () => {
    const dataDirectory = app.getPath('userData');
    const storeFactory = electronStoreFactory(dataDirectory);
    const cipher = await startupStep(STARTUP_STEPS.secretStorage, () =>
      createSafeStorageCipher(safeStorage, process.platform),
    );
    // Test runs have no keyring; the specs accept basic_text instead of answering a dialog.
    if (isWeakBackend(cipher.backend) && !testHooks) {
      const consent = storeFactory('app-settings', () => ({ acceptedWeakStorage: false }));
      if (!consent.read().acceptedWeakStorage) {
        if (!(await askToAcceptWeakStorage(dialog))) return app.quit();
        consent.write({ acceptedWeakStorage: true });
      }
    }
    const services = await startupStep(STARTUP_STEPS.dataFolder(dataDirectory), () =>
      createServices({
        dataDirectory,
        cipher,
        storeFactory,
        appVersion: app.getVersion(),
        openExternal: createOpenExternal(shell, { testHooks }),
        dialogs: electronFileDialogs(dialog, () => window),
      }),
    );
    const dispatch = createDispatch(createHandlers(services), services);
    // Deferred store writes (a status, an access token) reach the disk before the process ends.
    app.on('will-quit', () => {
      try {
        services.store.flush();
      } catch (error) {
        services.logger.log('warn', 'store.flush_failed', { code: (error as NodeJS.ErrnoException).code ?? 'unknown' });
      }
      try {
        services.logger.close();
      } catch {
        // A log that cannot be written at quit has nowhere else to go.
      }
    });

    denyAllPermissions(session.defaultSession);
    registerAppProtocol(protocol, path.join(here, '../renderer'));
    registerIpc(
      ipcMain,
      dispatch,
      trustedSender(() => window?.webContents.id, origins),
    );

    // No Reload and no developer tools (app-menu.ts): set before the window, so it never has them.
    const menu = applicationMenuTemplate(process.platform);
    Menu.setApplicationMenu(menu ? Menu.buildFromTemplate(menu) : null);
    window = new BrowserWindow(
      mainWindowOptions(path.join(here, '../preload/index.cjs'), { devTools: !app.isPackaged }),
    );
    window.once('ready-to-show', () => window?.show());
    guardWindowClose(window, services.window);
    await window.loadURL(devServerUrl ?? APP_ENTRY_URL);
  });
}
