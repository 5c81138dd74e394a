// Which durability class a transaction's changes need (document-writer.ts). Decided here, from
// what actually changed, not by the caller: a change can wait for a deferred write only if losing
// it in a crash costs nothing the app cannot get back. That is a status (the next test says it
// again) and a new access token with its expiry (the app refreshes again, with the refresh token
// that is still on disk). Everything else is durable: settings, secrets, an added, removed or
// reordered profile, an authorization, and above all a rotated refresh token, whose loss would
// leave the app holding a spent one and the grant dead.
import type { StoredProfile } from '../profiles/profile-document';
import type { Durability } from './document-writer';
import { isPlainObject } from '../json/plain-object';
import type { StoreState } from './profile-store';

/**
 * `changed`: the ids the transaction put or removed (the store passes them), so a change to one
 * profile among a thousand compares one record; without it every record is compared.
 */
export function durabilityOf(before: StoreState, after: StoreState, changed?: readonly string[]): Durability {
  if (before.order !== after.order && !sameOrder(before.order, after.order)) return 'durable';
  const ids = changed ?? new Set([...before.profiles.keys(), ...after.profiles.keys()]);
  for (const id of ids) {
    const previous = before.profiles.get(id);
    const next = after.profiles.get(id);
    if (previous === next) continue;
    if (!previous || !next || !onlyCacheChanged(previous, next)) return 'durable';
  }
  return 'deferred';
}

function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function onlyCacheChanged(previous: StoredProfile, next: StoredProfile): boolean {
  return (
    same(previous.profile, next.profile) &&
    previous.createdAt === next.createdAt &&
    previous.updatedAt === next.updatedAt &&
    onlyAccessTokenChanged(previous.secrets, next.secrets) &&
    // The same object (a status change shares it) needs no copies without the token times.
    (previous.authorization === next.authorization ||
      same(withoutTokenTimes(previous.authorization), withoutTokenTimes(next.authorization)))
  );
}

function onlyAccessTokenChanged(previous: StoredProfile['secrets'], next: StoredProfile['secrets']): boolean {
  if (previous === next) return true;
  // A token removed (sign-out, a refusal) must not come back after a crash: only a new value waits.
  const { accessToken: oldToken, ...oldSecrets } = previous;
  const { accessToken: newToken, ...newSecrets } = next;
  if (oldToken !== undefined && newToken === undefined) return false;
  return same(oldSecrets, newSecrets);
}

function withoutTokenTimes(authorization: StoredProfile['authorization']) {
  if (!authorization) return authorization;
  const { accessTokenExpiresAt: _expires, lastRefreshAt: _refreshed, ...rest } = authorization;
  return rest;
}

/**
 * Records are JSON (the store's schema): the same keys with the same values are the same value.
 * Shared parts are the same object, so most of a record is settled by identity, without a walk.
 * A key holding undefined on one side only counts as a difference: when unsure, durable. Anything
 * that is not an array or a plain object (none is expected) is compared as the JSON it becomes.
 */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return JSON.stringify(a) === JSON.stringify(b);
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  const one = a as Record<string, unknown>;
  const other = b as Record<string, unknown>;
  for (const key of keys) {
    if (!Object.hasOwn(other, key)) return false;
    // Equal strings, numbers and shared parts settle here, without a call.
    if (one[key] !== other[key] && !same(one[key], other[key])) return false;
  }
  return true;
}
