// The preload with a mocked electron: it exposes exactly the contract's methods, each invoking
// its own channel, and never ipcRenderer itself.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_METHODS, channelFor } from '../../../src-shared/ipc-methods';

const exposed: Record<string, unknown> = {};
const invoke = vi.fn(async (channel: string, args: unknown) => ({ ok: true, value: { channel, args } }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: { invoke: (channel: string, args: unknown) => invoke(channel, args) },
}));

beforeEach(() => invoke.mockClear());

describe('preload', () => {
  it('exposes window.mailprefs with one frozen function per method', async () => {
    await import('../../../src-preload/index');
    const api = exposed['mailprefs'] as Record<string, (a: unknown) => Promise<unknown>>;
    expect(Object.keys(exposed)).toEqual(['mailprefs']);
    expect(Object.keys(api).sort()).toEqual([...IPC_METHODS].sort());
    expect(Object.isFrozen(api)).toBe(true);
    expect(api).not.toHaveProperty('ipcRenderer');
    expect(api).not.toHaveProperty('invoke');
    for (const method of IPC_METHODS) {
      await api[method]!({ probe: method });
      expect(invoke).toHaveBeenLastCalledWith(channelFor(method), { probe: method });
    }
  });
});
