// Cancel, sign-out and delete win over work in flight. Each profile has a generation (in memory);
// sign-out and delete move it on and cancel every operation on that profile started with it, and
// keep the profile shut while they run: what starts then is cancelled from its first step. An
// operation takes a ticket when it starts, passes the ticket's signal to its network calls, and
// calls assertCurrent(ticket) inside the transaction of its final write: a result that lost the
// race is discarded there, inside the (synchronous) transaction, so it can never be written afterwards.
import { AppError } from '../../src-shared/errors';

/**
 * The part of an AbortSignal a library that duck-types signals uses (nodemailer does), without
 * EventTarget: adding and removing a listener is a Set operation. A test send registers two
 * listeners and removes them again; on a real AbortSignal that cost about 1% of the send.
 */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface Ticket {
  readonly profileId: string;
  readonly generation: number;
  /**
   * Aborts (reason: a `cancelled` AppError) when the generation moves or the operation is
   * cancelled. A real AbortSignal, for fetch and AbortSignal.any; made on first use.
   */
  readonly signal: AbortSignal;
  /** The same cancellation as `signal`, as a CancelSignal (for nodemailer's `signal` option). */
  readonly cancel: CancelSignal;
}

/** One profile generation's cancellation: a plain listener set, and a real AbortSignal on demand. */
class Cancellation implements CancelSignal {
  aborted = false;
  reason: unknown = undefined;
  private readonly listeners = new Set<() => void>();
  private controller: AbortController | undefined;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  addEventListener(_type: 'abort', listener: () => void): void {
    // Every listener runs once: an abort happens once.
    if (!this.aborted) this.listeners.add(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    this.listeners.delete(listener);
  }

  abort(reason: AppError): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    // The real signal first, so a listener of either kind sees both aborted.
    this.controller?.abort(reason);
    // As an AbortSignal does: a listener removed by an earlier one does not run, and one that
    // throws does not stop the others (its error is reported on its own, as an uncaught one).
    for (const listener of [...this.listeners]) {
      if (!this.listeners.delete(listener)) continue;
      try {
        listener();
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

/** A ticket on its profile's generation alone; its AbortSignal is made only if asked for. */
class GenerationTicket implements Ticket {
  constructor(
    readonly profileId: string,
    readonly generation: number,
    readonly cancel: Cancellation,
  ) {}

  get signal(): AbortSignal {
    return this.cancel.signal;
  }
}

export function cancelledError(what = 'The operation was cancelled'): AppError {
  return new AppError({
    code: 'cancelled',
    message: `${what}: nothing was saved.`,
    hint: 'Nothing needs undoing. Start it again when you are ready.',
  });
}

interface Generation {
  generation: number;
  cancellation: Cancellation;
  /** The sign-outs and deletes holding the profile shut (see `shut`): the newest one's reason. */
  shut: string[];
}

export class OperationGuard {
  private readonly profiles = new Map<string, Generation>();
  /** One counter for all profiles: a generation is never handed out twice. */
  private counter = 0;

  /**
   * A ticket for an operation starting now; `own` adds the operation's own cancel signal. While
   * the profile is shut, throws the `cancelled` error instead: the operation ends at its first step.
   */
  start(profileId: string, own?: AbortSignal): Ticket {
    const { generation, cancellation, shut } = this.entry(profileId);
    if (shut.length > 0) throw cancelledError(shut.at(-1));
    if (own) {
      const signal = AbortSignal.any([cancellation.signal, own]);
      return { profileId, generation, signal, cancel: signal };
    }
    return new GenerationTicket(profileId, generation, cancellation);
  }

  /** Every operation on the profile that started before now is void. */
  bump(profileId: string, why: string): void {
    const entry = this.entry(profileId);
    this.profiles.set(profileId, { generation: ++this.counter, cancellation: new Cancellation(), shut: entry.shut });
    entry.cancellation.abort(cancelledError(why));
  }

  /**
   * Sign-out and delete: bump, and until the returned `reopen` is called no operation can start
   * (`start` throws the `cancelled` error with `why`). Sign-out revokes the refresh token at the
   * provider before it forgets it; a refresh started during that wait would rotate the very token
   * being revoked, and a test send would go out with its successor after "signed out". Calling
   * `reopen` again does nothing; the profile opens when the last sign-out or delete holding it ends.
   */
  shut(profileId: string, why: string): () => void {
    this.bump(profileId, why);
    const held = this.entry(profileId).shut; // shared by the generations bump makes meanwhile
    held.push(why);
    let open = false;
    return () => {
      if (open) return;
      open = true;
      held.splice(held.lastIndexOf(why), 1);
    };
  }

  /** After a delete: the profile's entry goes (old tickets stay void: generations are never reused). */
  forget(profileId: string): void {
    this.profiles.delete(profileId);
  }

  isCurrent(ticket: Ticket): boolean {
    return !ticket.cancel.aborted && this.profiles.get(ticket.profileId)?.generation === ticket.generation;
  }

  /** Throws the `cancelled` error unless the ticket is still current. Call it inside the write's transaction. */
  assertCurrent(ticket: Ticket): void {
    if (!this.isCurrent(ticket)) throw abortReason(ticket.cancel);
  }

  /** What to throw when the network call under the ticket's signal failed: the cancel, if that caused it. */
  cancelledOr(ticket: Ticket, error: unknown): unknown {
    return ticket.cancel.aborted ? abortReason(ticket.cancel) : error;
  }

  private entry(profileId: string): Generation {
    let entry = this.profiles.get(profileId);
    if (!entry) {
      entry = { generation: ++this.counter, cancellation: new Cancellation(), shut: [] };
      this.profiles.set(profileId, entry);
    }
    return entry;
  }
}

/** Why a ticket's signal aborted: the AppError it was aborted with (cancelled, or a flow's timeout). */
export function abortReason(signal: Pick<CancelSignal, 'reason'>): AppError {
  const reason: unknown = signal.reason;
  return reason instanceof AppError ? reason : cancelledError();
}
