// The app-only certificate: what the app generates is read by OpenSSL as a valid self-signed v3
// certificate with the thumbprint the app shows; a pair the admin brings is checked to belong
// together, be RSA and unexpired; each refusal says what is wrong.
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { derInteger, generateCertificate, readCertificateCredential, x5t } from '../../../src-main/oauth/certificate';
import { opensslCertificatePair, opensslEcPair } from '../../support/tls';

const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-cert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openssl(...args: string[]): string {
  return execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const pkcs8 = (base64: string) =>
  createPrivateKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'pkcs8' });
const pemOf = (base64: string) => pkcs8(base64).export({ type: 'pkcs8', format: 'pem' }).toString();

function file(name: string, text: string): string {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
}

describe('derInteger', () => {
  const value = (bytes: Uint8Array) => bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n);

  it('writes every non-negative number in the one DER form: minimal, never read as negative', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20 }), (bytes) => {
        const der = derInteger(Buffer.from(bytes));
        expect(der[0]).toBe(0x02);
        expect(der[1]).toBe(der.length - 2);
        const content = der.subarray(2);
        expect(content.length).toBeGreaterThan(0);
        expect(content[0]! & 0x80).toBe(0); // non-negative
        // No redundant leading zero: a 0x00 is there only to keep a set top bit positive.
        if (content.length > 1 && content[0] === 0) expect(content[1]! & 0x80).toBe(0x80);
        expect(value(content)).toBe(value(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('strips the leading zero a random serial can start with (OpenSSL: "illegal padding")', () => {
    expect(derInteger(Buffer.from([0x00, 0x3f, 0x01])).toString('hex')).toBe('02023f01');
    expect(derInteger(Buffer.from([0x80, 0x01])).toString('hex')).toBe('0203008001');
    expect(derInteger(Buffer.from([0x00, 0x00])).toString('hex')).toBe('020100');
    expect(derInteger(Buffer.from([])).toString('hex')).toBe('020100');
  });
});

describe('generateCertificate', () => {
  it('OpenSSL reads a self-signed v3 certificate whose signature verifies, with the thumbprint shown', async () => {
    const now = new Date('2026-12-02T12:00:00Z');
    const made = await generateCertificate('Mail Preferences - helpdesk', now);
    const cert = file('made.pem', made.certificatePem);
    const text = openssl('x509', '-in', cert, '-noout', '-text');
    expect(text).toContain('Version: 3 (0x2)');
    expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
    expect(text).toContain('Subject: CN = Mail Preferences - helpdesk');
    expect(text).toContain('Issuer: CN = Mail Preferences - helpdesk');
    expect(text).toContain('Public-Key: (2048 bit)');
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature/);
    expect(openssl('verify', '-CAfile', cert, cert)).toContain(': OK');
    const fingerprint = openssl('x509', '-in', cert, '-noout', '-fingerprint', '-sha1');
    expect(fingerprint.trim().split('=')[1]!.replaceAll(':', '')).toBe(made.thumbprint);
    expect(made.notAfter).toBe('2028-12-01T12:00:00.000Z');
    // The private key is the certificate's, in PKCS#8.
    expect(made.privateKey).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(new X509Certificate(made.certificatePem).checkPrivateKey(pkcs8(made.privateKey))).toBe(true);
    expect(openssl('x509', '-in', cert, '-noout', '-startdate')).toContain('Dec  2 11:50:00 2026 GMT');
  });

  it('any printable name makes a certificate that verifies against its own key', async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[\x20-\x7e]{1,64}$/), async (name) => {
        const made = await generateCertificate(name);
        const cert = new X509Certificate(made.certificatePem);
        expect(cert.verify(cert.publicKey)).toBe(true);
        expect(cert.subject).toBe(cert.issuer);
      }),
      { numRuns: 6 },
    );
    // RSA key generation: tens of milliseconds each, far more on a loaded 2-core runner.
  }, 30_000);

  it('refuses names that are empty, too long or carry control characters', async () => {
    for (const name of ['', 'x'.repeat(65), 'Relay\r\nBcc: x', 'tab\there', 'caf\u00e9']) {
      await expect(generateCertificate(name), JSON.stringify(name)).rejects.toThrow(/1 to 64 printable ASCII/);
    }
  });
});

describe('readCertificateCredential', () => {
  it("reads an OpenSSL-made pair (PKCS#8 or traditional RSA key) with OpenSSL's thumbprint", () => {
    opensslCertificatePair(dir, 'app-only');
    openssl('rsa', '-in', 'key.pem', '-traditional', '-out', 'k-rsa.pem');
    const cert = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
    const expected = openssl('x509', '-in', 'cert.pem', '-noout', '-fingerprint', '-sha1')
      .trim()
      .split('=')[1]!
      .replaceAll(':', '');
    for (const key of ['key.pem', 'k-rsa.pem']) {
      const read = readCertificateCredential(cert, readFileSync(path.join(dir, key), 'utf8'));
      expect(read.thumbprint).toBe(expected);
      expect(new X509Certificate(cert).checkPrivateKey(pkcs8(read.privateKey))).toBe(true);
    }
    expect(x5t(expected)).toBe(createHash('sha1').update(new X509Certificate(cert).raw).digest('base64url'));
  });

  it('refuses a key of another certificate, an EC key, garbage and an expired certificate, saying which', async () => {
    const a = await generateCertificate('a');
    const b = await generateCertificate('b');
    expect(() => readCertificateCredential(a.certificatePem, pemOf(b.privateKey))).toThrow(
      /does not belong to this certificate/,
    );
    opensslEcPair(dir, 'ec.pem', 'ec-c.pem');
    expect(() =>
      readCertificateCredential(
        readFileSync(path.join(dir, 'ec-c.pem'), 'utf8'),
        readFileSync(path.join(dir, 'ec.pem'), 'utf8'),
      ),
    ).toThrow(/not an RSA key/);
    expect(() => readCertificateCredential('hello', pemOf(a.privateKey))).toThrow(/not a PEM certificate/);
    expect(() => readCertificateCredential(a.certificatePem, 'hello')).toThrow(/not an unencrypted PEM private key/);
    const old = await generateCertificate('old', new Date('2020-01-01T00:00:00Z'), 30);
    expect(() => readCertificateCredential(old.certificatePem, pemOf(old.privateKey))).toThrow(/expired on 2020-01-31/);
    try {
      readCertificateCredential(old.certificatePem, pemOf(old.privateKey));
    } catch (error) {
      expect((error as { hint: string }).hint).toContain('.pfx/.p12 exported with its private key');
    }
  });
});
