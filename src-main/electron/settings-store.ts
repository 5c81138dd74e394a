// The app's StoreFactory: electron-store documents in the userData directory (atomic writes,
// owner-only file mode). Services see only the DocumentStore interface.
import ElectronStore from 'electron-store';
import { documentStoreFrom, type StoreFactory } from '../storage/document-store';

export function electronStoreFactory(directory: string): StoreFactory {
  return (name, initial) =>
    documentStoreFrom(
      new ElectronStore({
        cwd: directory,
        name,
        configFileMode: 0o600,
        clearInvalidConfig: false,
        accessPropertiesByDotNotation: false,
      }),
      initial,
    );
}
