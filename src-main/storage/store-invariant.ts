// The store's invariant, checked every start, and the repairs for what an older version, a crash
// of the two-file layout (version 1: profiles.json + vault.json) or a hand edit could leave:
//   - every record is keyed by its own profile id, an app-made UUID v4;
//   - every secret belongs to a profile (secrets live inside the profile's record);
//   - tokens exist only with an authorization, and an authorization that claims a refresh token has one;
//   - `order` lists every profile exactly once.
// Repairs keep everything that can be kept and say what they did (no secret values in the text).
import { randomUUID } from 'node:crypto';
import {
  AUTH_TYPES,
  NO_HEALTH_SETTINGS,
  SECRET_KINDS,
  VERIFICATION_STATES,
  type SecretKind,
} from '../../src-shared/profile';
import { NOT_VERIFIED, type SealedSecrets, type StoredProfile } from '../profiles/profile-document';
import { adopt, type StoreState } from './profile-store';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const isProfileId = (id: unknown): id is string => typeof id === 'string' && UUID_V4.test(id);

export interface Checked {
  state: StoreState;
  /** One line per repair, for the log. Empty when the document already held the invariant. */
  repairs: string[];
  /** Records that could not be read as profiles at all: kept aside on disk, never dropped silently. */
  unreadable: unknown[];
}

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `raw` is profiles.json as parsed; `legacySecrets` is vault.json's `secrets` for a version-1
 * store (the secrets lived in their own file then). Pure: the caller writes the result.
 */
export function checkStore(raw: unknown, legacySecrets?: unknown, now = () => new Date()): Checked {
  const repairs: string[] = [];
  const unreadable: unknown[] = [];
  const doc = isObject(raw) ? raw : {};
  const rawProfiles = isObject(doc['profiles']) ? doc['profiles'] : {};
  const legacy = isObject(legacySecrets) ? legacySecrets : {};
  const profiles = new Map<string, StoredProfile>();
  const renamed = new Map<string, string>();

  for (const [key, value] of Object.entries(rawProfiles)) {
    if (!isObject(value) || !hasProfileShape(value['profile'])) {
      unreadable.push(value);
      repairs.push(`set aside an unreadable profile record "${key.slice(0, 64)}"`);
      continue;
    }
    let id = key;
    if (!isProfileId(key) || value['profile']['id'] !== key || profiles.has(key)) {
      id = randomUUID();
      renamed.set(key, id);
      repairs.push(
        `gave profile "${String(value['profile']['name']).slice(0, 100)}" a new id (its id "${key.slice(0, 64)}" was not an app-made id)`,
      );
    }
    const name = String(value['profile']['name'] ?? '');
    const fromRecord = isObject(value['secrets']) ? value['secrets'] : isObject(legacy[key]) ? legacy[key] : {};
    let secrets = knownSecrets(fromRecord);
    const auth = value['profile']['auth'] as Raw;
    let authorization = isObject(value['authorization'])
      ? (value['authorization'] as unknown as StoredProfile['authorization'])
      : null;
    let status = isStatus(value['status']) ? (value['status'] as StoredProfile['status']) : NOT_VERIFIED;

    if (auth['type'] === 'standard' && (secrets.accessToken || secrets.refreshToken || authorization)) {
      secrets = without(secrets, ['accessToken', 'refreshToken']);
      authorization = null;
      repairs.push(`removed OAuth tokens from the Standard profile "${name}"`);
    } else if (!authorization && (secrets.accessToken || secrets.refreshToken)) {
      secrets = without(secrets, ['accessToken', 'refreshToken']);
      repairs.push(`removed tokens that belonged to no recorded authorization from "${name}"`);
    } else if (authorization && authorization.hasRefreshToken && !secrets.refreshToken) {
      secrets = without(secrets, ['accessToken']);
      authorization = null;
      status = {
        state: 'reauthorization_required',
        lastVerifiedSend: null,
        reason: 'The stored authorization was incomplete after an interrupted save. Authorize again.',
      };
      repairs.push(`"${name}" had lost its refresh token: marked for re-authorization`);
    }
    const time = now().toISOString();
    profiles.set(
      id,
      adopt({
        profile: withDefaults(value['profile'] as unknown as StoredProfile['profile'], id),
        status,
        authorization,
        secrets,
        createdAt: typeof value['createdAt'] === 'string' ? value['createdAt'] : time,
        updatedAt: typeof value['updatedAt'] === 'string' ? value['updatedAt'] : time,
        revision: Number.isSafeInteger(value['revision']) ? (value['revision'] as number) : 0,
      }),
    );
  }

  const orphans = Object.keys(legacy).filter((id) => !Object.hasOwn(rawProfiles, id));
  if (orphans.length) repairs.push(`removed the secrets of ${orphans.length} profile(s) that no longer exist`);

  const listed = Array.isArray(doc['order']) ? doc['order'] : [];
  const order: string[] = [];
  for (const entry of listed) {
    const id = typeof entry === 'string' ? (renamed.get(entry) ?? entry) : undefined;
    if (id && profiles.has(id) && !order.includes(id)) order.push(id);
  }
  for (const id of profiles.keys()) if (!order.includes(id)) order.push(id);
  if (listed.length !== order.length || listed.some((id, i) => id !== order[i])) {
    if (Object.keys(rawProfiles).length > 0 || listed.length > 0) repairs.push('rebuilt the display order');
  }
  return { state: { order: Object.freeze(order), profiles }, repairs, unreadable };
}

