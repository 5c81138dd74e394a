// The bridge's early calls: the list is asked for once as the bridge loads, the page's first
// argument-free call gets that answer, every other call goes to main, and a failed early answer
// is asked again rather than handed out.
import { describe, expect, it, vi } from 'vitest';
import { EARLY_METHODS, withEarlyCalls } from '../../src-shared/early-calls';
import type { IpcMethod } from '../../src-shared/ipc-methods';

function counting(answer: (n: number, method: IpcMethod) => unknown) {
  let n = 0;
  return vi.fn(async (method: IpcMethod, _args: unknown) => answer(++n, method));
}

describe('withEarlyCalls', () => {
  it('asks for the early methods at once, before the page calls anything', () => {
    const invoke = counting(() => ({ ok: true, value: [] }));
    withEarlyCalls(invoke);
    expect(invoke.mock.calls.map(([m, a]) => [m, a])).toEqual(EARLY_METHODS.map((m) => [m, {}]));
  });

  it('hands the early answer to the first argument-free call only; later calls ask afresh', async () => {
    const invoke = counting((n) => ({ ok: true, value: `answer ${n}` }));
    const call = withEarlyCalls(invoke);
    expect(await call('listProfiles', {})).toEqual({ ok: true, value: 'answer 1' });
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(await call('listProfiles', {})).toEqual({ ok: true, value: 'answer 2' });
    expect(await call('listProfiles', {})).toEqual({ ok: true, value: 'answer 3' });
  });

  it('never hands the early answer to a call with arguments, or to another method', async () => {
    const invoke = counting((n, method) => ({ ok: true, value: `${method} ${n}` }));
    const call = withEarlyCalls(invoke);
    expect(await call('listProfiles', { extra: 1 })).toEqual({ ok: true, value: 'listProfiles 2' });
    expect(await call('getAppInfo', {})).toEqual({ ok: true, value: 'getAppInfo 3' });
    const hostile = Object.create({ inherited: true }) as object;
    expect(await call('listProfiles', hostile)).toEqual({ ok: true, value: 'listProfiles 4' });
    expect(await call('listProfiles', null)).toEqual({ ok: true, value: 'listProfiles 5' });
    expect(await call('listProfiles', {})).toEqual({ ok: true, value: 'listProfiles 1' });
  });

  it('asks again when the early answer is a failure or a rejection', async () => {
    const refused = counting((n) =>
      n === 1 ? { ok: false, error: { code: 'forbidden_sender' } } : { ok: true, value: n },
    );
    expect(await withEarlyCalls(refused)('listProfiles', {})).toEqual({ ok: true, value: 2 });
    let n = 0;
    const rejecting = vi.fn(async () => {
      if (++n === 1) throw new Error('channel closed');
      return { ok: true, value: n };
    });
    expect(await withEarlyCalls(rejecting)('listProfiles', {})).toEqual({ ok: true, value: 2 });
  });

  it('leaves no unhandled rejection when the page never asks', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    withEarlyCalls(async () => {
      throw new Error('no main');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    process.off('unhandledRejection', unhandled);
    expect(unhandled).not.toHaveBeenCalled();
  });
});
