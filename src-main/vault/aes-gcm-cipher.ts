// A real AES-256-GCM Cipher for tests and tools that run without Electron. Not used by the app:
// there the key would have to live somewhere, which is exactly what safeStorage solves.
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes } from 'node:crypto';
import type { Cipher } from './cipher';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function createAesGcmCipher(key: Buffer): Cipher {
  if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
  // A KeyObject, made once: each cipher then starts from the prepared key (about 5 µs) instead of
  // importing the raw bytes again (about 20 µs), twice or more per token refresh.
  const secretKey = createSecretKey(key);
  return {
    backend: 'aes-256-gcm (test key)',
    async encrypt(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', secretKey, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    async decrypt(ciphertext) {
      if (ciphertext.length < IV_BYTES + TAG_BYTES) throw new Error('ciphertext too short');
      const decipher = createDecipheriv('aes-256-gcm', secretKey, ciphertext.subarray(0, IV_BYTES));
      decipher.setAuthTag(ciphertext.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const plaintext = decipher.update(ciphertext.subarray(IV_BYTES + TAG_BYTES));
      // final() authenticates: it throws on a wrong tag, and GCM has nothing left to return, so
      // update's output is the whole text. Decoding that one Buffer cost less, cold, than
      // concatenating it with final's empty one or decoding as it is deciphered.
      decipher.final();
      return plaintext.toString('utf8');
    },
  };
}
