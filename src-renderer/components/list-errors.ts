// The inline error of a field inside a list entry: its own, or the entry's (a name used twice is
// reported on the entry, senders.1, not on senders.1.purpose) once the field was touched.
import type { ProfileDraft } from '../hooks/useProfileDraft';

export function entryFieldError(draft: ProfileDraft, entry: string, field: string): string | undefined {
  const path = `${entry}.${field}`;
  return draft.visibleError(path) ?? draft.visibleErrorsUnder(entry, path).find(([rel]) => rel === '')?.[1];
}

/** A list-valued field (one address per line): its own error, or the first line's, numbered. */
export function listFieldError(draft: ProfileDraft, path: string): string | undefined {
  const [first] = draft.visibleErrorsUnder(path);
  if (!first) return undefined;
  const [rel, message] = first;
  const line = Number(rel.split('.')[0]);
  return rel === '' || !Number.isInteger(line) ? message : `Line ${line + 1}: ${message}`;
}
