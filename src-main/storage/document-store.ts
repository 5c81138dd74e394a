// One JSON document on disk, read and replaced whole. Whole-document writes keep multi-field
// changes atomic: a temp file renamed over the old one, so a crash mid-save leaves either the old
// document or the new one, never half of each. conf/electron-store open and parse the file (and
// find where it lives); writes go through DocumentWriter (document-writer.ts): conf's own write
// reads the whole file again each time to keep its bookkeeping key, which this store never uses,
// and it has one durability class only. The app is the file's single writer (one instance per
// user: electron/single-instance.ts), so nothing is lost by not reading it back.
import Conf from 'conf';
import { DocumentWriter } from './document-writer';

export interface DocumentStore<T> {
  read(): T;
  /** Durable: on disk (fsync'd) before it returns. */
  write(next: T): void;
  /**
   * Deferred: on disk within a bounded delay; `render` gives the newest document when it is
   * written. A failed deferred write is reported to `onError` and stays owed to the next write.
   */
  writeLater(render: () => T, onError?: (error: unknown) => void): void;
  /** Writes a deferred document still waiting, durably (at quit). */
  flush(): void;
  /** Resolves when no deferred write is waiting or running. */
  settled(): Promise<void>;
  /** Absolute path of the backing file (for diagnostics and secret-scanning tests). */
  readonly path: string;
}

/** The slice of conf's API we rely on; electron-store (a Conf subclass) satisfies it too. */
export interface ConfLike {
  store: Record<string, unknown>;
  readonly path: string;
}

export function documentStoreFrom<T extends object>(conf: ConfLike, initial: () => T): DocumentStore<T> {
  const writer = new DocumentWriter(conf.path);
  // conf's format (tab-indented JSON), so a file written here reads back through conf unchanged.
  const serialize = (value: T) => JSON.stringify(value, undefined, '\t');
  return {
    path: conf.path,
    read() {
      const value = conf.store;
      return Object.keys(value).length === 0 ? initial() : (structuredClone(value) as T);
    },
    write: (next) => writer.write(serialize(next)),
    writeLater: (render, onError) => writer.writeLater(() => serialize(render()), onError),
    flush: () => writer.flush(),
    settled: () => writer.settled(),
  };
}

export type StoreFactory = <T extends object>(name: string, initial: () => T) => DocumentStore<T>;

/** Plain-Node store factory: conf with an explicit directory and owner-only file mode. */
export function confStoreFactory(directory: string): StoreFactory {
  return (name, initial) =>
    documentStoreFrom(
      new Conf({
        cwd: directory,
        configName: name,
        configFileMode: 0o600,
        clearInvalidConfig: false,
        accessPropertiesByDotNotation: false,
        watch: false,
      }),
      initial,
    );
}
