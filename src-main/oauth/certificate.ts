// The certificate an Office 365 app-only profile can authenticate with instead of a client secret
// (Entra ID: Certificates & secrets › Certificates › Upload). The app generates the key pair and a
// self-signed certificate here, or reads a PEM pair the admin brings; the private key then lives
// only in the vault, and the certificate (public) is what the admin uploads. Node has X.509
// parsing (X509Certificate) but no way to issue one, so the few DER structures a self-signed
// RSA certificate needs are written out below (RFC 5280 §4.1).
import { createHash, createPrivateKey, generateKeyPair, randomBytes, sign, X509Certificate } from 'node:crypto';
import { promisify } from 'node:util';
import type * as OAuth from 'oauth4webapi';
import { AppError } from '../../src-shared/errors';
import type { OAuthLib } from './oauth-lib';

export interface CertificateCredential {
  /** PEM, public: the file the admin uploads to the app registration. */
  certificatePem: string;
  /** SHA-1 of the certificate's DER, upper-case hex, as Entra ID shows it as the thumbprint. */
  thumbprint: string;
  /** ISO time the certificate stops working (Entra refuses assertions signed after it). */
  notAfter: string;
}

export interface GeneratedCertificate extends CertificateCredential {
  /** PKCS#8 DER in base64, one line (as a service account key is kept): for the vault only. */
  privateKey: string;
}

export const CERTIFICATE_VALID_DAYS = 730;

const generateRsaKeyPair = promisify(generateKeyPair);

/**
 * An RSA-2048 key pair and a self-signed SHA-256 certificate for it, subject CN=commonName. The
 * key is made off the main thread (finding two primes can take a second on a slow machine).
 */
