// The app registration's certificate as a file: Entra ID's "Upload certificate" takes .cer, .pem
// or .crt. Only a parseable certificate is written (never a key), through the save dialog. And
// the other way: a certificate and its key the admin already has, read from a .pfx or PEM files.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import path from 'node:path';
import { readBoundedFile } from '../fs/bounded-read';
import { AppError } from '../../src-shared/errors';
import { writeDurably } from '../fs/atomic-file';
import { slug } from '../fs/file-name';
import type { FileDialogs } from '../export/file-dialogs';
import { readCertificateCredential, type GeneratedCertificate } from './certificate';
import { looksLikePkcs12, openPkcs12 } from './certificate-pfx';

export async function saveCertificateFile(
  dialogs: FileDialogs,
  certificatePem: string,
  profileName: string,
): Promise<{ path: string | null }> {
  let pem: string;
  try {
    pem = new X509Certificate(certificatePem).toString();
  } catch (cause) {
    throw new AppError(
      {
        code: 'invalid_input',
        message: 'That is not a certificate, so it was not saved.',
        hint: 'Press "Generate certificate" again.',
      },
      { cause },
    );
  }
  const target = await dialogs.chooseSaveFile(`${slug(profileName)}-certificate.cer`);
  if (!target) return { path: null };
  writeDurably(target, pem);
  return { path: target };
}

/** Larger than any PEM or PKCS#12 certificate chain with its key: a bigger file is something else. */
const CERTIFICATE_FILE_MAX_BYTES = 64 * 1024;
const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;
const KEY_BLOCK = /-----BEGIN (RSA |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END \1?PRIVATE KEY-----/;

/** A password-protected .pfx chosen, waiting for its password (held in main, never in the window). */
export interface LockedPkcs12 {
  fileName: string;
  bytes: Uint8Array;
}

export type ImportedCertificate =
  { kind: 'pair'; credential: GeneratedCertificate } | { kind: 'password'; locked: LockedPkcs12 };

/**
 * Reads the certificate and private key from a .pfx/.p12 (its password asked for afterwards when
 * the empty one does not open it), from one PEM file holding both (what `openssl pkcs12 -in
 * cert.pfx -nodes` writes), or from two PEM files chosen one after the other.
 * null: the admin closed a dialog.
 */
export async function importCertificateFiles(dialogs: FileDialogs, now: Date): Promise<ImportedCertificate | null> {
  const first = await dialogs.chooseOpenFile();
  if (!first) return null;
  const firstBytes = readCertificateFile(first);
  if (looksLikePkcs12(firstBytes)) {
    const locked = { fileName: path.basename(first), bytes: firstBytes };
    const opened = await openPkcs12(locked.bytes, locked.fileName, undefined, now);
    return opened.kind === 'pair' ? opened : { kind: 'password', locked };
  }
  let text = pemText(first, firstBytes);
  if (!KEY_BLOCK.test(text) || !CERTIFICATE_BLOCK.test(text)) {
    const second = await dialogs.chooseOpenFile();
    if (!second) return null;
    text += `\n${pemText(second, readCertificateFile(second))}`;
  }
  const certificates = [...text.matchAll(new RegExp(CERTIFICATE_BLOCK, 'g'))].map((m) => m[0]);
  const keys = [...text.matchAll(new RegExp(KEY_BLOCK, 'g'))];
  if (keys.length > 0 && keys.every((key) => key[1] === 'ENCRYPTED ')) {
    throw new AppError({
      code: 'invalid_input',
      message: 'The private key is encrypted with a password.',
      hint: 'Write it out unencrypted first (openssl pkey -in key.pem -out plain.pem) and choose that file; the app keeps it encrypted itself.',
    });
  }
  const usable = keys.filter((key) => key[1] !== 'ENCRYPTED ');
  return { kind: 'pair', credential: matchingPair(certificates, usable, text, now, keys.length - usable.length) };
}

/**
 * The certificate and key that belong together. A PEM file may carry a chain (the CA first, or
 * after the leaf) and more than one key; taking the first of each refused a good pair as "the
 * private key does not belong to this certificate". The pair is found first (checkPrivateKey),
 * then read: what is wrong with it (expired, not RSA) is then about the right pair.
 */
function matchingPair(
  certificates: string[],
  keys: RegExpExecArray[],
  text: string,
  now: Date,
  encryptedKeys: number,
): GeneratedCertificate {
  if (certificates.length <= 1 && keys.length <= 1) {
    return readCertificateCredential(certificates[0] ?? text, keys[0]?.[0] ?? '', now);
  }
  for (const key of keys) {
    const privateKey = parsed(() => createPrivateKey(key[0]));
    if (!privateKey) continue;
    for (const pem of certificates) {
      if (parsed(() => new X509Certificate(pem))?.checkPrivateKey(privateKey)) {
        return readCertificateCredential(pem, key[0], now);
      }
    }
  }
  const certificatesCounted =
    certificates.length === 1 ? 'The certificate' : `None of the ${certificates.length} certificates`;
  const keysCounted = keys.length === 1 ? 'the private key' : `any of the ${keys.length} private keys`;
  throw new AppError({
    code: 'invalid_input',
    message: `${certificatesCounted} in the files ${certificates.length === 1 ? 'does not belong' : 'belongs'} to ${keysCounted}.`,
    hint:
      encryptedKeys > 0
        ? 'The files also hold a password-protected key: write it out unencrypted first (openssl pkey -in key.pem -out plain.pem) and choose that file.'
        : 'Choose the certificate uploaded to the app registration and the private key made with it.',
  });
}

/** The parsed value, or undefined when the block cannot be parsed (it is then not the pair). */
function parsed<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch {
    return undefined;
  }
}

/** The held .pfx opened with the password the admin typed. */
export async function unlockPkcs12(locked: LockedPkcs12, password: string, now: Date): Promise<GeneratedCertificate> {
  const opened = await openPkcs12(locked.bytes, locked.fileName, password, now);
  if (opened.kind !== 'pair') throw new Error('a password was given, so openPkcs12 answers with the pair or throws');
  return opened.credential;
}

function readCertificateFile(file: string): Buffer {
  try {
    // A regular file only, bounded, never blocking: a named pipe chosen here froze the app.
    return Buffer.from(readBoundedFile(file, CERTIFICATE_FILE_MAX_BYTES));
  } catch (cause) {
    throw new AppError(
      {
        code: 'invalid_input',
        message: `${path.basename(file)} could not be read as a certificate file (at most 64 KB).`,
        hint: 'Choose a .pfx/.p12, or the certificate and key in PEM form (text beginning with "-----BEGIN").',
      },
      { cause },
    );
  }
}

function pemText(file: string, bytes: Buffer): string {
  if (!bytes.includes('-----BEGIN')) {
    throw new AppError({
      code: 'invalid_input',
      message: `${path.basename(file)} is neither a PEM file nor a PKCS#12 (.pfx/.p12) bundle.`,
      hint: 'Choose the .pfx exported with the private key, or the certificate and key in PEM form (text beginning with "-----BEGIN").',
    });
  }
  return bytes.toString('utf8');
}
