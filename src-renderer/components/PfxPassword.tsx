// The password of a .pfx the admin chose: typed here, sent to main once to open the file, and
// not kept (the field clears when it closes). Main holds the file itself.
import { useId, useState } from 'react';

interface Props {
  fileName: string;
  busy: boolean;
  onOpen: (password: string) => void;
  onCancel: () => void;
}

export function PfxPassword({ fileName, busy, onOpen, onCancel }: Props) {
  const [password, setPassword] = useState('');
  const id = useId();
  return (
    // A group, not a form: it sits inside the profile form, whose Enter would save.
    <div className="pfx-password" role="group" aria-label={`Password for ${fileName}`}>
      <label htmlFor={id}>Password for {fileName}</label>
      <input
        id={id}
        type="password"
        autoComplete="off"
        autoFocus
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== 'Enter') return;
          event.preventDefault();
          if (password && !busy) onOpen(password);
        }}
        maxLength={1024}
      />
      <p className="field-hint">The password given when the certificate was exported with its private key.</p>
      <div className="button-row">
        <button type="button" onClick={() => onOpen(password)} disabled={busy || !password}>
          {busy ? 'Opening…' : 'Open'}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  );
}
