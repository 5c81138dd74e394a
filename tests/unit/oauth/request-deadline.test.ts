// A token request ends at the caller's abort or at the timeout, whichever is first, with the
// reasons fetch and explainOAuthError know; and when it ends, its timer and listener are gone.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withRequestDeadline } from '../../../src-main/oauth/request-deadline';
import { OperationGuard } from '../../../src-main/profiles/operation-guard';

// A token endpoint that never answers: only the deadline or the caller ends the request.
let url = '';
const server = http.createServer(() => undefined);
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const fetchWith = (signal: AbortSignal) => fetch(url, { method: 'POST', signal });

describe('withRequestDeadline', () => {
  it('aborts a request that outlives the timeout with a TimeoutError', async () => {
    const error = await withRequestDeadline(undefined, fetchWith, 50).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('TimeoutError');
  });

  it("aborts at the caller's signal with the caller's reason, before the timeout", async () => {
    const caller = new AbortController();
    const started = Date.now();
    setTimeout(() => caller.abort(new Error('signed out')), 30);
    const error = await withRequestDeadline(caller.signal, fetchWith, 10_000).catch((e: unknown) => e);
    expect((error as Error).message).toBe('signed out');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('does not start a request already cancelled: the signal it gets is aborted', async () => {
    const caller = new AbortController();
    caller.abort(new Error('cancelled'));
    const seen = await withRequestDeadline(caller.signal, async (signal) => [signal.aborted, signal.reason]);
    expect(seen).toEqual([true, caller.signal.reason]);
  });

  it('releases its listener on the caller signal and its timer once the request is done', async () => {
    const caller = new AbortController();
    let added = 0;
    let removed = 0;
    const signal = caller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...a: Parameters<typeof add>) => (added++, add(...a))) as typeof add;
    signal.removeEventListener = ((...a: Parameters<typeof remove>) => (removed++, remove(...a))) as typeof remove;
    let inner: AbortSignal | undefined;
    expect(await withRequestDeadline(signal, async (s) => ((inner = s), 'answer'), 40)).toBe('answer');
    expect([added, removed]).toEqual([1, 1]);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(inner!.aborted).toBe(false); // the timer was cleared: nothing fired after the answer
    caller.abort();
    expect(inner!.aborted).toBe(false); // and the caller's later abort reaches nothing
  });

  it("a ticket's CancelSignal aborts the request at a sign-out, and leaves no listener behind", async () => {
    const guard = new OperationGuard();
    const id = '0b5f0a36-1a3b-4c4d-8e8f-123456789abc';
    const ticket = guard.start(id);
    setTimeout(() => guard.bump(id, 'Cancelled by signing out'), 30);
    const error = await withRequestDeadline(ticket.cancel, fetchWith, 10_000).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'cancelled', message: 'Cancelled by signing out: nothing was saved.' });

    const next = guard.start(id);
    let inner: AbortSignal | undefined;
    expect(await withRequestDeadline(next.cancel, async (s) => ((inner = s), 'answer'), 40)).toBe('answer');
    guard.bump(id, 'Cancelled by signing out');
    expect(inner!.aborted).toBe(false); // its listener went with the answer
  });
});
