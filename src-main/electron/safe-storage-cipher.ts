// The vault's Cipher backed by Electron's safeStorage (async API: the sync one is deprecated).
// On Linux without a keyring safeStorage falls back to "basic_text", a hard-coded key that
// protects nothing; that backend is reported so the shell can refuse it or ask the admin.
import type { SafeStorage } from 'electron';
import type { Cipher } from '../vault/cipher';

export const WEAK_BACKENDS = ['basic_text', 'unknown'] as const;

export function storageBackend(safeStorage: SafeStorage, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'keychain';
  if (platform === 'win32') return 'dpapi';
  return safeStorage.getSelectedStorageBackend();
}

export function isWeakBackend(backend: string): boolean {
  return (WEAK_BACKENDS as readonly string[]).includes(backend);
}

export async function createSafeStorageCipher(safeStorage: SafeStorage, platform: NodeJS.Platform): Promise<Cipher> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) {
    throw new Error('Secret storage is not available on this system.');
  }
  const backend = storageBackend(safeStorage, platform);
  return {
    backend,
    encrypt: (plaintext) => safeStorage.encryptStringAsync(plaintext),
    async decrypt(ciphertext) {
      return (await safeStorage.decryptStringAsync(ciphertext)).result;
    },
  };
}