export async function generateCertificate(
  commonName: string,
  now = new Date(),
  validDays = CERTIFICATE_VALID_DAYS,
): Promise<GeneratedCertificate> {
  if (!/^[\x20-\x7e]{1,64}$/.test(commonName)) {
    throw new AppError({
      code: 'invalid_input',
      message: 'The certificate name must be 1 to 64 printable ASCII characters.',
      hint: 'Use the app registration name, e.g. "Mail Preferences - helpdesk".',
    });
  }
  const { privateKey, publicKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
  const name = sequence(set(sequence(oid(OID_COMMON_NAME), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
  // Backdated a little: a workstation clock a few minutes ahead of Entra's must not make it "not yet valid".
  const notBefore = new Date(now.getTime() - 10 * 60_000);
  const notAfter = new Date(now.getTime() + validDays * 86_400_000);
  const tbs = sequence(
    tlv(0xa0, derInteger(Buffer.from([2]))), // v3
    derInteger(randomBytes(16)), // the serial: 128 random bits, at most 17 octets (RFC 5280: 20)
    SHA256_WITH_RSA,
    name,
    sequence(time(notBefore), time(notAfter)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    // keyUsage: digitalSignature, critical: the key signs client assertions and nothing else.
    tlv(0xa3, sequence(sequence(oid(OID_KEY_USAGE), tlv(0x01, Buffer.from([0xff])), octets(bitString(0x80, 7))))),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = sequence(tbs, SHA256_WITH_RSA, bitString(signature));
  return {
    ...describe(new X509Certificate(pem('CERTIFICATE', der))),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
  } satisfies GeneratedCertificate;
}

/** A certificate and private key the admin brings (PEM): checked to belong together, RSA, not expired. */
export function readCertificateCredential(certificatePem: string, privateKeyPem: string, now = new Date()) {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch (cause) {
    throw credentialError('The certificate file is not a PEM certificate ("-----BEGIN CERTIFICATE-----").', cause);
  }
  let key;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch (cause) {
    throw credentialError(
      'The key file is not an unencrypted PEM private key ("-----BEGIN PRIVATE KEY-----" or "RSA PRIVATE KEY").',
      cause,
    );
  }
  if (key.asymmetricKeyType !== 'rsa') throw credentialError('The key is not an RSA key; Entra ID signs with RSA.');
  if (!certificate.checkPrivateKey(key)) {
    throw credentialError('The private key does not belong to this certificate.');
  }
  const described = describe(certificate);
  if (Date.parse(described.notAfter) <= now.getTime()) {
    throw credentialError(`The certificate expired on ${described.notAfter.slice(0, 10)}.`);
  }
  return {
    ...described,
    privateKey: key.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
  } satisfies GeneratedCertificate;
}

/** RFC 7515 x5t: the base64url SHA-1 thumbprint Microsoft matches the client assertion against. */
export function x5t(thumbprint: string): string {
  return Buffer.from(thumbprint, 'hex').toString('base64url');
}

/**
 * private_key_jwt (RFC 7523 §2.2) as Entra ID takes it: an RS256 client assertion signed with the
 * certificate's key, x5t naming the certificate, aud the token endpoint itself (not the issuer).
 */
export async function certificateClientAuth(
  oauth: OAuthLib,
  privateKey: string,
  thumbprint: string,
  tokenEndpoint: string,
): Promise<OAuth.ClientAuth> {
  const key = await globalThis.crypto.subtle
    .importKey('pkcs8', Buffer.from(privateKey, 'base64'), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, [
      'sign',
    ])
    .catch((cause: unknown) => {
      throw new AppError(
        {
          code: 'oauth_config',
          message: 'The stored certificate key cannot be read as an RSA private key.',
          hint: 'Generate or import the certificate again, upload it to the app registration, and save.',
        },
        { cause },
      );
    });
  return oauth.PrivateKeyJwt(
    { key },
    {
      [oauth.modifyAssertion]: (header, payload) => {
        header['x5t'] = x5t(thumbprint);
        payload['aud'] = tokenEndpoint;
      },
    },
  );
}

function describe(certificate: X509Certificate): CertificateCredential {
  return {
    certificatePem: certificate.toString(),
    thumbprint: createHash('sha1').update(certificate.raw).digest('hex').toUpperCase(),
    notAfter: new Date(certificate.validTo).toISOString(),
  };
}

const CREDENTIAL_HINT =
  'Choose a .pfx/.p12 exported with its private key, or the certificate (.pem, .crt or .cer in PEM form) and its unencrypted private key. Or let the app generate a certificate.';

function credentialError(message: string, cause?: unknown): AppError {
  return certificateInputError(message, CREDENTIAL_HINT, cause);
}

/** A certificate or key the admin brought that cannot be used: what is wrong, and `hint`. */
export function certificateInputError(message: string, hint: string, cause?: unknown): AppError {
  return new AppError({ code: 'invalid_input', message, hint }, cause === undefined ? undefined : { cause });
}

// --- DER (X.690), only what a self-signed certificate needs ------------------------------------

const OID_COMMON_NAME = '2.5.4.3';
const OID_KEY_USAGE = '2.5.29.15';
const SHA256_WITH_RSA = sequence(oid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]));

function tlv(tag: number, value: Buffer): Buffer {
  const n = value.length;
  const length =
    n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, value]);
}

function sequence(...items: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

function set(...items: Buffer[]): Buffer {
  return tlv(0x31, Buffer.concat(items));
}

/**
 * An INTEGER holding the non-negative big-endian number `magnitude`, in DER's one encoding: no
 * leading zero octet unless the next one has its top bit set (which would read as negative).
 * A random serial starting 0x00 0x3f… written as it came was refused by OpenSSL ("illegal
 * padding"), one certificate in 256.
 */
export function derInteger(magnitude: Buffer): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const digits = magnitude.length === 0 ? Buffer.from([0]) : magnitude.subarray(start);
  return tlv(0x02, digits[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), digits]) : digits);
}

function octets(bytes: Buffer): Buffer {
  return tlv(0x04, bytes);
}

/** BIT STRING: the bytes, or one byte with `unused` trailing bits. */
function bitString(bytes: Buffer | number, unused = 0): Buffer {
  const data = typeof bytes === 'number' ? Buffer.from([bytes]) : bytes;
  return tlv(0x03, Buffer.concat([Buffer.from([unused]), data]));
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [first! * 40 + second!];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = arc >>> 7; v > 0; v >>>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
function time(date: Date): Buffer {
  const iso = date.toISOString(); // 2026-12-02T14:00:00.000Z
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '');
  return date.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`, 'ascii'))
    : tlv(0x18, Buffer.from(`${digits}Z`, 'ascii'));
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g)!;
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
