// The thin Electron shell, with `electron` mocked: window options, IPC wiring, sender checks,
// the custom protocol's path confinement, the safeStorage cipher, and the preload bridge.
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { IPC_METHODS, channelFor } from '../../../src-shared/ipc-methods';
import { isAppUrl } from '../../../src-main/electron/app-origins';
import type { MenuItemConstructorOptions } from 'electron';
import { applicationMenuTemplate } from '../../../src-main/electron/app-menu';
import { resolveAppFile } from '../../../src-main/electron/app-protocol';
import { denyAllPermissions, hardenWebContents } from '../../../src-main/electron/harden';
import { FORBIDDEN, registerIpc, trustedSender } from '../../../src-main/electron/ipc';
import { createSafeStorageCipher, isWeakBackend } from '../../../src-main/electron/safe-storage-cipher';
import { askToAcceptWeakStorage } from '../../../src-main/electron/weak-storage-consent';
import { mainWindowOptions } from '../../../src-main/electron/window-options';

vi.mock('electron', () => ({}));

describe('main window options', () => {
  it('follow the security checklist', () => {
    const prefs = mainWindowOptions('/app/preload/index.cjs').webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(mainWindowOptions('/p', { devTools: true }).webPreferences?.devTools).toBe(true); // development builds
  });
});

describe('application menu', () => {
  /** Every role anywhere in the template, submenus included. */
  const roles = (items: MenuItemConstructorOptions[] | null): string[] =>
    (items ?? []).flatMap((item) => [
      ...(item.role ? [item.role] : []),
      ...roles(Array.isArray(item.submenu) ? item.submenu : null),
    ]);

  it.each(['darwin', 'win32', 'linux'] as const)(
    'on %s: no Reload, no developer tools (a reload lost unsaved edits without asking)',
    (platform) => {
      const template = applicationMenuTemplate(platform);
      const found = roles(template).map((role) => role.toLowerCase());
      for (const forbidden of ['reload', 'forcereload', 'toggledevtools', 'viewmenu', 'default']) {
        expect(found).not.toContain(forbidden);
      }
      // A Mac app still needs Edit for copy and paste in its fields; elsewhere there is no menu bar.
      if (platform === 'darwin') expect(found).toEqual(expect.arrayContaining(['editmenu', 'quit']));
      else expect(template).toBeNull();
    },
  );
});

type Handler = (event: unknown, args: unknown) => unknown;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return { handlers, ipcMain: { handle: (channel: string, fn: Handler) => handlers.set(channel, fn) } };
}

const frame = (url: string, parent: unknown = null) => ({ url, parent });

describe('IPC registration', () => {
  it('registers exactly one handler per contract method', () => {
    const { handlers, ipcMain } = fakeIpcMain();
    registerIpc(ipcMain as never, vi.fn(), () => true);
    expect([...handlers.keys()].sort()).toEqual(IPC_METHODS.map(channelFor).sort());
  });

  it('passes trusted calls to dispatch and refuses foreign senders without dispatching', async () => {
    const { handlers, ipcMain } = fakeIpcMain();
    const dispatch = vi.fn(async () => ({ ok: true as const, value: 'listed' }));
    const check = trustedSender(() => 7, ['app://mailprefs']);
    registerIpc(ipcMain as never, dispatch, check);
    const handler = handlers.get(channelFor('listProfiles'))!;

    await expect(handler({ sender: { id: 7 }, senderFrame: frame('app://mailprefs/index.html') }, {})).resolves.toEqual(
      {
        ok: true,
        value: 'listed',
      },
    );
    expect(dispatch).toHaveBeenCalledWith('listProfiles', {});

    dispatch.mockClear();
    const foreign = [
      { sender: { id: 7 }, senderFrame: frame('https://evil.example/') },
      { sender: { id: 8 }, senderFrame: frame('app://mailprefs/index.html') },
      { sender: { id: 7 }, senderFrame: frame('app://mailprefs/index.html', {}) },
      { sender: { id: 7 }, senderFrame: null },
      { sender: { id: 7 }, senderFrame: frame('file:///etc/passwd') },
    ];
    for (const event of foreign) expect(await handler(event, {})).toEqual(FORBIDDEN);
    expect(dispatch).not.toHaveBeenCalled();
  });
});

