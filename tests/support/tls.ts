// A self-signed certificate for 127.0.0.1, made with the openssl CLI once per test process.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestCertificate {
  key: Buffer;
  cert: Buffer;
  certPath: string;
  keyPath: string;
}

/** Host names a local test server may answer for (e2e routes their connections to it). */
export const STAND_IN_HOSTS = ['smtp.office365.com', 'smtp.gmail.com', 'mail.example.test'];

let cached: TestCertificate | undefined;

export function selfSignedCertificate(): TestCertificate {
  if (cached) return cached;
  const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-tls-'));
  const { certPath, keyPath } = opensslCertificatePair(dir, '127.0.0.1', {
    days: 2,
    // The provider names let a local server stand in for them (smtpRoute), certificate checked.
    extra: [
      '-addext',
      `subjectAltName=IP:127.0.0.1,${['localhost', ...STAND_IN_HOSTS].map((h) => `DNS:${h}`).join(',')}`,
    ],
  });
  cached = { key: readFileSync(keyPath), cert: readFileSync(certPath), certPath, keyPath };
  return cached;
}

/**
 * An RSA key (key.pem, unencrypted PKCS#8) and a self-signed certificate (cert.pem) for `cn`,
 * made by the openssl CLI in `dir`, as an admin's own tooling would make them.
 */
export function opensslCertificatePair(
  dir: string,
  cn: string,
  options: { days?: number; extra?: string[] } = {},
): { certPath: string; keyPath: string } {
  const keyPath = path.join(dir, 'key.pem');
  const certPath = path.join(dir, 'cert.pem');
  const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath];
  args.push('-days', String(options.days ?? 30), '-subj', `/CN=${cn}`, ...(options.extra ?? []));
  execFileSync('openssl', args, { stdio: 'pipe' });
  return { certPath, keyPath };
}

/** An EC P-256 key and a self-signed certificate for it (keyName, certName in dir): a pair Entra ID cannot use. */
export function opensslEcPair(dir: string, keyName = 'ec-key.pem', certName = 'ec.pem'): void {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      keyName,
      '-out',
      certName,
      '-days',
      '3',
      '-subj',
      '/CN=ec',
    ],
    { cwd: dir, stdio: 'pipe' },
  );
}
