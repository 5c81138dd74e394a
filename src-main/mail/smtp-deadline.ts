// How long one SMTP conversation (a test send, a login check) may take in all. nodemailer's
// timeouts measure silence only: a server that trickles a line now and then ("220-" greetings,
// slow continuation replies) would otherwise keep a send running for ever, and a login check
// with it the authorization it belongs to, so every later Authorize was refused as busy.
import { AppError } from '../../src-shared/errors';
import type { ServerSettings } from '../../src-shared/profile';
import type { CancelSignal } from '../profiles/operation-guard';
import { SESSION_DEADLINE_MS } from '../incoming/session-deadline';

export const SMTP_DEADLINE_MS = SESSION_DEADLINE_MS;

/**
 * The deadlines are checked by one shared ticker, not a timer per send: a timer made and cleared
 * on every send cost about 1.5% of a local test send (cold code between two TLS handshakes,
 * docs/performance.md). A deadline fires at most one tick late; the ticker stops once no
 * conversation is running.
 */
const TICK_MS = 250;
const running = new Set<DeadlineSignal>();
let ticker: NodeJS.Timeout | undefined;

function tick(): void {
  const now = performance.now();
  for (const deadline of running) deadline.check(now);
  if (running.size === 0) {
    clearInterval(ticker);
    ticker = undefined;
  }
}

/**
 * A CancelSignal (nodemailer's per-send `signal`) that aborts with its parent (cancel, sign-out,
 * delete), or with an smtp_timeout AppError once `ms` have passed. dispose() when the send ends.
 * Listeners are handed on to the parent rather than relayed from it: on a send's path that is no
 * more work than giving nodemailer the parent itself.
 */
export class DeadlineSignal implements CancelSignal {
  private passed: AppError | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly expiresAt: number;

  constructor(
    private readonly parent: CancelSignal | undefined,
    private readonly server: Pick<ServerSettings, 'host' | 'port'>,
    private readonly ms: number = SMTP_DEADLINE_MS,
  ) {
    this.expiresAt = performance.now() + ms;
    running.add(this);
    if (!ticker) {
      ticker = setInterval(tick, TICK_MS);
      ticker.unref(); // a send still running does not keep a CLI process alive by this alone
    }
  }

  get aborted(): boolean {
    return this.passed !== undefined || this.parent?.aborted === true;
  }

  get reason(): unknown {
    return this.passed ?? this.parent?.reason;
  }

  /** The deadline passed (before any abort of the parent): `reason` is its smtp_timeout error. */
  get expired(): boolean {
    return this.passed !== undefined;
  }

  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void {
    if (this.aborted) return;
    this.listeners.add(listener);
    this.parent?.addEventListener(type, listener, options);
  }

  removeEventListener(type: 'abort', listener: () => void): void {
    this.listeners.delete(listener);
    this.parent?.removeEventListener(type, listener);
  }

  /** The ticker's call: aborts with the deadline's error once it has passed. */
  check(now: number): void {
    if (now < this.expiresAt) return;
    running.delete(this);
    if (this.aborted) return;
    this.passed = deadlineError(this.server, this.ms);
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) {
      this.parent?.removeEventListener('abort', listener);
      listener();
    }
  }

  dispose(): void {
    running.delete(this);
    for (const listener of this.listeners) this.parent?.removeEventListener('abort', listener);
    this.listeners.clear();
  }
}

function deadlineError(server: Pick<ServerSettings, 'host' | 'port'>, ms: number): AppError {
  const seconds = Math.max(1, Math.round(ms / 1000));
  return new AppError({
    code: 'smtp_timeout',
    message: `The server at ${server.host}:${server.port} kept the conversation going for over ${seconds === 1 ? 'a second' : `${seconds} seconds`} without finishing it.`,
    hint: 'The server is answering very slowly or is not a working SMTP server. Check the host and port, or try again later.',
  });
}
