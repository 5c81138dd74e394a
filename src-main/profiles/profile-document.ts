// The on-disk shape of profiles.json: every profile's settings, status, authorization metadata
// and its secrets' ciphertexts in ONE document, so they commit together or not at all (a crash
// can never leave a secret without its profile, or a profile without its secret).
import type { AuthorizationInfo } from '../../src-shared/oauth';
import type { Profile, ProfileStatus, SecretKind } from '../../src-shared/profile';

/** Cipher output, base64, by kind. Safe at rest: only this user on this machine can open it. */
export type SealedSecrets = Partial<Record<SecretKind, string>>;

export interface StoredProfile {
  profile: Profile;
  status: ProfileStatus;
  /** OAuth profiles: metadata of the tokens held in `secrets` (never the tokens). */
  authorization: AuthorizationInfo | null;
  secrets: SealedSecrets;
  createdAt: string;
  updatedAt: string;
  /** Bumped by every committed change of this profile: what optimistic checks compare. */
  revision: number;
}

export const STORE_VERSION = 2;

export interface ProfilesDocument {
  version: typeof STORE_VERSION;
  /** Display order; the admin sees profiles in the order they were created. */
  order: string[];
  profiles: Record<string, StoredProfile>;
}

export const emptyProfiles = (): ProfilesDocument => ({ version: STORE_VERSION, order: [], profiles: {} });

export const NOT_VERIFIED: ProfileStatus = { state: 'not_verified', lastVerifiedSend: null, reason: null };
