// Profiles: list, create, save, rename, duplicate, delete, and the app's own status and
// authorization writes. Reads come from the store's committed state; every change is one store
// transaction, so concurrent calls never lose each other's writes. The renderer gets ProfileViews
// (settings + secret flags + status), never ciphertext.
import { applyDiscovered, type DiscoveredSettings } from '../../src-shared/discovery';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../src-shared/errors';
import type { SecretUpdate } from '../../src-shared/ipc';
import { newProfile } from '../../src-shared/new-profile';
import type { AuthorizationInfo } from '../../src-shared/oauth';
import { mergeProfiles } from '../../src-shared/merge-profile';
import {
  profileSchema,
  type AuthType,
  type Profile,
  type ProfileStatus,
  type ProfileView,
} from '../../src-shared/profile';
import type { NotAwaitable, ProfileStore, Transaction } from '../storage/profile-store';
import { notFound } from '../storage/profile-store';
import { applySealed, secretFlags, type SealedChanges, type SecretVault } from '../vault/secret-vault';
import { NOT_VERIFIED, type StoredProfile } from './profile-document';
import { statusAfterEdit, tokensVoided } from './status-rules';

export interface ImportEntry {
  profile: Omit<Profile, 'id'>;
  /** Secrets from the file, sealed; tokens only when the file carried them. */
  secrets: SealedChanges;
  /** The authorization the file's refresh token belongs to, when it carried one. */
  authorization: AuthorizationInfo | null;
  /** The profile (and its revision) this name matched when the admin saw the preview, or null. */
  previewed: { id: string; revision: number } | null;
}

