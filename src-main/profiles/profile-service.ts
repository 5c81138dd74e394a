// Profiles: list, create, save, rename, duplicate, delete. Settings go to profiles.json,
// secrets to the vault; the renderer gets ProfileViews (settings + secret flags + status).
import { randomUUID } from 'node:crypto';
import { AppError } from '../../src-shared/errors';
import type { SecretUpdate } from '../../src-shared/ipc';
import { newProfile } from '../../src-shared/new-profile';
import { isOAuth, scopesFor, type AuthorizationInfo } from '../../src-shared/oauth';
import type { AuthType, Profile, ProfileStatus, ProfileView } from '../../src-shared/profile';
import type { DocumentStore } from '../storage/document-store';
import type { SecretVault } from '../vault/secret-vault';
import { NOT_VERIFIED, type ProfilesDocument, type StoredProfile } from './profile-document';

export class ProfileService {
  constructor(
    private readonly store: DocumentStore<ProfilesDocument>,
    private readonly vault: SecretVault,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): ProfileView[] {
    const doc = this.store.read();
    return doc.order.flatMap((id) => {
      const stored = doc.profiles[id];
      return stored ? [this.view(stored)] : [];
    });
  }

  get(id: string): ProfileView {
    return this.view(this.stored(this.store.read(), id));
  }

  create(name: string, authType: AuthType): ProfileView {
    const doc = this.store.read();
    this.assertNameFree(doc, name);
    const profile = newProfile(randomUUID(), name, authType);
    const stored = this.fresh(profile);
    doc.profiles[profile.id] = stored;
    doc.order.push(profile.id);
    this.store.write(doc);
    return this.view(stored);
  }

  async save(profile: Profile, secrets: SecretUpdate): Promise<ProfileView> {
    const doc = this.store.read();
    const previous = this.stored(doc, profile.id);
    this.assertNameFree(doc, profile.name, profile.id);
    // Secrets first: if the keyring refuses, the settings on disk stay as they were.
    await this.vault.update(profile.id, secrets);
    const next: StoredProfile = {
      ...previous,
      profile,
      status: statusAfterEdit(previous, profile, secrets),
      updatedAt: this.now().toISOString(),
    };
    doc.profiles[profile.id] = next;
    this.store.write(doc);
    return this.view(next);
  }

  /** Looks a profile up by name, as imports match them (case-insensitive). */
  findByName(name: string): ProfileView | undefined {
    const doc = this.store.read();
    const found = Object.values(doc.profiles).find((p) => p.profile.name.toLowerCase() === name.toLowerCase());
    return found ? this.view(found) : undefined;
  }

  /** Creates or replaces several profiles in one write (imports are all or nothing). */
  replaceMany(entries: { profile: Profile; authorization: AuthorizationInfo | null }[]): void {
    const doc = this.store.read();
    const time = this.now().toISOString();
    for (const { profile, authorization } of entries) {
      const existing = doc.profiles[profile.id];
      doc.profiles[profile.id] = {
        profile,
        status: NOT_VERIFIED,
        authorization,
        createdAt: existing?.createdAt ?? time,
        updatedAt: time,
      };
      if (!existing) doc.order.push(profile.id);
    }
    this.store.write(doc);
  }

  rename(id: string, name: string): ProfileView {
    const doc = this.store.read();
    const stored = this.stored(doc, id);
    this.assertNameFree(doc, name, id);
    const next = { ...stored, profile: { ...stored.profile, name }, updatedAt: this.now().toISOString() };
    doc.profiles[id] = next;
    this.store.write(doc);
    return this.view(next);
  }

  duplicate(id: string): ProfileView {
    const doc = this.store.read();
    const source = this.stored(doc, id);
    const copyId = randomUUID();
    const profile: Profile = {
      ...structuredClone(source.profile),
      id: copyId,
      name: this.copyName(doc, source.profile.name),
    };
    // Credentials the admin typed come along; tokens do not: an authorization belongs to one profile.
    this.vault.copy(id, copyId, ['password', 'clientSecret']);
    const stored = this.fresh(profile);
    doc.profiles[copyId] = stored;
    doc.order.splice(doc.order.indexOf(id) + 1, 0, copyId);
    this.store.write(doc);
    return this.view(stored);
  }

  delete(id: string): void {
    const doc = this.store.read();
    this.stored(doc, id);
    delete doc.profiles[id];
    doc.order = doc.order.filter((other) => other !== id);
    this.store.write(doc);
    this.vault.remove(id);
  }

  setStatus(id: string, status: ProfileStatus): ProfileView {
    return this.patch(id, () => ({ status }));
  }

  authorization(id: string): AuthorizationInfo | null {
    return this.stored(this.store.read(), id).authorization ?? null;
  }

