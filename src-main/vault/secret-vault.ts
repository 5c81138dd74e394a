// Secrets by profile id and kind, stored only as Cipher output (base64 in vault.json).
// Plaintext exists only in memory, only while a request needs it, and is registered with the
// Redactor so it can never reach a log or an error message.
import { AppError } from '../../src-shared/errors';
import { SECRET_KINDS, type SecretFlags, type SecretKind } from '../../src-shared/profile';
import type { Redactor } from '../logging/redactor';
import type { DocumentStore } from '../storage/document-store';
import type { Cipher } from './cipher';

export interface VaultDocument {
  version: 1;
  secrets: Record<string, Partial<Record<SecretKind, string>>>;
}

export const emptyVault = (): VaultDocument => ({ version: 1, secrets: {} });

export type SecretChanges = Partial<Record<SecretKind, string | null | undefined>>;

export class SecretVault {
  constructor(
    private readonly store: DocumentStore<VaultDocument>,
    private readonly cipher: Cipher,
    private readonly redactor: Redactor,
  ) {}

  get backend(): string {
    return this.cipher.backend;
  }

  flags(profileId: string): SecretFlags {
    const entry = this.store.read().secrets[profileId] ?? {};
    return Object.fromEntries(SECRET_KINDS.map((kind) => [kind, typeof entry[kind] === 'string'])) as SecretFlags;
  }

  async get(profileId: string, kind: SecretKind): Promise<string | undefined> {
    const sealed = this.store.read().secrets[profileId]?.[kind];
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

  /** Applies several changes with one write: all of them land, or none. */
  async update(profileId: string, changes: SecretChanges): Promise<void> {
    await this.updateMany(new Map([[profileId, changes]]));
  }

  /** Changes for several profiles, encrypted first, then written in one go. */
  async updateMany(changesById: ReadonlyMap<string, SecretChanges>): Promise<void> {
    const sealedById = new Map<string, Partial<Record<SecretKind, string | null>>>();
    for (const [profileId, changes] of changesById) sealedById.set(profileId, await this.seal(changes));
    const doc = this.store.read();
    for (const [profileId, sealed] of sealedById) {
      const entry = { ...(doc.secrets[profileId] ?? {}) };
      for (const [kind, value] of Object.entries(sealed) as [SecretKind, string | null][]) {
        if (value === null) delete entry[kind];
        else entry[kind] = value;
      }
      doc.secrets[profileId] = entry;
    }
    this.store.write(doc);
  }

  /** The stored document as it is now, to put back if a larger change fails halfway. */
  snapshot(): VaultDocument {
    return this.store.read();
  }

  restore(doc: VaultDocument): void {
    this.store.write(doc);
  }

  private async seal(changes: SecretChanges): Promise<Partial<Record<SecretKind, string | null>>> {
    const sealed: Partial<Record<SecretKind, string | null>> = {};
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

  /** Copies the listed kinds (ciphertext as is) to another profile. */
  copy(fromId: string, toId: string, kinds: readonly SecretKind[]): void {
    const doc = this.store.read();
    const from = doc.secrets[fromId] ?? {};
    const copied: Partial<Record<SecretKind, string>> = {};
    for (const kind of kinds) if (from[kind] !== undefined) copied[kind] = from[kind];
    doc.secrets[toId] = copied;
    this.store.write(doc);
  }

  remove(profileId: string): void {
    const doc = this.store.read();
    if (!(profileId in doc.secrets)) return;
    delete doc.secrets[profileId];
    this.store.write(doc);
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

function describe(kind: SecretKind): string {
  return {
    password: 'password',
    clientSecret: 'client secret',
    accessToken: 'access token',
    refreshToken: 'refresh token',
  }[kind];
}
