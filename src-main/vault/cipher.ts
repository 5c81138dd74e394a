// The seam between the vault and whatever really encrypts: Electron's safeStorage in the app,
// AES-256-GCM with a test key under Node. Async because Electron's safeStorage API is.

export interface Cipher {
  /** Human-readable backend name, shown in the app ("gnome_libsecret", "keychain", ...). */
  readonly backend: string;
  encrypt(plaintext: string): Promise<Buffer>;
  decrypt(ciphertext: Buffer): Promise<string>;
}
