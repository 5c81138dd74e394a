// Export: which profiles, which format, and an explicit choice about secrets every time.
import { useState } from 'react';
import {
  EXPORT_FORMAT_LABELS,
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportResult,
  type SecretMode,
  type SecretsChoice,
} from '../../src-shared/config-file';
import type { AppErrorData } from '../../src-shared/errors';
import { isAppOnly } from '../../src-shared/oauth';
import type { ProfileView } from '../../src-shared/profile';
import { call, toErrorData } from '../api';
import { Dialog } from './Dialog';
import { CheckboxField, SelectField, TextField } from './fields';

const SECRET_OPTIONS: { value: SecretMode; label: string; hint: string }[] = [
  { value: 'omit', label: 'Leave secrets out', hint: 'Placeholders; the server admin fills them in.' },
  {
    value: 'recipient',
    label: "Seal to the server's age key",
    hint: "Only the server's private key opens it (age -d -i key).",
  },
  {
    value: 'passphrase',
    label: 'Seal with a passphrase',
    hint: 'age -d asks for the passphrase. Share it separately.',
  },
  {
    value: 'plaintext',
    label: 'Include secrets in plain text',
    hint: 'Anyone who can read the file can use the account.',
  },
];

export function ExportDialog({
  profiles,
  selectedId,
  onClose,
}: {
  profiles: ProfileView[];
  selectedId: string | null;
  onClose: () => void;
}) {
  const [ids, setIds] = useState<string[]>(selectedId ? [selectedId] : profiles.map((p) => p.profile.id));
  const [format, setFormat] = useState<ExportFormat>('json');
  const [mode, setMode] = useState<SecretMode>('omit');
  const [recipient, setRecipient] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirmPassphrase, setConfirmPassphrase] = useState('');
  const [plaintextConfirmed, setPlaintextConfirmed] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [done, setDone] = useState<ExportResult | null>(null);
  const [busy, setBusy] = useState(false);

  const oneOnly = format !== 'json';
  const problem =
    ids.length === 0
      ? 'Choose at least one profile.'
      : oneOnly && ids.length !== 1
        ? 'A .env or properties file configures one account: choose one profile.'
        : mode === 'recipient' && !/^age1[0-9a-z]{58}$/.test(recipient.trim())
          ? "Paste the server's age public key (age1…)."
          : mode === 'passphrase' && passphrase !== confirmPassphrase
            ? 'The passphrases do not match.'
            : mode === 'passphrase' && passphrase.length === 0
              ? 'Enter a passphrase.'
              : mode === 'plaintext' && !plaintextConfirmed
                ? 'Confirm that the file will hold secrets in plain text.'
                : null;

  function choice(): SecretsChoice {
    switch (mode) {
      case 'omit':
        return { mode };
      case 'recipient':
        return { mode, recipient: recipient.trim() };
      case 'passphrase':
        return { mode, passphrase };
      case 'plaintext':
        return { mode, confirmed: true };
    }
  }

  async function run() {
    setBusy(true);
    setError(null);
    try {
      const result = await call('exportProfiles', { ids, format, secrets: choice() });
      if (result.cancelled) return;
      setDone(result);
    } catch (e) {
      setError(toErrorData(e));
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <Dialog title="Export complete" confirmLabel="Close" onConfirm={onClose} onCancel={onClose}>
        <div className="result result-success" role="status" aria-label="Export result">
          <p>
            {done.profiles === 1 ? '1 profile' : `${done.profiles} profiles`} written to <code>{done.path}</code>
            {done.sealed ? ', sealed with age' : ''} (owner-only file).
          </p>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog
      title="Export profiles"
      confirmLabel={busy ? 'Exporting…' : 'Export…'}
      confirmDisabled={!!problem || busy}
      onConfirm={run}
      onCancel={onClose}
      error={error}
      wide
    >
      <fieldset className="choice-group">
        <legend>Profiles</legend>
        {profiles.map((view) => (
          <CheckboxField
            key={view.profile.id}
            label={view.profile.name}
            checked={ids.includes(view.profile.id)}
            onChange={(on) =>
              setIds((current) => (on ? [...current, view.profile.id] : current.filter((id) => id !== view.profile.id)))
            }
          />
        ))}
      </fieldset>
      <SelectField<ExportFormat>
        label="Format"
        value={format}
        options={EXPORT_FORMATS.map((f) => ({ value: f, label: EXPORT_FORMAT_LABELS[f] }))}
        onChange={setFormat}
      />
      <fieldset className="choice-group">
        <legend>Secrets (passwords, client secrets, refresh tokens)</legend>
        {SECRET_OPTIONS.map((option) => (
          <div className="radio" key={option.value}>
            <input
              type="radio"
              id={`secrets-${option.value}`}
              name="secrets"
              checked={mode === option.value}
              onChange={() => setMode(option.value)}
              aria-describedby={`secrets-${option.value}-hint`}
            />
            <label htmlFor={`secrets-${option.value}`}>{option.label}</label>
            <p className="field-hint" id={`secrets-${option.value}-hint`}>
              {option.hint}
            </p>
          </div>
        ))}
      </fieldset>
      {mode === 'recipient' ? (
        <TextField label="Server's age public key" value={recipient} onChange={setRecipient} placeholder="age1…" wide />
      ) : null}
      {mode === 'passphrase' ? (
        <>
          <TextField
            label="Passphrase"
            type="password"
            value={passphrase}
            onChange={setPassphrase}
            hint="At least 12 characters mixing kinds, or 20+ characters."
          />
          <TextField
            label="Repeat passphrase"
            type="password"
            value={confirmPassphrase}
            onChange={setConfirmPassphrase}
          />
        </>
      ) : null}
      {mode === 'plaintext' ? (
        <CheckboxField
          label="I understand the file will hold passwords and tokens in plain text"
          checked={plaintextConfirmed}
          onChange={setPlaintextConfirmed}
          hint="Move it to the server over a secure channel and delete the copy here."
        />
      ) : null}
      {mode !== 'omit' && profiles.some((v) => ids.includes(v.profile.id) && v.authorization?.hasRefreshToken) ? (
        <p className="field-hint" role="note">
          The file hands each OAuth authorization to the server: its refresh token will have one holder, the server.
          This workstation keeps testing until its access token expires, then you authorize it again for a grant of its
          own.
        </p>
      ) : null}
      {profiles.some((v) => ids.includes(v.profile.id) && signsInOnServer(v)) ? (
        <p className="field-hint" role="note">
          Not authorized yet: the server can sign in itself with “mailprefs authorize --device FILE” (a code to enter in
          any browser), so its refresh token is born there and never travels in the file.
        </p>
      ) : null}
      {problem ? <p className="field-hint">{problem}</p> : null}
    </Dialog>
  );
}

/** A delegated profile nobody authorized yet, at a provider with device sign-in (not Google's mail scope). */
function signsInOnServer(view: ProfileView): boolean {
  const { auth } = view.profile;
  return (auth.type === 'microsoft' || auth.type === 'generic') && !isAppOnly(auth) && view.authorization === null;
}
