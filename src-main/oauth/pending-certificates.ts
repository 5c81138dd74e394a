// Certificates generated for a profile whose form is not saved yet. The private key stays here, in
// main's memory, and never reaches the window: the window gets the certificate (public) to upload
// and its thumbprint for the form. Saving the form with that thumbprint moves the key into the
// vault in the same save; one pending certificate per profile (a newer one replaces it), gone
// when the app quits.
import { AppError } from '../../src-shared/errors';
import type { Profile } from '../../src-shared/profile';
import type { SecretUpdate } from '../../src-shared/ipc';
import { generateCertificate, type CertificateCredential, type GeneratedCertificate } from './certificate';
import type { LockedPkcs12 } from './certificate-file';

export class PendingCertificates {
  private readonly pending = new Map<string, GeneratedCertificate>();
  /** A chosen .pfx waiting for its password, one per profile (a newer choice replaces it). */
  private readonly lockedFiles = new Map<string, LockedPkcs12>();

  async create(profileId: string, commonName: string, now = new Date()): Promise<CertificateCredential> {
    return this.hold(profileId, await generateCertificate(commonName, now));
  }

  /** A pair the admin brings (already checked by readCertificateCredential). */
  hold(profileId: string, credential: GeneratedCertificate): CertificateCredential {
    this.lockedFiles.delete(profileId);
    this.pending.set(profileId, credential);
    return {
      certificatePem: credential.certificatePem,
      thumbprint: credential.thumbprint,
      notAfter: credential.notAfter,
    };
  }

  holdLocked(profileId: string, file: LockedPkcs12): void {
    this.lockedFiles.set(profileId, file);
  }

  /** The .pfx waiting for its password; kept after a wrong one so the admin can try again. */
  locked(profileId: string): LockedPkcs12 {
    const file = this.lockedFiles.get(profileId);
    if (file) return file;
    throw new AppError({
      code: 'invalid_input',
      message: 'No .pfx file is waiting for a password.',
      hint: 'Press "Import certificate…" and choose the file again.',
    });
  }

  /**
   * The secrets a save writes: a certificate profile whose thumbprint is pending gets its key as
   * the stored credential. A new thumbprint with no key (not pending, none given) is refused,
   * since the app could not sign with it.
   */
  secretsForSave(profile: Profile, secrets: SecretUpdate, storedThumbprint: string | null): SecretUpdate {
    const { auth } = profile;
    if (auth.type !== 'microsoft' || auth.permission !== 'application' || auth.appCredential !== 'certificate') {
      return secrets;
    }
    const made = this.pending.get(profile.id);
    if (made?.thumbprint === auth.certificateThumbprint) return { ...secrets, clientSecret: made.privateKey };
    // Unchanged, or the save brings a key of its own (an imported pair, a key from a config file).
    if (auth.certificateThumbprint === storedThumbprint || typeof secrets.clientSecret === 'string') return secrets;
    throw new AppError({
      code: 'invalid_input',
      message: 'This app has no private key for that certificate thumbprint.',
      hint: 'Press "Generate certificate" and upload the new certificate to the app registration; the thumbprint field is filled in for you.',
      fields: [{ path: 'auth.certificateThumbprint', message: 'Generate the certificate in this app.' }],
    });
  }

  /** After a save: the key is in the vault now. */
  saved(profileId: string, thumbprint: string): void {
    if (this.pending.get(profileId)?.thumbprint === thumbprint) this.pending.delete(profileId);
  }
}