describe('app:// protocol', () => {
  const root = path.resolve('/srv/app/renderer');
  it('maps app URLs into the renderer folder only', () => {
    expect(resolveAppFile('app://mailprefs/index.html', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile('app://mailprefs/', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile('app://mailprefs/assets/a.js', root)).toBe(path.join(root, 'assets/a.js'));
    expect(resolveAppFile('app://mailprefs/../../etc/passwd', root)).toBe(path.join(root, 'etc/passwd'));
    expect(resolveAppFile('app://mailprefs/%2e%2e/%2e%2e/etc/passwd', root)).toBe(path.join(root, 'etc/passwd'));
    expect(resolveAppFile('app://mailprefs/a%2f..%2f..%2f..%2fetc/passwd', root)).toBeNull();
    expect(resolveAppFile('app://other/index.html', root)).toBeNull();
    expect(resolveAppFile('https://mailprefs/index.html', root)).toBeNull();
    // A malformed escape names no file (a 404), rather than throwing out of the handler.
    expect(resolveAppFile('app://mailprefs/%E0%A4%A', root)).toBeNull();
  });
});

describe('web contents hardening', () => {
  it('blocks navigation away from the app, new windows and webviews; denies permissions', () => {
    const listeners = new Map<string, (event: { preventDefault: () => void }, url?: string) => void>();
    let openHandler: (() => { action: string }) | undefined;
    const contents = {
      on: (name: string, fn: (event: { preventDefault: () => void }, url?: string) => void) => listeners.set(name, fn),
      setWindowOpenHandler: (fn: () => { action: string }) => (openHandler = fn),
    };
    hardenWebContents(contents as never, isAppUrl(['app://mailprefs']));
    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() };
      listeners.get('will-navigate')!(event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('app://mailprefs/index.html')).toBe(false);
    expect(openHandler!()).toEqual({ action: 'deny' });
    const webview = { preventDefault: vi.fn() };
    listeners.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();

    let requestHandler: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let checkHandler: ((c: unknown, p: string) => boolean) | undefined;
    denyAllPermissions({
      setPermissionRequestHandler: (fn: typeof requestHandler) => (requestHandler = fn),
      setPermissionCheckHandler: (fn: typeof checkHandler) => (checkHandler = fn),
    } as never);
    const answer = vi.fn();
    requestHandler!(null, 'media', answer);
    expect(answer).toHaveBeenLastCalledWith(false);
    requestHandler!(null, 'notifications', answer);
    expect(answer).toHaveBeenLastCalledWith(false);
    requestHandler!(null, 'clipboard-sanitized-write', answer);
    expect(answer).toHaveBeenLastCalledWith(true);
    expect((checkHandler as unknown as (c: unknown, p: string) => boolean)(null, 'geolocation')).toBe(false);
  });
});

describe('safeStorage cipher', () => {
  const fakeSafeStorage = (backend: string, available = true) => ({
    isAsyncEncryptionAvailable: async () => available,
    getSelectedStorageBackend: () => backend,
    encryptStringAsync: async (s: string) => Buffer.from(`enc:${s}`),
    decryptStringAsync: async (b: Buffer) => ({ result: b.toString().slice(4), shouldReEncrypt: false }),
  });

  it('uses the async API and reports the backend', async () => {
    const cipher = await createSafeStorageCipher(fakeSafeStorage('gnome_libsecret') as never, 'linux');
    expect(cipher.backend).toBe('gnome_libsecret');
    expect(await cipher.decrypt(await cipher.encrypt('x'))).toBe('x');
    expect((await createSafeStorageCipher(fakeSafeStorage('') as never, 'darwin')).backend).toBe('keychain');
  });

  it('flags basic_text as weak and fails when no encryption is available', async () => {
    expect(isWeakBackend('basic_text')).toBe(true);
    expect(isWeakBackend('kwallet5')).toBe(false);
    await expect(createSafeStorageCipher(fakeSafeStorage('x', false) as never, 'linux')).rejects.toThrow(
      /not available/,
    );
  });

  it('asks before accepting weak storage, and defaults to quitting', async () => {
    const showMessageBox = vi.fn(async () => ({ response: 0, checkboxChecked: false }));
    expect(await askToAcceptWeakStorage({ showMessageBox })).toBe(false);
    expect(showMessageBox.mock.calls[0]).toEqual([
      expect.objectContaining({ defaultId: 0, cancelId: 0, message: expect.stringMatching(/no keyring/) }),
    ]);
    showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    expect(await askToAcceptWeakStorage({ showMessageBox })).toBe(true);
  });
});

describe('test hooks', () => {
  it('exist only in an unpackaged app with the variable set', async () => {
    const { testHooksEnabled } = await import('../../../src-main/electron/test-hooks');
    expect(testHooksEnabled(false, { MAILPREFS_TEST_HOOKS: '1' })).toBe(true);
    expect(testHooksEnabled(true, { MAILPREFS_TEST_HOOKS: '1' })).toBe(false);
    expect(testHooksEnabled(false, {})).toBe(false);
    expect(testHooksEnabled(false, { MAILPREFS_TEST_HOOKS: 'true' })).toBe(false);
  });
});

describe('system browser adapter', () => {
  it('opens only https (and loopback http) URLs', async () => {
    const { createOpenExternal } = await import('../../../src-main/electron/open-external');
    const shell = { openExternal: vi.fn(async () => undefined) };
    const open = createOpenExternal(shell, { testHooks: false });
    await open('https://accounts.google.com/o/oauth2/v2/auth?x=1');
    expect(shell.openExternal).toHaveBeenCalledWith('https://accounts.google.com/o/oauth2/v2/auth?x=1', {
      activate: true,
    });
    for (const bad of [
      'http://evil.example/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'https://user:pw@x.example/',
    ]) {
      await expect(open(bad)).rejects.toThrow(/non-https/);
    }
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('hands the URL to the test instead of a browser only when test hooks are on', async () => {
    const { createOpenExternal, TEST_AUTH_URL_PREFIX } = await import('../../../src-main/electron/open-external');
    const shell = { openExternal: vi.fn(async () => undefined) };
    const lines: string[] = [];
    await createOpenExternal(shell, { testHooks: true, emit: (l) => lines.push(l) })('http://127.0.0.1:4000/auth');
    expect(lines).toEqual([`${TEST_AUTH_URL_PREFIX}http://127.0.0.1:4000/auth`]);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });
});

describe('single instance', () => {
  it('quits a second instance and focuses the first window', async () => {
    const { claimSingleInstance } = await import('../../../src-main/electron/single-instance');
    const handlers = new Map<string, () => void>();
    const window = { isMinimized: vi.fn(() => true), restore: vi.fn(), show: vi.fn(), focus: vi.fn() };
    const first = { requestSingleInstanceLock: () => true, on: (e: string, fn: () => void) => handlers.set(e, fn) };
    expect(claimSingleInstance(first as never, () => window as never)).toBe(true);
    handlers.get('second-instance')!();
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    const second = { requestSingleInstanceLock: () => false, on: vi.fn() };
    expect(claimSingleInstance(second as never, () => undefined)).toBe(false);
    expect(second.on).not.toHaveBeenCalled();
  });
});

describe('content security policy', () => {
  it('allows no inline script, no eval and no remote origins in production', async () => {
    const { contentSecurityPolicy } = await import('../../../src-shared/csp');
    const csp = contentSecurityPolicy({ dev: false });
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy({ dev: false, meta: true })).not.toContain('frame-ancestors');
  });

  it('is sent as a header by the app:// protocol, which serves only files in the renderer folder', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { registerAppProtocol } = await import('../../../src-main/electron/app-protocol');
    const root = mkdtempSync(path.join(tmpdir(), 'renderer-'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>x</title>');
    let handler: ((request: Request) => Promise<Response>) | undefined;
    registerAppProtocol({ handle: (_scheme: string, fn: typeof handler) => (handler = fn) } as never, root);
    const ok = await handler!(new Request('app://mailprefs/index.html'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(ok.headers.get('content-type')).toMatch(/text\/html/);
    expect((await handler!(new Request('app://mailprefs/missing.js'))).status).toBe(404);
    expect((await handler!(new Request('app://mailprefs/a%2f..%2f..%2fetc%2fpasswd'))).status).toBe(404);
  });
});

describe('app:// scheme registration', () => {
  it('is standard and secure (a real origin), loads chunks, and keeps V8 code cache between starts', async () => {
    const { APP_SCHEME_REGISTRATION } = await import('../../../src-main/electron/app-protocol');
    expect(APP_SCHEME_REGISTRATION).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    });
  });
});

describe('file dialogs', () => {
  it('return the chosen path, or null when the admin cancels', async () => {
    const { electronFileDialogs } = await import('../../../src-main/electron/file-dialogs');
    const dialog = {
      showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: '/home/admin/relay.json.age' })),
      showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] as string[] })),
    };
    const dialogs = electronFileDialogs(dialog as never, () => undefined);
    expect(await dialogs.chooseSaveFile('relay.json.age')).toBe('/home/admin/relay.json.age');
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: 'relay.json.age' }));
    expect(await dialogs.chooseOpenFile()).toBeNull();
  });
});
