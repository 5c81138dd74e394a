// A .pfx/.p12 as Windows, .NET and OpenSSL export it (made here by the openssl binary in each of
// the encodings seen in the field) opens to the pair inside, with OpenSSL's own thumbprint; a
// missing or wrong password, a file without a key, an EC key, a file asking for millions of
// key-derivation rounds and damaged bytes are each refused, saying what is wrong.
import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { importCertificateFiles } from '../../../src-main/oauth/certificate-file';
import { looksLikePkcs12, openPkcs12, type Pkcs12Opened } from '../../../src-main/oauth/certificate-pfx';
import { opensslCertificatePair, opensslEcPair } from '../../support/tls';

const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-pfx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const now = new Date();

function openssl(...args: string[]): string {
  return execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
const bytes = (name: string) => readFileSync(path.join(dir, name));
/** `openssl pkcs12 -export` of cert.pem + key.pem with these options, read back. */
function pfx(name: string, ...options: string[]): Buffer {
  openssl('pkcs12', '-export', '-in', 'cert.pem', '-inkey', 'key.pem', '-out', name, ...options);
  return bytes(name);
}
/** A self-signed CA, `<name>.pem` and `<name>-key.pem` (made once: the files stay for the next caller). */
function certificateAuthority(name: string): void {
  if (existsSync(path.join(dir, `${name}.pem`))) return;
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${name}-key.pem`,
    '-out',
    `${name}.pem`,
    '-subj',
    `/CN=${name}`,
  );
}
function pair(opened: Pkcs12Opened) {
  if (opened.kind !== 'pair') throw new Error(`expected the pair, got ${opened.kind}`);
  return opened.credential;
}

let thumbprint: string;
beforeAll(() => {
  opensslCertificatePair(dir, 'pfx-import');
  const fingerprint = openssl('x509', '-in', 'cert.pem', '-noout', '-fingerprint', '-sha1');
  thumbprint = fingerprint.trim().split('=')[1]!.replaceAll(':', '');
});

describe('openPkcs12', () => {
  it.each([
    ['OpenSSL 3 default (AES-256, PBKDF2-SHA256, SHA-256 MAC)', []],
    ['Windows "TripleDES-SHA1"', ['-certpbe', 'PBE-SHA1-3DES', '-keypbe', 'PBE-SHA1-3DES', '-macalg', 'sha1']],
    ['legacy (RC2-40 certificates, 3DES key: OpenSSL 1.x, older Windows)', ['-legacy']],
  ])('%s: the password is asked for, then the pair opens with the thumbprint OpenSSL shows', async (_, options) => {
    const file = pfx(`p-${options.length}.pfx`, '-passout', 'pass:Export-Pa55', ...options);
    expect(looksLikePkcs12(file)).toBe(true);
    expect(await openPkcs12(file, 'p.pfx', undefined, now)).toEqual({ kind: 'password' });
    const read = pair(await openPkcs12(file, 'p.pfx', 'Export-Pa55', now));
    expect(read.thumbprint).toBe(thumbprint);
    const key = createPrivateKey({ key: Buffer.from(read.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
    expect(new X509Certificate(bytes('cert.pem')).checkPrivateKey(key)).toBe(true);
    await expect(openPkcs12(file, 'p.pfx', 'wrong', now)).rejects.toThrow('That password does not open p.pfx.');
  });

  it('a password-protected file without a MAC (openssl -nomac) asks for its password, then opens', async () => {
    const file = pfx('nomac.pfx', '-passout', 'pass:Export-Pa55', '-nomac');
    expect(await openPkcs12(file, 'nomac.pfx', undefined, now)).toEqual({ kind: 'password' });
    expect(pair(await openPkcs12(file, 'nomac.pfx', 'Export-Pa55', now)).thumbprint).toBe(thumbprint);
  });

  it('no password (exported with an empty one) opens without asking', async () => {
    expect(pair(await openPkcs12(pfx('empty.pfx', '-passout', 'pass:'), 'empty.pfx', undefined, now)).thumbprint).toBe(
      thumbprint,
    );
  });

  it('with its chain in the file, the certificate the key belongs to is taken', async () => {
    certificateAuthority('ca');
    const file = pfx('chain.pfx', '-certfile', 'ca.pem', '-passout', 'pass:x1');
    expect(
      openssl('pkcs12', '-in', 'chain.pfx', '-passin', 'pass:x1', '-nokeys').match(/BEGIN CERTIFICATE/g),
    ).toHaveLength(2);
    expect(pair(await openPkcs12(file, 'chain.pfx', 'x1', now)).thumbprint).toBe(thumbprint);
  });

  it('refuses a file without a key, an EC key and one asking for too many rounds, saying which', async () => {
    openssl('pkcs12', '-export', '-in', 'cert.pem', '-nokeys', '-out', 'nokey.pfx', '-passout', 'pass:x1');
    await expect(openPkcs12(bytes('nokey.pfx'), 'nokey.pfx', 'x1', now)).rejects.toThrow(/holds no private key/);

    opensslEcPair(dir, 'ec-key.pem', 'ec.pem');
    openssl('pkcs12', '-export', '-in', 'ec.pem', '-inkey', 'ec-key.pem', '-out', 'ec.pfx', '-passout', 'pass:x1');
    await expect(openPkcs12(bytes('ec.pfx'), 'ec.pfx', 'x1', now)).rejects.toThrow(/not an RSA key/);

    const slow = pfx('slow.pfx', '-passout', 'pass:x1', '-iter', '200000');
    await expect(openPkcs12(slow, 'slow.pfx', 'x1', now)).rejects.toThrow(
      /slow\.pfx asks for 200,000 key-derivation rounds; this app opens files with at most 50,000/,
    );
  });

  it('damaged bytes never give anything but a pair or a clear refusal', async () => {
    const good = pfx('fuzz.pfx', '-passout', 'pass:x1');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.nat(good.length - 1), byte: fc.integer({ min: 0, max: 255 }) }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.nat(good.length),
        async (flips, cut) => {
          const damaged = Buffer.from(good.subarray(0, Math.max(cut, 1)));
          for (const { at, byte } of flips) if (at < damaged.length) damaged[at] = byte;
          try {
            const opened = await openPkcs12(damaged, 'fuzz.pfx', 'x1', now);
            // A flip the MAC and ciphers do not cover (outside them) may still open to the same pair.
            expect(pair(opened).thumbprint).toBe(thumbprint);
          } catch (error) {
            expect(error, String(error)).toBeInstanceOf(AppError);
            expect((error as AppError).code).toBe('invalid_input');
            expect((error as AppError).message).toMatch(/fuzz\.pfx|certificate|key/);
          }
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);

  it('PEM text is not taken for PKCS#12', () => {
    expect(looksLikePkcs12(bytes('cert.pem'))).toBe(false);
  });
});

describe('PEM files with a chain or several keys', () => {
  it('take the certificate and key that belong together, wherever they are in the files', async () => {
    certificateAuthority('pem-ca');
    const text = (name: string) => readFileSync(path.join(dir, name), 'utf8');
    const files = {
      'ca-first.pem': text('pem-ca.pem') + text('cert.pem') + text('key.pem'),
      'stray-key-first.pem': text('cert.pem') + text('pem-ca-key.pem') + text('key.pem'),
    };
    for (const [name, content] of Object.entries(files)) {
      writeFileSync(path.join(dir, name), content);
      const dialogs = { chooseOpenFile: async () => path.join(dir, name), chooseSaveFile: async () => null };
      const imported = await importCertificateFiles(dialogs, now);
      expect(imported?.kind === 'pair' && imported.credential.thumbprint, name).toBe(thumbprint);
    }
  });

  it('say so when no certificate in the files belongs to the key', async () => {
    certificateAuthority('pem-ca');
    openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'other-key.pem');
    const text = (name: string) => readFileSync(path.join(dir, name), 'utf8');
    writeFileSync(path.join(dir, 'unmatched.pem'), text('pem-ca.pem') + text('cert.pem') + text('other-key.pem'));
    const dialogs = { chooseOpenFile: async () => path.join(dir, 'unmatched.pem'), chooseSaveFile: async () => null };
    await expect(importCertificateFiles(dialogs, now)).rejects.toThrow(
      'None of the 2 certificates in the files belongs to the private key.',
    );
  });
});