/**
 * What every profile operation reads without asking: an auth type, a name (a save compares it
 * with every other profile's, so one record without it broke create, save, rename and import
 * for all), the outgoing server and the sender. A record without them is set aside.
 */
function hasProfileShape(profile: unknown): profile is Raw {
  return (
    isObject(profile) &&
    isObject(profile['auth']) &&
    (AUTH_TYPES as readonly unknown[]).includes(profile['auth']['type']) &&
    typeof profile['name'] === 'string' &&
    isObject(profile['outgoing']) &&
    isObject(profile['sender'])
  );
}

function knownSecrets(raw: Raw): SealedSecrets {
  const out: SealedSecrets = {};
  for (const kind of SECRET_KINDS) {
    const value = raw[kind];
    if (typeof value === 'string' && value !== '') out[kind] = value;
  }
  return out;
}

function without(secrets: SealedSecrets, kinds: SecretKind[]): SealedSecrets {
  const out = { ...secrets };
  for (const kind of kinds) delete out[kind];
  return out;
}

function isStatus(v: unknown): boolean {
  const time = (t: unknown) => t === undefined || t === null || typeof t === 'string';
  return (
    isObject(v) &&
    (VERIFICATION_STATES as readonly unknown[]).includes(v['state']) &&
    time(v['lastVerifiedSend']) &&
    time(v['lastVerifiedLogin'])
  );
}

/** Profiles from before a field existed get its default (what the schema's .default() gives). */
function withDefaults(profile: StoredProfile['profile'], id: string): StoredProfile['profile'] {
  return { ...profile, auth: authWithDefaults(profile.auth), health: profile.health ?? NO_HEALTH_SETTINGS, id };
}

/** Auth fields added later: a stored profile from before them reads as what it was (sign-in). */
function authWithDefaults(auth: StoredProfile['profile']['auth']): StoredProfile['profile']['auth'] {
  const raw = auth as Partial<Record<string, unknown>> & StoredProfile['profile']['auth'];
  if (auth.type === 'google') return { ...auth, credential: auth.credential ?? 'user', keyId: auth.keyId ?? '' };
  if (auth.type === 'microsoft')
    return { ...auth, permission: raw['permission'] === 'application' ? 'application' : 'delegated' };
  return auth;
}
