// The whole preload: window.mailprefs gets one named function per contract method, each a thin
// ipcRenderer.invoke on that method's channel. Nothing else of Electron reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import { channelFor, IPC_METHODS } from '../src-shared/ipc-methods';

export function buildApi(invoke: (channel: string, args: unknown) => Promise<unknown>) {
  return Object.freeze(
    Object.fromEntries(IPC_METHODS.map((method) => [method, (args: unknown) => invoke(channelFor(method), args)])),
  );
}

contextBridge.exposeInMainWorld(
  'mailprefs',
  buildApi((channel, args) => ipcRenderer.invoke(channel, args)),
);
