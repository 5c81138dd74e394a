// The one persistence seam. Every change of settings, status, authorization metadata and secrets
// is a transaction: `store.transact((tx) => ...)`. A transaction is synchronous: slow work
// (encrypting, the network) happens before it, and it cannot await. So transactions cannot
// interleave at all (JavaScript runs one to its end before anything else), each runs against the
// state the previous one committed, and a read-modify-write inside one cannot lose another
// call's change. Work that returns a promise is refused: everything after its first await would
// run outside the transaction. A transaction's changes are written as one document
// (atomic temp-file + fsync + rename) and become visible only after that write succeeded; a
// transaction that throws, or whose write fails, changes nothing. The exception is what
// durability.ts calls deferred (a status, a new access token): visible at once, written within a
// bounded delay (or with the next durable write, or at close) in the same atomic way, so a crash
// before then leaves the previous good document.
import { AppError } from '../../src-shared/errors';
import type { Profile } from '../../src-shared/profile';
import { STORE_VERSION, type ProfilesDocument, type StoredProfile } from '../profiles/profile-document';
import type { DocumentStore } from './document-store';
import { durabilityOf } from './durability';
import { isPlainObject, setOwnKey } from '../json/plain-object';
import { LayeredMap } from './layered-map';

/** Committed state: ids in display order and records by id (a Map: no id can reach a prototype). */
export interface StoreState {
  readonly order: readonly string[];
  readonly profiles: ReadonlyMap<string, StoredProfile>;
}

export interface Transaction {
  get(id: string): StoredProfile | undefined;
  /** The record, or a not_found AppError (the profile was deleted meanwhile). */
  require(id: string): StoredProfile;
  /** All records, in display order. */
  all(): StoredProfile[];
  /** Inserts or replaces a record; a new one goes after `after` (or at the end). Bumps its revision. */
  put(record: Omit<StoredProfile, 'revision'>, options?: { after?: string }): StoredProfile;
  remove(id: string): void;
}

export class ProfileStore {
  private state: StoreState;
  /** A transaction's work is running: a transact() from inside it would see a state about to change. */
  private running = false;
  /** The running work tried a transact() of its own: the whole transaction fails. */
  private nested = false;
  /** What a deferred write writes: the state committed by the time it runs. */
  private readonly renderCurrent = () => toDocument(this.state);
  /** Each profile's recent settings versions: the base of a save made from an older form. */
  private readonly history = new Map<string, SettingsHistory>();

  constructor(
    private readonly file: DocumentStore<ProfilesDocument>,
    initial: StoreState,
    /** A deferred write failed (it stays owed to the next write); the app logs it. */
    private readonly onDeferredError: (error: unknown) => void = () => undefined,
  ) {
    this.state = initial;
  }

  /** Writes a deferred change still waiting, durably: at quit, and before anything reads the file. */
  flush(): void {
    this.file.flush();
  }

  /** Resolves once no deferred write is waiting or running. */
  settled(): Promise<void> {
    return this.file.settled();
  }

  /** The committed state; records are frozen, so a reader cannot change them behind the store's back. */
  get current(): StoreState {
    return this.state;
  }

  /**
   * A profile's settings as they were at `revision` (this run only; the current settings and
   * the HISTORY_DEPTH versions before them). Writes that leave the settings as they were (a status, a
   * token) do not use up the history: a form opened before a night of hourly refreshes still
   * finds its base.
   */
  settingsAt(id: string, revision: number): Profile | undefined {
    const current = this.state.profiles.get(id);
    if (!current || revision > current.revision) return undefined;
    const history = this.history.get(id);
    if (revision >= (history?.since ?? current.revision)) return current.profile;
    return history?.earlier.find((v) => v.from <= revision && revision <= v.until)?.profile;
  }

  get path(): string {
    return this.file.path;
  }

