// The form's validator loads as its own chunk, requested as soon as the first screen is up
// (preloadEditorChunks) or a form mounts. The first screen does not wait for it: errors show only
// on fields the admin has touched, and nothing is touched before the first keystroke. Until it
// is there a draft counts as valid; main validates every save with the same schemas regardless.
import { useEffect, useState } from 'react';
import type { validateDraft } from './validate-draft';

export type FieldErrors = Record<string, string>;
type Validate = typeof validateDraft;

let loaded: Validate | null = null;
let loading: Promise<Validate> | null = null;

export function loadValidator(): Promise<Validate> {
  loading ??= import('./validate-draft').then(
    (m) => (loaded = m.validateDraft),
    (error: unknown) => {
      loading = null; // a failed fetch may be retried by the next form
      throw error;
    },
  );
  return loading;
}

/** The validator once its chunk is there (re-renders then), null before. */
export function useValidator(): Validate | null {
  const [validate, setValidate] = useState<Validate | null>(() => loaded);
  useEffect(() => {
    if (validate) return;
    let live = true;
    loadValidator().then(
      (v) => live && setValidate(() => v),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [validate]);
  return validate;
}
