// The SMTP conversation's deadline signal, against the real OperationGuard's cancellation.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { DeadlineSignal } from '../../src-main/mail/smtp-deadline';
import { OperationGuard } from '../../src-main/profiles/operation-guard';

const SERVER = { host: 'smtp.example.test', port: 587 };

// Every test runs on fake timers and ends with the shared ticker stopped (it stops a tick after
// the last conversation ends), so no test inherits another's ticker.
const made: DeadlineSignal[] = [];
function started(...args: ConstructorParameters<typeof DeadlineSignal>): DeadlineSignal {
  const signal = new DeadlineSignal(...args);
  made.push(signal);
  return signal;
}
beforeEach(() => void vi.useFakeTimers());
afterEach(() => {
  for (const signal of made.splice(0)) signal.dispose();
  vi.advanceTimersByTime(250);
  expect(vi.getTimerCount()).toBe(0);
  vi.useRealTimers();
});

describe('DeadlineSignal', () => {
  it('aborts once with an smtp_timeout error when the deadline passes, and tells its listeners once', () => {
    const signal = started(new OperationGuard().start('p').cancel, SERVER, 60_000);
    const heard = vi.fn();
    signal.addEventListener('abort', heard);
    vi.advanceTimersByTime(59_999);
    expect(signal.aborted).toBe(false);
    // Checked by a shared ticker: at most one tick (250 ms) late.
    vi.advanceTimersByTime(251);
    expect(signal).toMatchObject({ aborted: true, expired: true });
    expect(signal.reason).toBeInstanceOf(AppError);
    expect(signal.reason).toMatchObject({
      code: 'smtp_timeout',
      message: expect.stringMatching(/smtp\.example\.test:587 kept the conversation going for over 60 seconds/),
    });
    vi.advanceTimersByTime(120_000);
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it("aborts with its parent's reason (sign-out, delete), which is not the deadline", () => {
    const guard = new OperationGuard();
    const ticket = guard.start('p');
    const signal = started(ticket.cancel, SERVER);
    const heard = vi.fn();
    signal.addEventListener('abort', heard);
    guard.bump('p', 'Signed out');
    expect(heard).toHaveBeenCalledTimes(1);
    expect(signal).toMatchObject({ aborted: true, expired: false, reason: { code: 'cancelled' } });
    signal.dispose();
  });

  it('starts aborted under a parent that already is', () => {
    const guard = new OperationGuard();
    const ticket = guard.start('p');
    guard.bump('p', 'Deleted');
    const signal = started(ticket.cancel, SERVER);
    expect(signal).toMatchObject({ aborted: true, expired: false, reason: { code: 'cancelled' } });
    signal.dispose();
  });

  it('after dispose neither the deadline nor the parent reaches it', () => {
    const guard = new OperationGuard();
    const signal = started(guard.start('p').cancel, SERVER, 1_000);
    const heard = vi.fn();
    signal.addEventListener('abort', heard);
    signal.dispose();
    vi.advanceTimersByTime(5_000);
    guard.bump('p', 'Signed out');
    expect(signal.expired).toBe(false);
    expect(heard).not.toHaveBeenCalled();
  });

  it('runs its shared ticker only while a conversation runs', () => {
    expect(vi.getTimerCount()).toBe(0);
    const first = started(undefined, SERVER, 1_000);
    const second = started(undefined, SERVER, 2_000);
    expect(vi.getTimerCount()).toBe(1); // one ticker for both
    vi.advanceTimersByTime(1_250);
    expect([first.expired, second.expired]).toEqual([true, false]);
    second.dispose();
    vi.advanceTimersByTime(250);
    expect(vi.getTimerCount()).toBe(0);
  });
});
