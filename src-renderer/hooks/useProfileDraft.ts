// The form's working copy of one profile: the edited settings, the secrets typed so far, which
// fields the admin has touched (errors show only there), whether anything is unsaved, and the
// version it is based on. When main's version moves on (a rename, an authorization's fill-in, a
// status change), fields the admin has not changed take the new values; a field both changed
// becomes a conflict the admin resolves, never a silent revert.
import { useCallback, useMemo, useState } from 'react';
import type { SecretUpdate } from '../../src-shared/ipc';
import { mergeProfiles, sameValue, valueAt, withValueAt, type MergeConflict } from '../../src-shared/merge-profile';
import type { Profile, ProfileView } from '../../src-shared/profile';
import { useValidator, type FieldErrors } from '../validation/validator';

export interface SecretInputs {
  password: string;
  clientSecret: string;
}

const NO_SECRETS: SecretInputs = { password: '', clientSecret: '' };

export interface ProfileDraft {
  profile: Profile;
  secrets: SecretInputs;
  errors: FieldErrors;
  /** Errors for the fields the admin has touched: what the form shows inline. */
  visibleError: (path: string) => string | undefined;
  /**
   * Errors at `path` and below it (list entries: `receivers.0.addresses.2`), as [relative path,
   * message], once `touchedPath` (default: `path`) was touched. For fields that stand for a list.
   */
  visibleErrorsUnder: (path: string, touchedPath?: string) => [string, string][];
  touch: (path: string) => void;
  update: (change: (p: Profile) => Profile, touchedPath?: string) => void;
  setSecret: (kind: keyof SecretInputs, value: string) => void;
  dirty: boolean;
  valid: boolean;
  secretUpdate: () => SecretUpdate;
  reset: (view: ProfileView) => void;
  /**
   * A save of `sent` (with `sentSecrets`) came back as `view`: the draft is based on it, and
   * whatever the admin changed while it was on its way stays in the draft (still unsaved).
   */
  saved: (view: ProfileView, sent: Profile, sentSecrets: SecretInputs) => void;
  /** The revision the draft is based on: sent with Save so main can merge or refuse. */
  baseRevision: number;
  /** Fields changed both here and elsewhere since the form loaded. Save waits until each is resolved. */
  conflicts: MergeConflict[];
  resolveConflict: (path: string, keep: 'mine' | 'theirs') => void;
}

interface Based {
  base: ProfileView;
  profile: Profile;
  conflicts: MergeConflict[];
}

export function useProfileDraft(view: ProfileView): ProfileDraft {
  const [state, setState] = useState<Based>({ base: view, profile: view.profile, conflicts: [] });
  const [secrets, setSecrets] = useState<SecretInputs>(NO_SECRETS);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const { base, profile, conflicts } = state;

  const dirty = !sameValue(profile, base.profile) || secrets.password !== '' || secrets.clientSecret !== '';

  // A newer version from main: rebase the draft on it (React's "adjust state while rendering").
  // Newer only: right after a save the draft is based on the saved version while the list still
  // hands in the one before it, and rebasing onto that older one undid the save in the form.
  if (view.revision > base.revision || view.profile.id !== base.profile.id) {
    const { merged, conflicts: found } = mergeProfiles(base.profile, profile, view.profile);
    // Conflicts already open stay open (with the newest other value) unless the draft now agrees.
    const kept = conflicts.filter((c) => !found.some((f) => f.path === c.path));
    const next = [...kept, ...found].filter((c) => !sameValue(valueAt(merged, c.path), valueAt(view.profile, c.path)));
    setState({
      base: view,
      profile: merged,
      conflicts: next.map((c) => ({ ...c, theirs: valueAt(view.profile, c.path) })),
    });
  }

  const secretUpdate = useCallback(
    (): SecretUpdate => ({
      ...(secrets.password ? { password: secrets.password } : {}),
      ...(secrets.clientSecret ? { clientSecret: secrets.clientSecret } : {}),
    }),
    [secrets],
  );
  // Secrets go through the same schema main applies (no control characters), under "secrets.".
  const validate = useValidator();
  const errors = useMemo(
    (): FieldErrors => (validate ? validate(profile, secretUpdate()) : {}),
    [validate, profile, secretUpdate],
  );
  const touch = useCallback((path: string) => setTouched((t) => (t.has(path) ? t : new Set(t).add(path))), []);

  const update = useCallback(
    (change: (p: Profile) => Profile, touchedPath?: string) => {
      setState((s) => ({ ...s, profile: change(s.profile) }));
      if (touchedPath) touch(touchedPath);
    },
    [touch],
  );

  const reset = useCallback((next: ProfileView) => {
    setState({ base: next, profile: next.profile, conflicts: [] });
    setSecrets(NO_SECRETS);
    setTouched(new Set());
  }, []);

  const saved = useCallback((next: ProfileView, sent: Profile, sentSecrets: SecretInputs) => {
    setState((s) =>
      // Unchanged since it was sent: the saved version as it came back (main's fill-ins included).
      s.profile === sent
        ? { base: next, profile: next.profile, conflicts: [] }
        : (() => {
            const { merged, conflicts: found } = mergeProfiles(sent, s.profile, next.profile);
            return { base: next, profile: merged, conflicts: [...s.conflicts, ...found] };
          })(),
    );
    // A secret typed again meanwhile is a new one, still to be saved.
    setSecrets((current) => ({
      password: current.password === sentSecrets.password ? '' : current.password,
      clientSecret: current.clientSecret === sentSecrets.clientSecret ? '' : current.clientSecret,
    }));
    setTouched(new Set());
  }, []);

  const resolveConflict = useCallback((path: string, keep: 'mine' | 'theirs') => {
    setState((s) => {
      const conflict = s.conflicts.find((c) => c.path === path);
      if (!conflict) return s;
      return {
        ...s,
        profile: keep === 'theirs' ? withValueAt(s.profile, path, conflict.theirs) : s.profile,
        conflicts: s.conflicts.filter((c) => c.path !== path),
      };
    });
  }, []);

  return {
    profile,
    secrets,
    errors,
    visibleError: (path) => (touched.has(path) ? errors[path] : undefined),
    visibleErrorsUnder: (path, touchedPath = path) => (touched.has(touchedPath) ? errorsUnder(errors, path) : []),
    touch,
    update,
    setSecret: (kind, value) => {
      setSecrets((s) => ({ ...s, [kind]: value }));
      touch(`secrets.${kind}`);
    },
    dirty,
    valid: Object.keys(errors).length === 0,
    secretUpdate,
    reset,
    saved,
    baseRevision: base.revision,
    conflicts,
    resolveConflict,
  };
}

function errorsUnder(errors: FieldErrors, path: string): [string, string][] {
  return Object.entries(errors)
    .filter(([key]) => key === path || key.startsWith(`${path}.`))
    .map(([key, message]): [string, string] => [key.slice(path.length + 1), message]);
}
