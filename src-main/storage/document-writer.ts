// How a committed document reaches the disk, in two durability classes. Both replace the file
// whole: a temp file beside it, fsync'd, renamed over it, so a kill -9 or a power cut at any
// instant leaves the previous document or the new one, never a torn one.
//  - durable: on disk before write() returns (and the directory entry synced). For anything whose
//    loss cannot be recovered: settings, secrets, a rotated refresh token (losing it kills the grant).
//  - deferred: written within DEFER_MS, off the event loop (group commit: changes in that window
//    share one write); a crash before then leaves the previous good document. For what the app can
//    lose and get back (a status, an access token it can refresh again). Any durable write writes
//    the whole current document, deferred changes included, and flush() writes them at quit.
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';
import { renameOver, tempPath, writeDurably } from '../fs/atomic-file';

export type Durability = 'durable' | 'deferred';

/** The longest a deferred change waits for its write. */
export const DEFER_MS = 200;

export class DocumentWriter {
  /** Bumped by every write that starts: a deferred write overtaken by a newer one is dropped. */
  private generation = 0;
  /** Renders the newest committed document while a deferred change is not yet on disk. */
  private latest: (() => string) | null = null;
  /** A deferred change waits for its write (the timer is set, or the write failed). */
  private pending = false;
  private timer: NodeJS.Timeout | null = null;
  private inflight: Promise<void> | null = null;
  private onDeferredError: (error: unknown) => void = () => undefined;

  constructor(
    readonly path: string,
    private readonly delayMs = DEFER_MS,
  ) {}

  /** Durable: fsync'd and renamed into place before it returns; includes any deferred change. */
  write(text: string): void {
    try {
      writeDurably(this.path, text);
    } catch (error) {
      throw notWritten(this.path, error);
    }
    // Only once it is written: a write that failed (disk full) leaves a deferred change waiting
    // still owed, to its timer, the next write or the flush at quit, and a deferred write under
    // way still counts.
    this.pending = false;
    this.latest = null;
    this.clearTimer();
    this.generation++;
  }

  /** Deferred: `render` runs when the write happens, so a burst of changes costs one write. */
  writeLater(render: () => string, onError?: (error: unknown) => void): void {
    this.latest = render;
    this.pending = true;
    if (onError) this.onDeferredError = onError;
    if (this.timer) return;
    this.timer = setTimeout(() => void this.writePending(), this.delayMs);
    // A waiting write never keeps a process alive: quitting calls flush().
    this.timer.unref();
  }

  /** Writes what is not on disk yet now, durably (quit, close); a deferred write under way is dropped. */
  flush(): void {
    if (this.latest && (this.pending || this.inflight)) this.write(this.latest());
  }

  /** A deferred change is not on disk yet. */
  get hasPending(): boolean {
    return this.pending || this.inflight !== null;
  }

  /** Resolves when no deferred write is waiting or running. */
  async settled(): Promise<void> {
    while (this.inflight || this.timer) {
      if (this.timer) {
        this.clearTimer();
        void this.writePending();
      }
      await this.inflight;
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async writePending(): Promise<void> {
    this.timer = null;
    while (this.inflight) await this.inflight;
    const render = this.latest;
    if (!this.pending || !render) return;
    this.pending = false;
    const generation = ++this.generation;
    const text = render();
    const temp = tempPath(this.path);
    this.inflight = (async () => {
      try {
        const handle = await open(temp, 'wx', 0o600);
        try {
          await handle.writeFile(text, 'utf8');
          await handle.sync();
        } finally {
          await handle.close();
        }
        // No await between this check and the rename: a durable write (synchronous) cannot land
        // in between, and one that started while this one was writing holds newer state.
        if (generation !== this.generation) return void (await rm(temp, { force: true }));
        renameOver(temp, this.path);
        if (!this.pending) this.latest = null;
      } catch (error) {
        await rm(temp, { force: true }).catch(() => undefined);
        if (generation !== this.generation) return; // overtaken: the newer write is what counts
        // Still owed to the disk: the next write or flush() writes it (and says why if it fails).
        this.pending = true;
        this.onDeferredError(error);
      }
    })().finally(() => (this.inflight = null));
    await this.inflight;
  }
}

/**
 * A durable write the disk refused, said as what it is: nothing was saved, and what to do. The
 * generic "something went wrong, see the log" pointed at a log on the same full or read-only disk.
 */
function notWritten(file: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return error;
  const where = path.dirname(file);
  const hint =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? `Free some disk space (or raise the quota) for ${where}, then try again.`
      : code === 'EROFS' || code === 'EACCES' || code === 'EPERM'
        ? `Make ${where} writable for your user account, then try again.`
        : `Check the disk that holds ${where}, then try again.`;
  return new AppError(
    {
      code: 'internal',
      message: `Nothing was saved: the settings file in ${where} could not be written (${code}).`,
      hint,
    },
    { cause: error },
  );
}
