// The app registration's certificate as a file: Entra ID's "Upload certificate" takes .cer, .pem
// or .crt. Only a parseable certificate is written (never a key), through the save dialog. And
// the other way: a certificate and its key the admin already has, read from PEM files.
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';
import { writeDurably } from '../fs/atomic-file';
import { slug } from '../export/export-service';
import type { FileDialogs } from '../export/file-dialogs';
import { readCertificateCredential, type GeneratedCertificate } from './certificate';

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

/** Larger than any PEM certificate chain with its key: a bigger file is something else. */
const PEM_FILE_MAX_BYTES = 64 * 1024;
const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;
const KEY_BLOCK = /-----BEGIN (RSA |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END \1?PRIVATE KEY-----/;

/**
 * Reads the certificate and private key from one PEM file holding both (what
 * `openssl pkcs12 -in cert.pfx -nodes` writes), or from two chosen one after the other.
 * null: the admin closed a dialog.
 */
export async function importCertificateFiles(dialogs: FileDialogs, now: Date): Promise<GeneratedCertificate | null> {
  const first = await dialogs.chooseOpenFile();
  if (!first) return null;
  let text = readPem(first);
  if (!KEY_BLOCK.test(text) || !CERTIFICATE_BLOCK.test(text)) {
    const second = await dialogs.chooseOpenFile();
    if (!second) return null;
    text += `\n${readPem(second)}`;
  }
  const certificate = CERTIFICATE_BLOCK.exec(text)?.[0];
  const key = KEY_BLOCK.exec(text);
  if (key?.[1] === 'ENCRYPTED ') {
    throw new AppError({
      code: 'invalid_input',
      message: 'The private key is encrypted with a password.',
      hint: 'Write it out unencrypted first (openssl pkey -in key.pem -out plain.pem) and choose that file; the app keeps it encrypted itself.',
    });
  }
  return readCertificateCredential(certificate ?? text, key?.[0] ?? '', now);
}

function readPem(file: string): string {
  let bytes: Buffer;
  try {
    if (statSync(file).size > PEM_FILE_MAX_BYTES) throw new Error('too large');
    bytes = readFileSync(file);
  } catch (cause) {
    throw new AppError(
      {
        code: 'invalid_input',
        message: `${path.basename(file)} could not be read as a PEM file (at most 64 KB).`,
        hint: 'Choose the certificate and key in PEM form (text beginning with "-----BEGIN").',
      },
      { cause },
    );
  }
  // A .pfx/.p12 is binary (DER): the PEM reader would only say "not a certificate".
  if (!bytes.includes('-----BEGIN')) {
    throw new AppError({
      code: 'invalid_input',
      message: `${path.basename(file)} is not a PEM file (a .pfx or .p12 is a binary bundle).`,
      hint: 'Convert it first: openssl pkcs12 -in cert.pfx -nodes -out both.pem, then choose both.pem.',
    });
  }
  return bytes.toString('utf8');
}
