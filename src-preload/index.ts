// The whole preload: window.mailprefs gets one named function per contract method, each a thin
// ipcRenderer.invoke on that method's channel. Nothing else of Electron reaches the page. The
// first screen's list is asked for as the preload runs (early-calls.ts).
import { contextBridge, ipcRenderer } from 'electron';
import { withEarlyCalls } from '../src-shared/early-calls';
import { channelFor, eventChannelFor, IPC_EVENTS, IPC_METHODS, type IpcEvent } from '../src-shared/ipc-methods';

export function buildApi(invoke: (channel: string, args: unknown) => Promise<unknown>) {
  const call = withEarlyCalls((method, args) => invoke(channelFor(method), args));
  return Object.freeze(
    Object.fromEntries(IPC_METHODS.map((method) => [method, (args: unknown) => call(method, args)])),
  );
}

type Subscribe = (channel: string, listener: () => void) => () => void;

/** Events carry no payload, and the page never sees Electron's event object. */
export function buildEvents(subscribe: Subscribe) {
  return Object.freeze({
    on(event: IpcEvent, listener: () => void): () => void {
      if (!IPC_EVENTS.includes(event) || typeof listener !== 'function') return () => undefined;
      return subscribe(eventChannelFor(event), () => listener());
    },
  });
}

contextBridge.exposeInMainWorld(
  'mailprefsEvents',
  buildEvents((channel, listener) => {
    const handler = () => listener();
    // The one listener: channels come only from eventChannelFor(IPC_EVENTS) via buildEvents, and
    // the handler drops Electron's event object before the page sees anything.
    // eslint-disable-next-line no-restricted-syntax -- contract events, see above
    ipcRenderer.on(channel, handler);
    return () => ipcRenderer.off(channel, handler);
  }),
);

contextBridge.exposeInMainWorld(
  'mailprefs',
  buildApi((channel, args) => ipcRenderer.invoke(channel, args)),
);
