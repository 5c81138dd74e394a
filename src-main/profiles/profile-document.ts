// The on-disk shape of profiles.json (non-secret settings and status metadata only).
import type { AuthorizationInfo } from '../../src-shared/oauth';
import type { Profile, ProfileStatus } from '../../src-shared/profile';

export interface StoredProfile {
  profile: Profile;
  status: ProfileStatus;
  /** OAuth profiles: metadata of the tokens in the vault (never the tokens). */
  authorization?: AuthorizationInfo | null;
  createdAt: string;
  updatedAt: string;
}

export interface ProfilesDocument {
  version: 1;
  /** Display order; the admin sees profiles in the order they were created. */
  order: string[];
  profiles: Record<string, StoredProfile>;
}

export const emptyProfiles = (): ProfilesDocument => ({ version: 1, order: [], profiles: {} });

export const NOT_VERIFIED: ProfileStatus = { state: 'not_verified', lastVerifiedSend: null, reason: null };
