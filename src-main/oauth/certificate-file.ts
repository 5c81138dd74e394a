// The app registration's certificate as a file: Entra ID's "Upload certificate" takes .cer, .pem
// or .crt. Only a parseable certificate is written (never a key), through the save dialog.
import { X509Certificate } from 'node:crypto';
import { AppError } from '../../src-shared/errors';
import { writeFileAtomic } from '../export/atomic-file';
import { slug } from '../export/export-service';
import type { FileDialogs } from '../export/file-dialogs';

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
  writeFileAtomic(target, pem);
  return { path: target };
}
