// The form's working copy of one profile: the edited settings, the secrets typed so far, which
// fields the admin has touched (errors show only there), and whether anything is unsaved.
import { useCallback, useMemo, useState } from 'react';
import { secretUpdateSchema, type SecretUpdate } from '../../src-shared/ipc';
import { profileSchema, type Profile, type ProfileView } from '../../src-shared/profile';
import { fieldErrors, type FieldErrors } from '../validation';

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
  touch: (path: string) => void;
  update: (change: (p: Profile) => Profile, touchedPath?: string) => void;
  setSecret: (kind: keyof SecretInputs, value: string) => void;
  dirty: boolean;
  valid: boolean;
  secretUpdate: () => SecretUpdate;
  reset: (view: ProfileView) => void;
}

export function useProfileDraft(view: ProfileView): ProfileDraft {
  const [base, setBase] = useState<Profile>(view.profile);
  const [profile, setProfile] = useState<Profile>(view.profile);
  const [secrets, setSecrets] = useState<SecretInputs>(NO_SECRETS);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());

  const dirty =
    JSON.stringify(profile) !== JSON.stringify(base) || secrets.password !== '' || secrets.clientSecret !== '';

  // Main can change a profile too (an authorization fills the account and From address). Adopt
  // the new version when it arrives, unless the admin is in the middle of editing.
  const version = `${view.updatedAt}|${view.authorization?.authorizedAt ?? ''}`;
  const [seenVersion, setSeenVersion] = useState(version);
  if (version !== seenVersion) {
    setSeenVersion(version);
    if (!dirty) {
      setBase(view.profile);
      setProfile(view.profile);
    }
  }

  const secretUpdate = useCallback(
    (): SecretUpdate => ({
      ...(secrets.password ? { password: secrets.password } : {}),
      ...(secrets.clientSecret ? { clientSecret: secrets.clientSecret } : {}),
    }),
    [secrets],
  );
  // Secrets go through the same schema main applies (no control characters), under "secrets.".
  const errors = useMemo(() => {
    const secretErrors = fieldErrors(secretUpdateSchema.safeParse(secretUpdate()));
    return {
      ...fieldErrors(profileSchema.safeParse(profile)),
      ...Object.fromEntries(Object.entries(secretErrors).map(([path, message]) => [`secrets.${path}`, message])),
    };
  }, [profile, secretUpdate]);
  const touch = useCallback((path: string) => setTouched((t) => (t.has(path) ? t : new Set(t).add(path))), []);

  const update = useCallback(
    (change: (p: Profile) => Profile, touchedPath?: string) => {
      setProfile(change);
      if (touchedPath) touch(touchedPath);
    },
    [touch],
  );

  const reset = useCallback((next: ProfileView) => {
    setBase(next.profile);
    setProfile(next.profile);
    setSecrets(NO_SECRETS);
    setTouched(new Set());
  }, []);

  return {
    profile,
    secrets,
    errors,
    visibleError: (path) => (touched.has(path) ? errors[path] : undefined),
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
  };
}
