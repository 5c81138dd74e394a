// The guard's cancellation: sign-out and delete cancel every ticket taken before them, through the
// light CancelSignal (what nodemailer gets) and the real AbortSignal (what fetch gets) alike.
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { OperationGuard } from '../../src-main/profiles/operation-guard';

const ID = '0b5f0a36-1a3b-4c4d-8e8f-123456789abc';

describe('OperationGuard', () => {
  it('a bump cancels the ticket on both signals, with the same cancelled error, and runs each listener once', () => {
    const guard = new OperationGuard();
    const ticket = guard.start(ID);
    const real = ticket.signal; // made before the bump
    const light = vi.fn();
    const onReal = vi.fn();
    ticket.cancel.addEventListener('abort', light);
    real.addEventListener('abort', onReal);
    expect(guard.isCurrent(ticket)).toBe(true);

    guard.bump(ID, 'Cancelled by signing out');
    guard.bump(ID, 'Cancelled because the profile was deleted');

    expect(light).toHaveBeenCalledTimes(1);
    expect(onReal).toHaveBeenCalledTimes(1);
    expect(ticket.cancel.aborted).toBe(true);
    expect(real.aborted).toBe(true);
    expect(real.reason).toBe(ticket.cancel.reason);
    expect(ticket.cancel.reason).toBeInstanceOf(AppError);
    expect(guard.isCurrent(ticket)).toBe(false);
    expect(() => guard.assertCurrent(ticket)).toThrow('Cancelled by signing out: nothing was saved.');
    expect(guard.cancelledOr(ticket, new Error('socket closed'))).toMatchObject({ code: 'cancelled' });
  });

  it('a listener sees both signals aborted, whichever kind it is', () => {
    const guard = new OperationGuard();
    const ticket = guard.start(ID);
    const seen: boolean[] = [];
    ticket.cancel.addEventListener('abort', () => seen.push(ticket.cancel.aborted, ticket.signal.aborted));
    ticket.signal.addEventListener('abort', () => seen.push(ticket.cancel.aborted, ticket.signal.aborted));
    guard.bump(ID, 'Cancelled by signing out');
    expect(seen).toEqual([true, true, true, true]);
  });

  it('a removed listener does not run; one added after the abort does not run either', () => {
    const guard = new OperationGuard();
    const ticket = guard.start(ID);
    const removed = vi.fn();
    ticket.cancel.addEventListener('abort', removed);
    ticket.cancel.removeEventListener('abort', removed);
    guard.bump(ID, 'Cancelled by signing out');
    const late = vi.fn();
    ticket.cancel.addEventListener('abort', late);
    expect(removed).not.toHaveBeenCalled();
    expect(late).not.toHaveBeenCalled();
  });

  it('the real signal of a ticket read only after the bump is already aborted, with the reason', () => {
    const guard = new OperationGuard();
    const ticket = guard.start(ID);
    guard.bump(ID, 'Cancelled because the profile was deleted');
    expect(ticket.signal.aborted).toBe(true);
    expect(ticket.signal.reason).toMatchObject({
      code: 'cancelled',
      message: 'Cancelled because the profile was deleted: nothing was saved.',
    });
  });

  it('a ticket taken after the bump is current, and other profiles are untouched', () => {
    const guard = new OperationGuard();
    const other = guard.start('1b5f0a36-1a3b-4c4d-8e8f-123456789abc');
    guard.bump(ID, 'Cancelled by signing out');
    const after = guard.start(ID);
    expect(guard.isCurrent(after)).toBe(true);
    expect(after.cancel.aborted).toBe(false);
    expect(guard.isCurrent(other)).toBe(true);
    expect(other.signal.aborted).toBe(false);
  });

  it("with the operation's own signal, either one cancels the ticket", () => {
    const guard = new OperationGuard();
    const own = new AbortController();
    const ticket = guard.start(ID, own.signal);
    own.abort(
      new AppError({ code: 'cancelled', message: 'Authorization was cancelled: nothing was saved.', hint: '' }),
    );
    expect(ticket.cancel.aborted).toBe(true);
    expect(guard.isCurrent(ticket)).toBe(false);
    expect(() => guard.assertCurrent(ticket)).toThrow('Authorization was cancelled');

    const second = guard.start(ID, new AbortController().signal);
    guard.bump(ID, 'Cancelled by signing out');
    expect(second.signal.aborted).toBe(true);
    expect(guard.cancelledOr(second, new Error('x'))).toMatchObject({
      message: 'Cancelled by signing out: nothing was saved.',
    });
  });

  it('a listener that throws does not stop the others or the bump; one removed by an earlier one does not run', async () => {
    const guard = new OperationGuard();
    const ticket = guard.start(ID);
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const after = vi.fn();
      const removed = vi.fn();
      ticket.cancel.addEventListener('abort', () => {
        throw new Error('listener failed');
      });
      ticket.cancel.addEventListener('abort', () => ticket.cancel.removeEventListener('abort', removed));
      ticket.cancel.addEventListener('abort', removed);
      ticket.cancel.addEventListener('abort', after);
      expect(() => guard.bump(ID, 'Cancelled by signing out')).not.toThrow();
      expect(after).toHaveBeenCalledTimes(1);
      expect(removed).not.toHaveBeenCalled();
      expect(guard.isCurrent(guard.start(ID))).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
      expect(uncaught).toEqual([expect.objectContaining({ message: 'listener failed' })]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  describe('shut (sign-out and delete while they wait for the provider)', () => {
    const OTHER = '0b5f0a36-1a3b-4c4d-8e8f-123456789abd';

    it('cancels what started before, refuses what starts meanwhile with the reason, and reopens', () => {
      const guard = new OperationGuard();
      const before = guard.start(ID);
      const reopen = guard.shut(ID, 'Cancelled by signing out');
      expect(before.cancel.aborted).toBe(true);
      expect(() => guard.start(ID)).toThrow('Cancelled by signing out: nothing was saved.');
      expect(() => guard.start(ID, new AbortController().signal)).toThrow(AppError);
      expect(guard.isCurrent(guard.start(OTHER))).toBe(true); // other profiles are not held
      reopen();
      const after = guard.start(ID);
      expect(guard.isCurrent(after)).toBe(true);
      reopen(); // a second call changes nothing
      expect(guard.isCurrent(after)).toBe(true);
    });

    it('stays shut until the last of two overlapping holders reopens, and through a bump', () => {
      const guard = new OperationGuard();
      const first = guard.shut(ID, 'Cancelled by signing out');
      const second = guard.shut(ID, 'Cancelled because the profile was deleted');
      guard.bump(ID, 'Cancelled by signing out');
      first();
      first();
      expect(() => guard.start(ID)).toThrow('Cancelled because the profile was deleted: nothing was saved.');
      second();
      expect(guard.isCurrent(guard.start(ID))).toBe(true);
    });

    it('a reopen after forget (the profile was deleted) leaves the next profile entry open', () => {
      const guard = new OperationGuard();
      const reopen = guard.shut(ID, 'Cancelled because the profile was deleted');
      guard.forget(ID);
      expect(guard.isCurrent(guard.start(ID))).toBe(true);
      reopen();
      expect(guard.isCurrent(guard.start(ID))).toBe(true);
    });
  });
});
