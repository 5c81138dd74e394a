// PKCS#12 (.pfx, .p12): how Windows' certificate export, Azure Key Vault and `openssl pkcs12
// -export` hand over a certificate with its private key, password-protected. Node reads X.509 and
// keys but not PKCS#12, and Electron's BoringSSL lacks the legacy ciphers (RC2-40) older exports
// use, so node-forge (pure JS, loaded only when a .pfx is chosen) decrypts the bundle; the pair
// then goes through the same checks as a PEM pair (readCertificateCredential).
import { createPrivateKey, X509Certificate } from 'node:crypto';
import type Forge from 'node-forge';
import { AppError } from '../../src-shared/errors';
import { certificateInputError, readCertificateCredential, type GeneratedCertificate } from './certificate';

/**
 * Exports use 2,000 (Windows, .NET) or 2,048 (OpenSSL) key-derivation rounds. Forge derives keys
 * in JavaScript on the main thread (about 7 ms per 1,000 rounds), so a file asking for millions
 * would freeze the window: refused above this.
 */
export const PFX_MAX_ITERATIONS = 50_000;

/** What a PKCS#12 file held, or that its password is needed (the empty one did not open it). */
export type Pkcs12Opened = { kind: 'pair'; credential: GeneratedCertificate } | { kind: 'password' };

/** A DER SEQUENCE that is not PEM text: the shape of a PKCS#12 file (checked for real when opened). */
export function looksLikePkcs12(bytes: Uint8Array): boolean {
  return bytes[0] === 0x30 && !Buffer.from(bytes).includes('-----BEGIN');
}

/**
 * Opens a PKCS#12 file with `password` (undefined: try the empty password both ways exports
 * write it). The certificate taken is the one the key belongs to (a file may carry its chain).
 */
export async function openPkcs12(
  bytes: Uint8Array,
  fileName: string,
  password: string | undefined,
  now: Date,
): Promise<Pkcs12Opened> {
  const forge = await loadForge();
  let der: Forge.asn1.Asn1;
  try {
    der = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(bytes).toString('binary')), true);
  } catch (cause) {
    throw pfxError(`${fileName} is not a PKCS#12 (.pfx/.p12) file.`, cause);
  }
  // OpenSSL writes "no password" as the empty string with its terminator; some Windows tools as nothing at all.
  const attempts = password === undefined ? ['', undefined] : [password];
  let p12: Forge.pkcs12.Pkcs12Pfx | null = null;
  let refusedAPassword = false;
  for (const attempt of attempts) {
    try {
      p12 = forge.pkcs12.pkcs12FromAsn1(der, true, attempt as string);
      break;
    } catch (cause) {
      if (cause instanceof TooManyIterations) {
        throw pfxError(
          `${fileName} asks for ${cause.iterations.toLocaleString('en')} key-derivation rounds; this app opens files with at most ${PFX_MAX_ITERATIONS.toLocaleString('en')}.`,
          cause,
        );
      }
      if (/invalid password|wrong password/i.test(String((cause as Error)?.message))) {
        refusedAPassword = true;
        continue;
      }
      // A file without a MAC refuses '' as a wrong password, then fails otherwise on "no
      // password": it needs one, so the admin is asked for it.
      if (refusedAPassword && password === undefined) break;
      throw pfxError(
        `${fileName} could not be opened: ${String((cause as Error)?.message ?? cause).slice(0, 200)}`,
        cause,
      );
    }
  }
  if (!p12) {
    if (password === undefined) return { kind: 'password' };
    throw new AppError({
      code: 'invalid_input',
      message: `That password does not open ${fileName}.`,
      hint: 'Type the password given when the certificate was exported (Windows: "Export with private key" › Password).',
      fields: [{ path: 'password', message: 'Wrong password.' }],
    });
  }
  const keys = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
  ];
  const certificates = p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [];
  if (keys.length === 0) {
    throw pfxError(`${fileName} holds no private key (exported without it?).`);
  }
  const keyPem = pkcs8Pem(forge, keys[0]!);
  let key;
  try {
    key = createPrivateKey(keyPem);
  } catch (cause) {
    throw pfxError(`The private key in ${fileName} could not be read.`, cause);
  }
  const certificatePems = certificates.map((bag) => certificatePem(forge, bag)).filter((pem) => pem !== null);
  const own = certificatePems.find((pem) => new X509Certificate(pem).checkPrivateKey(key));
  return { kind: 'pair', credential: readCertificateCredential(own ?? certificatePems[0] ?? '', keyPem, now) };
}

class TooManyIterations extends Error {
  constructor(readonly iterations: number) {
    super(`too many key-derivation rounds: ${iterations}`);
  }
}

let forgeLoaded: Promise<typeof Forge> | null = null;

/** node-forge, once, with its key derivations guarded against files that would freeze main. */
function loadForge(): Promise<typeof Forge> {
  forgeLoaded ??= import('node-forge').then((module) => {
    const forge = ((module as { default?: typeof Forge }).default ?? module) as typeof Forge;
    // Every derivation forge's PKCS#12 code runs goes through these three, looked up at call time.
    const guard = <F extends (...args: never[]) => unknown>(derive: F, countAt: number): F =>
      ((...args: Parameters<F>) => {
        const count = Number(args[countAt]);
        if (!(count <= PFX_MAX_ITERATIONS)) throw new TooManyIterations(count);
        return derive(...args);
      }) as F;
    forge.pkcs5.pbkdf2 = guard(forge.pkcs5.pbkdf2, 2);
    // Untyped in @types/node-forge: the PKCS#12 key derivation (RFC 7292 appendix B), forge.pki.pbe too.
    const pbe = (forge as unknown as { pbe: { generatePkcs12Key: (...args: never[]) => unknown } }).pbe;
    pbe.generatePkcs12Key = guard(pbe.generatePkcs12Key, 3);
    forge.pkcs12.generateKey = guard(forge.pkcs12.generateKey, 3);
    return forge;
  });
  return forgeLoaded;
}

/** The key bag as PKCS#8 PEM: forge parses RSA keys; another type stays as its ASN.1. */
function pkcs8Pem(forge: typeof Forge, bag: Forge.pkcs12.Bag): string {
  if (bag.key) return forge.pki.privateKeyInfoToPem(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)));
  if (bag.asn1) return forge.pki.privateKeyInfoToPem(bag.asn1);
  throw pfxError('The private key in the file could not be read.');
}

/** The certificate bag as PEM (null: not an X.509 certificate). */
function certificatePem(forge: typeof Forge, bag: Forge.pkcs12.Bag): string | null {
  const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
  if (!asn1) return null;
  const der = Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
  try {
    return new X509Certificate(der).toString();
  } catch {
    return null;
  }
}

const PFX_HINT =
  'Export the certificate again with its private key (Windows: Personal Information Exchange, .pfx), or convert it to PEM (openssl pkcs12 -in cert.pfx -nodes -out both.pem) and import that.';

function pfxError(message: string, cause?: unknown): AppError {
  return certificateInputError(message, PFX_HINT, cause);
}
