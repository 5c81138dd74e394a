// Open imports between "choose file" and "apply". A session may hold a decrypted document with
// secrets in it, so it lives only until apply, cancel or a timeout, never for the app's lifetime.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../src-shared/errors';

export const IMPORT_SESSION_TTL_MS = 10 * 60_000;

export class ImportSessions<T> {
  private readonly open = new Map<string, { value: T; expiresAt: number; timer: NodeJS.Timeout }>();

  constructor(
    private readonly now: () => Date,
    private readonly ttlMs = IMPORT_SESSION_TTL_MS,
  ) {}

  add(value: T): string {
    this.sweep();
    const id = randomUUID();
    // The timer frees memory even if nobody asks again; the clock check makes expiry exact.
    const timer = setTimeout(() => this.delete(id), this.ttlMs);
    timer.unref();
    this.open.set(id, { value, expiresAt: this.now().getTime() + this.ttlMs, timer });
    return id;
  }

  /** The session's value, or an AppError that tells the admin to start over. */
  get(id: string): T {
    this.sweep();
    const entry = this.open.get(id);
    if (!entry) {
      throw new AppError({
        code: 'not_found',
        message: `This import was cancelled or expired (an import stays open for ${Math.round(this.ttlMs / 60_000)} minutes).`,
        hint: 'Choose the file again. Nothing was changed.',
      });
    }
    return entry.value;
  }

  /** Forgets a session; true if it was open. */
  delete(id: string): boolean {
    const entry = this.open.get(id);
    if (!entry) return false;
    clearTimeout(entry.timer);
    return this.open.delete(id);
  }

  get size(): number {
    this.sweep();
    return this.open.size;
  }

  private sweep(): void {
    const now = this.now().getTime();
    for (const [id, entry] of this.open) if (entry.expiresAt <= now) this.delete(id);
  }
}
