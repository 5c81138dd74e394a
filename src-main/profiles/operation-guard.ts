// Cancel, sign-out and delete win over work in flight. Each profile has a generation (in memory);
// sign-out and delete move it on and abort the signal every operation on that profile started
// with. An operation takes a ticket when it starts, passes ticket.signal to its network calls, and
// calls assertCurrent(ticket) inside the transaction of its final write: a result that lost the
// race is discarded there, inside the store's queue, so it can never be written afterwards.
import { AppError } from '../../src-shared/errors';

export interface Ticket {
  readonly profileId: string;
  readonly generation: number;
  /** Aborts (reason: a `cancelled` AppError) when the generation moves or the operation is cancelled. */
  readonly signal: AbortSignal;
}

export function cancelledError(what = 'The operation was cancelled'): AppError {
  return new AppError({
    code: 'cancelled',
    message: `${what}: nothing was saved.`,
    hint: 'Nothing needs undoing. Start it again when you are ready.',
  });
}

export class OperationGuard {
  private readonly profiles = new Map<string, { generation: number; controller: AbortController }>();
  /** One counter for all profiles: a generation is never handed out twice. */
  private counter = 0;

  /** A ticket for an operation starting now; `own` adds the operation's own cancel signal. */
  start(profileId: string, own?: AbortSignal): Ticket {
    const entry = this.entry(profileId);
    return {
      profileId,
      generation: entry.generation,
      signal: own ? AbortSignal.any([entry.controller.signal, own]) : entry.controller.signal,
    };
  }

  /** Sign-out and delete: every operation on the profile that started before now is void. */
  bump(profileId: string, why: string): void {
    const entry = this.entry(profileId);
    this.profiles.set(profileId, { generation: ++this.counter, controller: new AbortController() });
    entry.controller.abort(cancelledError(why));
  }

  /** After a delete: the profile's entry goes (old tickets stay void: generations are never reused). */
  forget(profileId: string): void {
    this.profiles.delete(profileId);
  }

  isCurrent(ticket: Ticket): boolean {
    return !ticket.signal.aborted && this.profiles.get(ticket.profileId)?.generation === ticket.generation;
  }

  /** Throws the `cancelled` error unless the ticket is still current. Call it inside the write's transaction. */
  assertCurrent(ticket: Ticket): void {
    if (!this.isCurrent(ticket)) throw abortReason(ticket.signal);
  }

  /** What to throw when the network call under `ticket.signal` failed: the cancel, if that caused it. */
  cancelledOr(ticket: Ticket, error: unknown): unknown {
    return ticket.signal.aborted ? abortReason(ticket.signal) : error;
  }

  private entry(profileId: string) {
    let entry = this.profiles.get(profileId);
    if (!entry) {
      entry = { generation: ++this.counter, controller: new AbortController() };
      this.profiles.set(profileId, entry);
    }
    return entry;
  }
}

/** Why a ticket's signal aborted: the AppError it was aborted with (cancelled, or a flow's timeout). */
export function abortReason(signal: AbortSignal): AppError {
  const reason: unknown = signal.reason;
  return reason instanceof AppError ? reason : cancelledError();
}