export class ProfileService {
  constructor(
    private readonly store: ProfileStore,
    private readonly vault: SecretVault,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** One pass over the committed state, whatever the number of profiles. */
  list(): ProfileView[] {
    const { order, profiles } = this.store.current;
    return order.flatMap((id) => {
      const stored = profiles.get(id);
      return stored ? [view(stored)] : [];
    });
  }

  get(id: string): ProfileView {
    return view(this.stored(id));
  }

  /** The committed record (frozen), for services that need the ciphertext or the revision. */
  stored(id: string): StoredProfile {
    const stored = this.store.current.profiles.get(id);
    if (!stored) throw notFound();
    return stored;
  }

  authorization(id: string): AuthorizationInfo | null {
    return this.stored(id).authorization;
  }

  /** Looks a profile up by name, as imports match them (case-insensitive). */
  findByName(name: string): ProfileView | undefined {
    const found = [...this.store.current.profiles.values()].find((p) => sameName(p.profile.name, name));
    return found ? view(found) : undefined;
  }

  /** A new profile; with `discovered`, the address and the servers found for it are filled in. */
  create(name: string, authType: AuthType, discovered?: DiscoveredSettings): Promise<ProfileView> {
    return this.store.transact((tx) => {
      assertNameFree(tx, name);
      const fresh = newProfile(randomUUID(), name, authType);
      return view(tx.put(this.fresh(discovered ? applyDiscovered(fresh, discovered) : fresh)));
    });
  }

  /**
   * Saves the form. With `baseRevision` (the version the form was loaded from) a save made while
   * the stored profile moved on is merged field by field; if both changed the same field, it is
   * refused with the fields named, and the form shows the conflict for the admin to decide.
   */
  async save(profile: Profile, secrets: SecretUpdate, baseRevision?: number): Promise<ProfileView> {
    // Encrypt outside the transaction (the keyring can be slow); if it refuses, nothing changes.
    const sealed = await this.vault.seal(secrets);
    return this.store.transact((tx) => {
      // The record as committed now, not as it was when the call started: an authorization or
      // status written meanwhile (a token refresh, a test send) is kept.
      const previous = tx.require(profile.id);
      const next = baseRevision === undefined ? profile : this.rebase(previous, profile, baseRevision);
      assertNameFree(tx, next.name, next.id);
      const voided = tokensVoided(previous, next, secrets);
      const kept = applySealed(previous.secrets, sealed);
      return view(
        tx.put({
          ...previous,
          profile: next,
          secrets: voided ? applySealed(kept, { accessToken: null, refreshToken: null }) : kept,
          ...(voided ? { authorization: null } : {}),
          status: statusAfterEdit(previous, next, secrets),
          updatedAt: this.now().toISOString(),
        }),
      );
    });
  }

  private rebase(current: StoredProfile, mine: Profile, baseRevision: number): Profile {
    if (current.revision === baseRevision) return mine;
    const base = this.store.settingsAt(mine.id, baseRevision);
    if (!base) throw superseded([]);
    const { merged, conflicts } = mergeProfiles(base, mine, current.profile);
    if (conflicts.length) throw superseded(conflicts.map((c) => c.path));
    // Two valid versions can merge into an invalid one (a rule across fields): not a clean merge.
    const checked = profileSchema.safeParse(merged);
    if (!checked.success) throw superseded(checked.error.issues.map((i) => i.path.join('.')));
    return checked.data;
  }

  /**
   * Creates or replaces (matched by name) several profiles in one transaction: all or nothing.
   * `stillCurrent` runs first inside it and throws to write nothing (a sign-out or delete since the preview).
   */
  importMany(entries: readonly ImportEntry[], stillCurrent: () => void = () => undefined): Promise<ProfileView[]> {
    return this.store.transact((tx) => {
      stillCurrent();
      const time = this.now().toISOString();
      return entries.map((entry) => {
        const existing = tx.all().find((p) => sameName(p.profile.name, entry.profile.name));
        // Apply exactly what the preview showed: a profile created, changed or deleted since
        // then would otherwise be replaced (or duplicated) without the admin having seen it.
        const now = existing ? { id: existing.profile.id, revision: existing.revision } : null;
        if (JSON.stringify(now) !== JSON.stringify(entry.previewed)) throw changedSincePreview(entry.profile.name);
        const profile: Profile = {
          ...entry.profile,
          id: existing?.profile.id ?? randomUUID(),
          // What the admin noted about the registration is not in the file: a replace keeps it.
          health: existing?.profile.health ?? entry.profile.health,
        };
        if (!existing) {
          return view(
            tx.put({
              ...this.fresh(profile),
              secrets: applySealed({}, entry.secrets),
              authorization: entry.authorization,
            }),
          );
        }
        // A replace follows the rules of a save: a changed client or account voids the old tokens.
        const secretsChanged = { password: entry.secrets.password, clientSecret: entry.secrets.clientSecret };
        const status = statusAfterEdit(existing, profile, secretsChanged);
        const fromFile = entry.authorization !== null;
        const keepOld =
          !fromFile && status.state !== 'reauthorization_required' && !tokensVoided(existing, profile, secretsChanged);
        const secrets = applySealed(existing.secrets, {
          ...entry.secrets,
          ...(fromFile ? { accessToken: null } : keepOld ? {} : { accessToken: null, refreshToken: null }),
        });
        return view(
          tx.put({
            ...existing,
            profile,
            secrets,
            authorization: fromFile ? entry.authorization : keepOld ? existing.authorization : null,
            status: fromFile ? NOT_VERIFIED : status,
            updatedAt: time,
          }),
        );
      });
    });
  }

  rename(id: string, name: string): Promise<ProfileView> {
    return this.store.transact((tx) => {
      const stored = tx.require(id);
      assertNameFree(tx, name, id);
      return view(tx.put({ ...stored, profile: { ...stored.profile, name }, updatedAt: this.now().toISOString() }));
    });
  }

  duplicate(id: string): Promise<ProfileView> {
    return this.store.transact((tx) => {
      const source = tx.require(id);
      const profile: Profile = { ...source.profile, id: randomUUID(), name: copyName(tx, source.profile.name) };
      // Credentials the admin typed come along; tokens do not: an authorization belongs to one profile.
      const { password, clientSecret } = source.secrets;
      const secrets = { ...(password ? { password } : {}), ...(clientSecret ? { clientSecret } : {}) };
      return view(tx.put({ ...this.fresh(profile), secrets }, { after: id }));
    });
  }

  /** Removes the profile and, in the same write, every secret it held. */
  delete(id: string): Promise<void> {
    return this.store.transact((tx) => {
      tx.require(id);
      tx.remove(id);
    });
  }

  setStatus(id: string, status: ProfileStatus): Promise<ProfileView> {
    return this.patch(id, () => ({ status }));
  }

  /** Records (or clears) an authorization's metadata, and optionally the status with it. */
  setAuthorization(id: string, authorization: AuthorizationInfo | null, status?: ProfileStatus): Promise<ProfileView> {
    return this.patch(id, () => ({ authorization, ...(status ? { status } : {}) }));
  }

  /** Applies an edit the app makes itself (e.g. filling From after authorization). */
  update(id: string, change: (p: Profile) => Profile): Promise<ProfileView> {
    return this.patch(id, (stored) => ({ profile: change(stored.profile), updatedAt: this.now().toISOString() }));
  }

  /**
   * The general form of the app's own writes: `change` sees the record as committed at that
   * moment and returns the fields to replace, or null to write nothing. Runs in one transaction.
   */
  patch(id: string, change: RecordChange): Promise<ProfileView> {
    return this.store.transact((tx) => view(applyChange(tx, id, change)));
  }

  /** patch, for a caller that needs no answer (a test's result): no view is built. */
  applyPatch(id: string, change: RecordChange): Promise<void> {
    return this.store.transact((tx) => void applyChange(tx, id, change));
  }

  /** A transaction over several profiles at once (all or nothing), for services beyond this one. */
  transactMany<T>(work: (tx: Transaction) => NotAwaitable<T>): Promise<T> {
    return this.store.transact(work);
  }

  private fresh(profile: Profile): Omit<StoredProfile, 'revision'> {
    const time = this.now().toISOString();
    return { profile, status: NOT_VERIFIED, authorization: null, secrets: {}, createdAt: time, updatedAt: time };
  }
}

/** The fields to replace, seen against the record as committed at that moment; null: write nothing. */
export type RecordChange = (stored: StoredProfile) => Partial<Omit<StoredProfile, 'revision'>> | null;

function applyChange(tx: Transaction, id: string, change: RecordChange): StoredProfile {
  const stored = tx.require(id);
  const fields = change(stored);
  return fields ? tx.put({ ...stored, ...fields }) : stored;
}

export function view(stored: StoredProfile): ProfileView {
  return {
    profile: stored.profile,
    secrets: secretFlags(stored.secrets),
    status: stored.status,
    authorization: stored.authorization,
    updatedAt: stored.updatedAt,
    revision: stored.revision,
  };
}

/** A save based on a version that moved on and does not merge cleanly. */
function superseded(paths: string[]): AppError {
  return new AppError({
    code: 'edit_conflict',
    message: paths.length
      ? `This profile was changed while you were editing it, and both changed ${paths.map((p) => `"${p}"`).join(', ')}. Nothing was saved.`
      : 'This profile was changed while you were editing it. Nothing was saved.',
    hint: 'Pick which value to keep for each field marked as changed elsewhere, then save again.',
    fields: paths.map((path) => ({ path, message: 'Changed elsewhere while you were editing.' })),
  });
}

function changedSincePreview(name: string): AppError {
  return new AppError({
    code: 'conflict',
    message: `The profile "${name}" changed after the import preview was shown, so nothing was imported.`,
    hint: 'Choose the file again to see a preview of what the import would change now.',
  });
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function assertNameFree(tx: Transaction, name: string, exceptId?: string): void {
  const taken = tx.all().some((p) => p.profile.id !== exceptId && sameName(p.profile.name, name));
  if (taken) {
    throw new AppError({
      code: 'conflict',
      message: `A profile named "${name}" already exists.`,
      hint: 'Choose a different name so the profiles can be told apart.',
      fields: [{ path: 'name', message: 'This name is already used by another profile.' }],
    });
  }
}

function copyName(tx: Transaction, name: string): string {
  const names = new Set(tx.all().map((p) => p.profile.name.toLowerCase()));
  for (let n = 1; ; n++) {
    const base = name.slice(0, 85); // room for " (copy NN)" within the 100-character limit
    const candidate = n === 1 ? `${base} (copy)` : `${base} (copy ${n})`;
    if (!names.has(candidate.toLowerCase())) return candidate;
  }
}
