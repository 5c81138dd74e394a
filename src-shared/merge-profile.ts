// Three-way merge of a profile edit: `base` is the version the form was loaded from, `mine` the
// admin's draft, `theirs` what is stored now (changed meanwhile by a rename, an authorization's
// fill-in, another save). A field only one side changed takes that side's value; a field both
// changed to different values is a conflict, left as `mine` for the admin to decide. Used by the
// form when a newer version arrives, and by main when a save is based on an older version.
import type { Profile } from './profile';

export interface MergeConflict {
  /** Dotted path, as in field errors: "sender.fromAddress", "auth.email". */
  path: string;
  mine: unknown;
  theirs: unknown;
}

export interface MergeResult {
  merged: Profile;
  conflicts: MergeConflict[];
}

type Json = unknown;

const isRecord = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function sameValue(a: Json, b: Json): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function mergeProfiles(base: Profile, mine: Profile, theirs: Profile): MergeResult {
  const conflicts: MergeConflict[] = [];
  const merged = merge(base, mine, theirs, '', conflicts) as Profile;
  return { merged, conflicts };
}

function merge(base: Json, mine: Json, theirs: Json, path: string, conflicts: MergeConflict[]): Json {
  if (sameValue(mine, theirs)) return mine;
  if (sameValue(mine, base)) return theirs;
  if (sameValue(theirs, base)) return mine;
  if (isRecord(base) && isRecord(mine) && isRecord(theirs) && mergeable(base, mine, theirs)) {
    const out: Record<string, Json> = {};
    for (const key of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
      out[key] = merge(base[key], mine[key], theirs[key], path ? `${path}.${key}` : key, conflicts);
    }
    return out;
  }
  conflicts.push({ path, mine, theirs });
  return mine;
}

/** Settings of different protocols (auth.type) or incoming kinds are not mixed field by field. */
function mergeable(base: Record<string, Json>, mine: Record<string, Json>, theirs: Record<string, Json>): boolean {
  for (const key of ['type', 'protocol']) {
    if (!(sameValue(base[key], mine[key]) && sameValue(base[key], theirs[key]))) return false;
  }
  return true;
}

/** The value at a dotted path (for showing a conflict's current value). */
export function valueAt(profile: Profile, path: string): Json {
  return path.split('.').reduce<Json>((v, key) => (isRecord(v) ? v[key] : undefined), profile);
}

/** A copy of the profile with the value at a dotted path replaced. */
export function withValueAt(profile: Profile, path: string, value: Json): Profile {
  const keys = path.split('.');
  const set = (node: Json, i: number): Json => {
    if (i === keys.length) return value;
    const record = isRecord(node) ? node : {};
    const key = keys[i]!;
    return { ...record, [key]: set(record[key], i + 1) };
  };
  return set(profile, 0) as Profile;
}