  /**
   * Runs `work` now, against the committed state, and commits what it changed; resolves to its
   * result. A promise is the caller's convenience (callers await it like any service call):
   * the transaction itself has ended, committed or not, when this returns.
   *
   * Called from inside a transaction's work, it throws at once instead: that is a bug (the inner
   * one would commit over a state the outer one is about to replace). The outer transaction
   * fails too, even if its work catches the throw, so nothing of either is written.
   */
  transact<T>(work: (tx: Transaction) => NotAwaitable<T>): Promise<T> {
    if (this.running) {
      this.nested = true;
      throw new Error(NESTED);
    }
    try {
      return Promise.resolve(this.runNow(work) as T);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Keeps the settings the transaction replaced (`changed`: the ids it put or removed, repeats allowed). */
  private remember(before: StoreState, after: StoreState, changed: readonly string[]): void {
    for (const id of new Set(changed)) {
      const record = before.profiles.get(id);
      const next = after.profiles.get(id);
      if (!record || next === record) continue;
      if (!next) {
        this.history.delete(id);
        continue;
      }
      // First seen in this run: its settings are known from this revision on.
      const history = this.history.get(id) ?? { since: record.revision, earlier: [] };
      // The same object: the store shares settings a write did not change (a status, a token).
      if (next.profile !== record.profile) {
        history.earlier.push({ from: history.since, until: record.revision, profile: record.profile });
        if (history.earlier.length > HISTORY_DEPTH) history.earlier.shift();
        history.since = next.revision;
      }
      this.history.set(id, history);
    }
  }

  private runNow<T>(work: (tx: Transaction) => T): T {
    const tx = new PendingTransaction(this.state);
    let result: T;
    this.running = true;
    this.nested = false;
    try {
      result = work(tx);
    } finally {
      this.running = false;
      tx.close(); // what the work still holds (a callback, a later turn) cannot change anything
    }
    if (this.nested) throw new Error(NESTED);
    if (isThenable(result)) {
      // Its changes so far are dropped; what runs after its await finds the transaction closed.
      void Promise.resolve(result).catch(() => undefined);
      throw new Error(
        'A store transaction cannot await: do the slow work before store.transact, then pass its result in',
      );
    }
    if (tx.changed) {
      const next = tx.result();
      if (durabilityOf(this.state, next, tx.touched) === 'durable') this.file.write(toDocument(next));
      else this.file.writeLater(this.renderCurrent, this.onDeferredError);
      this.remember(this.state, next, tx.touched);
      this.state = next;
    }
    return result;
  }
}

const NESTED = 'store.transact was called inside a transaction; pass the tx instead';

function isThenable(value: unknown): boolean {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** The work of a transaction returns a value, never a promise (the compiler refuses async work). */
export type NotAwaitable<T> = T extends PromiseLike<unknown> ? never : T;

const HISTORY_DEPTH = 32;

/** One profile's settings over this run's revisions: current since `since`, earlier ones by range. */
interface SettingsHistory {
  since: number;
  earlier: { from: number; until: number; profile: Profile }[];
}

class PendingTransaction implements Transaction {
  /** What this transaction put (a record) or removed (undefined), over the base's index. */
  private readonly changes = new Map<string, StoredProfile | undefined>();
  /** This transaction's own copy of the order, once a profile is added or removed. */
  private ownOrder: string[] | undefined;
  private closed = false;
  /** The ids put or removed (repeats allowed): all that durability and history need to look at. */
  readonly touched: string[] = [];

  constructor(private readonly base: StoreState) {}

  get changed(): boolean {
    return this.touched.length > 0;
  }

  private get order(): readonly string[] {
    return this.ownOrder ?? this.base.order;
  }

  get(id: string): StoredProfile | undefined {
    return this.changes.has(id) ? this.changes.get(id) : this.base.profiles.get(id);
  }

  require(id: string): StoredProfile {
    const record = this.get(id);
    if (!record) throw notFound();
    return record;
  }

  all(): StoredProfile[] {
    return this.order.flatMap((id) => {
      const record = this.get(id);
      return record ? [record] : [];
    });
  }

  put(record: Omit<StoredProfile, 'revision'>, options: { after?: string } = {}): StoredProfile {
    this.assertOpen();
    const id = record.profile.id;
    const revision = (this.base.profiles.get(id)?.revision ?? 0) + 1;
    const stored = ownRecord(record, revision);
    if (!this.get(id)) {
      // Copied once per transaction: an import of many new profiles does not copy it per profile.
      const order = (this.ownOrder ??= [...this.order]);
      const at = options.after === undefined ? -1 : order.indexOf(options.after);
      if (at === -1) order.push(id);
      else order.splice(at + 1, 0, id);
    }
    this.changes.set(id, stored);
    this.touched.push(id);
    return stored;
  }

  remove(id: string): void {
    this.assertOpen();
    if (!this.get(id)) return;
    this.changes.set(id, undefined);
    this.ownOrder = this.order.filter((other) => other !== id);
    this.touched.push(id);
  }

  close(): void {
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('This store transaction has ended; its changes can no longer be made');
  }

  result(): StoreState {
    // An unchanged order is the base's frozen array itself, which durability.ts settles by identity;
    // a changed one is this closed transaction's own copy, frozen as it is.
    // The index is never copied whole: the new one shares the base's (layered-map.ts).
    const profiles = LayeredMap.of(this.base.profiles).with(this.changes);
    return { order: this.ownOrder ? Object.freeze(this.ownOrder) : this.base.order, profiles };
  }
}

export function toDocument(state: StoreState): ProfilesDocument {
  const profiles: Record<string, StoredProfile> = Object.create(null);
  for (const id of state.order) {
    const record = state.profiles.get(id);
    if (record) profiles[id] = record;
  }
  return { version: STORE_VERSION, order: [...state.order], profiles };
}

/**
 * Values the store has copied and deep-frozen itself. A new version of a record shares them with
 * the previous one instead of copying them again: a token refresh or a status changes two small
 * fields, and the profile's settings (the bulk) stay the same object, which also lets
 * durability.ts see "unchanged" by identity. Anything else a caller hands in is copied, so no
 * reference the caller keeps can reach the store.
 */
const owned = new WeakSet<object>();

/**
 * A frozen copy the store owns, sharing every part it owns already. Records are JSON (the store's
 * schema), so arrays and plain objects are copied element by element: structuredClone cost about
 * 20 µs a call on a refresh's path. Any other object (none is expected) still goes through
 * structuredClone.
 */
function own<T>(value: T): T {
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
    // Not JSON: a function is an object its caller still holds. The transaction fails, nothing changes.
    throw new TypeError(`A stored record cannot hold a ${typeof value}.`);
  }
  if (value === null || typeof value !== 'object' || owned.has(value)) return value;
  let copy: object;
  if (Array.isArray(value)) {
    const items: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) items[i] = own(value[i] as unknown);
    copy = items;
  } else if (isPlainObject(value)) {
    copy = ownFields(value as Record<string, unknown>, {});
  } else {
    copy = deepFreeze(structuredClone(value) as object);
  }
  owned.add(Object.freeze(copy));
  return copy as T;
}

/** Copies each field into `into`; strings, numbers and null (most fields) need no call to own(). */
function ownFields(value: Record<string, unknown>, into: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(value)) {
    const field = value[key];
    setOwnKey(into, key, typeof field === 'string' || typeof field === 'number' || field === null ? field : own(field));
  }
  return into;
}

/** The record with its new revision, copied once (the caller's object is never kept). */
function ownRecord(record: Omit<StoredProfile, 'revision'>, revision: number): StoredProfile {
  const copy = ownFields(record as unknown as Record<string, unknown>, {});
  copy['revision'] = revision;
  return Object.freeze(copy) as unknown as StoredProfile;
}

/**
 * Makes records read from disk (freshly parsed: nobody else holds them) the store's own, as if it
 * had copied them: frozen, and shared by the next version instead of copied again. Without it the
 * first status or token write after a start copied the settings and counted them as changed.
 */
export function adopt<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !owned.has(value)) {
    for (const child of Object.values(value)) adopt(child);
    owned.add(Object.freeze(value));
  }
  return value;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export function notFound(): AppError {
  return new AppError({
    code: 'not_found',
    message: 'That profile no longer exists.',
    hint: 'It may have been deleted meanwhile. Pick a profile from the list.',
  });
}
