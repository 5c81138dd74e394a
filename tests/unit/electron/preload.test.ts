// The preload with a mocked electron: it exposes exactly the contract's methods, each invoking
// its own channel, and never ipcRenderer itself.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_METHODS, channelFor, eventChannelFor } from '../../../src-shared/ipc-methods';

const exposed: Record<string, unknown> = {};
const on = vi.fn();
const off = vi.fn();
const invoke = vi.fn(async (channel: string, args: unknown) => ({ ok: true, value: { channel, args } }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: {
    invoke: (channel: string, args: unknown) => invoke(channel, args),
    on: (channel: string, listener: (...a: unknown[]) => void) => on(channel, listener),
    off: (channel: string, listener: (...a: unknown[]) => void) => off(channel, listener),
  },
}));

beforeEach(() => invoke.mockClear());

describe('preload', () => {
  it('exposes window.mailprefs with one frozen function per method', async () => {
    await import('../../../src-preload/index');
    const api = exposed['mailprefs'] as Record<string, (a: unknown) => Promise<unknown>>;
    expect(Object.keys(exposed).sort()).toEqual(['mailprefs', 'mailprefsEvents']);
    expect(Object.keys(api).sort()).toEqual([...IPC_METHODS].sort());
    expect(Object.isFrozen(api)).toBe(true);
    expect(api).not.toHaveProperty('ipcRenderer');
    expect(api).not.toHaveProperty('invoke');
    for (const method of IPC_METHODS) {
      await api[method]!({ probe: method });
      expect(invoke).toHaveBeenLastCalledWith(channelFor(method), { probe: method });
    }
  });

  it("asks for the first list as it loads, and hands that answer to the page's first listProfiles", async () => {
    vi.resetModules();
    invoke.mockClear();
    await import('../../../src-preload/index');
    expect(invoke.mock.calls).toEqual([[channelFor('listProfiles'), {}]]);
    const api = exposed['mailprefs'] as Record<string, (a: unknown) => Promise<unknown>>;
    await api['listProfiles']!({});
    expect(invoke).toHaveBeenCalledTimes(1);
    await api['listProfiles']!({});
    expect(invoke).toHaveBeenCalledTimes(2);
  });

  it('exposes events without the Electron event object, only for known events', async () => {
    await import('../../../src-preload/index');
    const events = exposed['mailprefsEvents'] as { on: (e: string, l: (...a: unknown[]) => void) => () => void };
    const listener = vi.fn();
    const off1 = events.on('closeRequested', listener);
    expect(on).toHaveBeenCalledWith(eventChannelFor('closeRequested'), expect.any(Function));
    const handler = on.mock.calls[0]![1] as (...a: unknown[]) => void;
    handler({ sender: 'electron internals' }, 'extra');
    expect(listener).toHaveBeenCalledWith();
    off1();
    expect(off).toHaveBeenCalledWith(eventChannelFor('closeRequested'), handler);
    events.on('notAnEvent', listener);
    expect(on).toHaveBeenCalledTimes(1);
  });
});
