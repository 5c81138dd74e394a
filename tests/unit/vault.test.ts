import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Redactor } from '../../src-main/logging/redactor';
import { createAesGcmCipher } from '../../src-main/vault/aes-gcm-cipher';
import type { Cipher } from '../../src-main/vault/cipher';
import { createServices } from '../../src-main/services';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The real vault over the real store, with one Standard profile 'p1' to hold secrets. */
async function vault(
  cipher: Cipher = createAesGcmCipher(randomBytes(32)),
  dir = mkdtempSync(path.join(tmpdir(), 'vault-')),
) {
  dirs.push(dir);
  const services = createServices({ dataDirectory: dir, cipher });
  const p1 =
    services.profiles.findByName('p1')?.profile.id ?? (await services.profiles.create('p1', 'standard')).profile.id;
  return { vault: services.vault, file: services.store.path, dir, p1 };
}

describe('AES-256-GCM test cipher', () => {
  it('round-trips and detects tampering', async () => {
    const cipher = createAesGcmCipher(randomBytes(32));
    const sealed = await cipher.encrypt('pässword');
    expect(await cipher.decrypt(sealed)).toBe('pässword');
    sealed[sealed.length - 1] = (sealed[sealed.length - 1] ?? 0) ^ 1;
    await expect(cipher.decrypt(sealed)).rejects.toThrow();
  });
  it('round-trips any text, and refuses any one flipped bit (IV, tag or body)', async () => {
    const cipher = createAesGcmCipher(randomBytes(32));
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 80 }), fc.nat(), fc.nat(7), async (text, at, bit) => {
        const sealed = await cipher.encrypt(text);
        expect(await cipher.decrypt(sealed)).toBe(text);
        sealed[at % sealed.length] = sealed[at % sealed.length]! ^ (1 << bit);
        await expect(cipher.decrypt(sealed)).rejects.toThrow();
      }),
      { numRuns: 300 },
    );
  });
  it('produces a different ciphertext each time', async () => {
    const cipher = createAesGcmCipher(randomBytes(32));
    expect((await cipher.encrypt('x')).equals(await cipher.encrypt('x'))).toBe(false);
  });
});

describe('SecretVault', () => {
  it('stores only ciphertext, and reports flags', async () => {
    const { vault: v, file, p1 } = await vault();
    await v.update(p1, { password: 'correct horse battery', clientSecret: 'cs-123456' });
    expect(readFileSync(file, 'utf8')).not.toContain('correct horse battery');
    expect(readFileSync(file, 'utf8')).not.toContain('cs-123456');
    expect(v.flags(p1)).toEqual({ password: true, clientSecret: true, accessToken: false, refreshToken: false });
    expect(await v.get(p1, 'password')).toBe('correct horse battery');
  });

  it('keeps, replaces and forgets secrets as asked', async () => {
    const { vault: v, p1 } = await vault();
    await v.update(p1, { password: 'one-1111' });
    await v.update(p1, { clientSecret: 'two-2222' });
    expect(await v.get(p1, 'password')).toBe('one-1111');
    await v.update(p1, { password: null });
    expect(await v.get(p1, 'password')).toBeUndefined();
    expect(await v.get(p1, 'clientSecret')).toBe('two-2222');
  });

  it('leaves the stored secrets untouched when encryption fails', async () => {
    const real = createAesGcmCipher(randomBytes(32));
    let fail = false;
    const flaky: Cipher = {
      backend: 'flaky',
      encrypt: async (s) => {
        if (fail) throw new Error('keyring locked');
        return real.encrypt(s);
      },
      decrypt: (b) => real.decrypt(b),
    };
    const { vault: v, file, p1 } = await vault(flaky);
    await v.update(p1, { password: 'first-pass' });
    const before = readFileSync(file, 'utf8');
    fail = true;
    await expect(v.update(p1, { password: 'second-pass', clientSecret: 'cs-9999' })).rejects.toMatchObject({
      code: 'vault_unavailable',
    });
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(await v.get(p1, 'password')).toBe('first-pass');
  });

  it('explains a secret that cannot be decrypted on this machine', async () => {
    const first = await vault();
    await first.vault.update(first.p1, { password: 'abcd1234' });
    const other = await vault(createAesGcmCipher(randomBytes(32)), first.dir);
    await expect(other.vault.get(other.p1, 'password')).rejects.toMatchObject({
      code: 'vault_unavailable',
      hint: /Enter it again/,
    });
  });
});

describe('Redactor', () => {
  it('blanks secrets in raw and base64 form, longest first', () => {
    const r = new Redactor();
    r.add('abcd');
    r.add('abcdefgh');
    r.add('ab'); // too short to redact safely
    const b64 = Buffer.from('abcdefgh').toString('base64');
    expect(r.redact(`x abcdefgh y abcd z ${b64} ab`)).toBe('x [redacted] y [redacted] z [redacted] ab');
  });
});
