// Secrets as Cipher output. The vault encrypts and decrypts; where the ciphertext lives is the
// profile's record in the store (StoredProfile.secrets), so a secret and its profile are written
// in the same transaction. Plaintext exists only in memory, only while a request needs it, and is
// registered with the Redactor so it can never reach a log or an error message.
import { AppError } from '../../src-shared/errors';
import { SECRET_KINDS, type SecretFlags, type SecretKind } from '../../src-shared/profile';
import type { Redactor } from '../logging/redactor';
import type { SealedSecrets, StoredProfile } from '../profiles/profile-document';
import type { ProfileStore } from '../storage/profile-store';
import type { Cipher } from './cipher';

/** undefined: keep; null or '': forget; string: store this. */
export type SecretChanges = Partial<Record<SecretKind, string | null | undefined>>;
/** Changes already encrypted: ciphertext to store, or null to forget. */
export type SealedChanges = Partial<Record<SecretKind, string | null>>;

export class SecretVault {
  constructor(
    private readonly store: ProfileStore,
    private readonly cipher: Cipher,
    private readonly redactor: Redactor,
  ) {}

  get backend(): string {
    return this.cipher.backend;
  }

  flags(profileId: string): SecretFlags {
    return secretFlags(this.store.current.profiles.get(profileId)?.secrets ?? {});
  }

  /** The plaintext of one stored secret (from the committed state), or undefined. */
  async get(profileId: string, kind: SecretKind): Promise<string | undefined> {
    const record = this.store.current.profiles.get(profileId);
    return record ? this.open(record, kind) : undefined;
  }

  async open(record: StoredProfile, kind: SecretKind): Promise<string | undefined> {
    const sealed = record.secrets[kind];
    if (sealed === undefined) return undefined;
    let plaintext: string;
    try {
      plaintext = await this.cipher.decrypt(Buffer.from(sealed, 'base64'));
    } catch (cause) {
      throw new AppError(
        {
          code: 'vault_unavailable',
          message: `The stored ${describe(kind)} could not be decrypted on this computer.`,
          hint: 'Secrets are tied to this user account and computer. Enter it again and save.',
        },
        { cause },
      );
    }
    this.redactor.add(plaintext);
    return plaintext;
  }

  /** Encrypts changes before a transaction, so the transaction itself does no slow work. */
  async seal(changes: SecretChanges): Promise<SealedChanges> {
    const sealed: SealedChanges = {};
    for (const kind of SECRET_KINDS) {
      const value = changes[kind];
      if (value === undefined) continue;
      if (value === null || value === '') {
        sealed[kind] = null;
        continue;
      }
      this.redactor.add(value);
      sealed[kind] = (await this.encrypt(value)).toString('base64');
    }
    return sealed;
  }

  /** Seals the changes and stores them with the profile in one transaction. */
  async update(profileId: string, changes: SecretChanges): Promise<void> {
    const sealed = await this.seal(changes);
    await this.store.transact((tx) => {
      const record = tx.require(profileId);
      tx.put({ ...record, secrets: applySealed(record.secrets, sealed) });
    });
  }

  private async encrypt(value: string): Promise<Buffer> {
    try {
      return await this.cipher.encrypt(value);
    } catch (cause) {
      throw new AppError(
        {
          code: 'vault_unavailable',
          message: "The operating system's secret storage refused to encrypt the secret, so nothing was saved.",
          hint: 'Unlock your keyring or keychain (on Linux: GNOME Keyring or KWallet must be running), then save again.',
        },
        { cause },
      );
    }
  }
}

export function applySealed(current: SealedSecrets, changes: SealedChanges): SealedSecrets {
  const next: SealedSecrets = { ...current };
  for (const kind of SECRET_KINDS) {
    const value = changes[kind];
    if (value === undefined) continue;
    if (value === null) delete next[kind];
    else next[kind] = value;
  }
  return next;
}

export function secretFlags(secrets: SealedSecrets): SecretFlags {
  return {
    password: secrets.password !== undefined,
    clientSecret: secrets.clientSecret !== undefined,
    accessToken: secrets.accessToken !== undefined,
    refreshToken: secrets.refreshToken !== undefined,
  };
}

function describe(kind: SecretKind): string {
  return {
    password: 'password',
    clientSecret: 'client secret',
    accessToken: 'access token',
    refreshToken: 'refresh token',
  }[kind];
}