  /** Records (or clears) an authorization's metadata, and optionally the status with it. */
  setAuthorization(id: string, authorization: AuthorizationInfo | null, status?: ProfileStatus): ProfileView {
    return this.patch(id, () => ({ authorization, ...(status ? { status } : {}) }));
  }

  /** Applies an edit the app makes itself (e.g. filling From after authorization). */
  update(id: string, change: (p: Profile) => Profile): ProfileView {
    return this.patch(id, (stored) => ({ profile: change(stored.profile), updatedAt: this.now().toISOString() }));
  }

  private patch(id: string, change: (stored: StoredProfile) => Partial<StoredProfile>): ProfileView {
    const doc = this.store.read();
    const stored = this.stored(doc, id);
    const next = { ...stored, ...change(stored) };
    doc.profiles[id] = next;
    this.store.write(doc);
    return this.view(next);
  }

  private view(stored: StoredProfile): ProfileView {
    return {
      profile: stored.profile,
      secrets: this.vault.flags(stored.profile.id),
      status: stored.status,
      authorization: stored.authorization ?? null,
      updatedAt: stored.updatedAt,
    };
  }

  private fresh(profile: Profile): StoredProfile {
    const time = this.now().toISOString();
    return { profile, status: NOT_VERIFIED, createdAt: time, updatedAt: time };
  }

  private stored(doc: ProfilesDocument, id: string): StoredProfile {
    const stored = doc.profiles[id];
    if (!stored) {
      throw new AppError({
        code: 'not_found',
        message: 'That profile no longer exists.',
        hint: 'It may have been deleted in another window. Pick a profile from the list.',
      });
    }
    return stored;
  }

  private assertNameFree(doc: ProfilesDocument, name: string, exceptId?: string): void {
    const taken = Object.values(doc.profiles).some(
      (p) => p.profile.id !== exceptId && p.profile.name.toLowerCase() === name.toLowerCase(),
    );
    if (taken) {
      throw new AppError({
        code: 'conflict',
        message: `A profile named "${name}" already exists.`,
        hint: 'Choose a different name so the profiles can be told apart.',
        fields: [{ path: 'name', message: 'This name is already used by another profile.' }],
      });
    }
  }

  private copyName(doc: ProfilesDocument, name: string): string {
    const names = new Set(Object.values(doc.profiles).map((p) => p.profile.name.toLowerCase()));
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? `${name} (copy)` : `${name} (copy ${n})`;
      if (!names.has(candidate.toLowerCase())) return candidate;
    }
  }
}

/** Whether an edit could change whether mail gets through (and so voids a past verification). */
function affectsDelivery(before: Profile, after: Profile): boolean {
  const relevant = (p: Profile) => JSON.stringify([p.auth, p.outgoing, p.sender.fromAddress]);
  return relevant(before) !== relevant(after);
}

/**
 * The status after the admin saves an edit. An OAuth authorization is tied to the client, tenant,
 * account and scopes it was granted for: change one and the tokens no longer fit.
 */
function statusAfterEdit(previous: StoredProfile, profile: Profile, secrets: SecretUpdate): ProfileStatus {
  const authorization = previous.authorization;
  if (authorization && isOAuth(profile.auth)) {
    const before = previous.profile.auth;
    const identityChanged =
      before.type !== profile.auth.type ||
      JSON.stringify(identity(before)) !== JSON.stringify(identity(profile.auth)) ||
      secrets.clientSecret !== undefined;
    const missingScopes = scopesFor(profile).filter(
      (s) => !authorization.scopes.includes(s) && !OPTIONAL_SCOPES.has(s),
    );
    if (identityChanged || missingScopes.length > 0) {
      return {
        state: 'reauthorization_required',
        lastVerifiedSend: null,
        reason: identityChanged
          ? 'The app registration or account changed since the last authorization.'
          : `The settings now need permissions that were not granted: ${missingScopes.join(', ')}.`,
      };
    }
  }
  const credentialsChanged = secrets.password !== undefined || secrets.clientSecret !== undefined;
  return credentialsChanged || affectsDelivery(previous.profile, profile) ? NOT_VERIFIED : previous.status;
}

/** Scopes a provider may leave out of the granted list without that meaning anything is missing. */
const OPTIONAL_SCOPES = new Set(['openid', 'email', 'profile', 'offline_access']);

function identity(auth: Profile['auth']): unknown[] {
  switch (auth.type) {
    case 'standard':
      return [auth.username];
    case 'google':
      return [auth.clientId, auth.email.toLowerCase()];
    case 'microsoft':
      return [auth.clientId, auth.tenant.toLowerCase(), auth.email.toLowerCase()];
    case 'generic':
      return [auth.clientId, auth.issuer, auth.authorizationEndpoint, auth.tokenEndpoint, auth.email.toLowerCase()];
  }
}
