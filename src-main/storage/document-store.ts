// One JSON document on disk, read and replaced whole. Whole-document writes keep multi-field
// changes atomic: conf/electron-store write a temp file and rename it over the old one, so a
// crash mid-save leaves either the old document or the new one, never half of each.
import Conf from 'conf';

export interface DocumentStore<T> {
  read(): T;
  write(next: T): void;
  /** Absolute path of the backing file (for diagnostics and secret-scanning tests). */
  readonly path: string;
}

/** The slice of conf's API we rely on; electron-store (a Conf subclass) satisfies it too. */
export interface ConfLike {
  store: Record<string, unknown>;
  readonly path: string;
}

export function documentStoreFrom<T extends object>(conf: ConfLike, initial: () => T): DocumentStore<T> {
  return {
    path: conf.path,
    read() {
      const value = conf.store;
      return Object.keys(value).length === 0 ? initial() : (structuredClone(value) as T);
    },
    write(next) {
      conf.store = next as Record<string, unknown>;
    },
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
