// Import: the file main opened, its key if sealed, a preview of every change, then all or nothing.
import { useState } from 'react';
import type { ImportPreview } from '../../src-shared/config-file';
import type { AppErrorData } from '../../src-shared/errors';
import { call, toErrorData } from '../api';
import { Dialog } from './Dialog';
import { TextField } from './fields';
import './ImportDialog.css';

export function ImportDialog({
  initial,
  onClose,
  onApplied,
}: {
  initial: ImportPreview;
  onClose: () => void;
  onApplied: () => void;
}) {
  const [preview, setPreview] = useState(initial);
  const [key, setKey] = useState('');
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);

  async function unlock() {
    setBusy(true);
    setError(null);
    try {
      setPreview(
        await call('previewImport', {
          sessionId: preview.sessionId,
          ...(preview.needs === 'passphrase' ? { passphrase: key } : { identity: key.trim() }),
        }),
      );
    } catch (e) {
      setError(toErrorData(e));
    } finally {
      setBusy(false);
    }
  }

  // Main holds the (possibly decrypted) file until told otherwise: free it now, not at the timeout.
  function cancel() {
    void call('cancelImport', { sessionId: preview.sessionId }).catch(() => undefined);
    onClose();
  }

  async function apply() {
    setBusy(true);
    setError(null);
    try {
      await call('applyImport', { sessionId: preview.sessionId });
      onApplied();
    } catch (e) {
      setError(toErrorData(e));
      setBusy(false);
    }
  }

  if (preview.needs) {
    return (
      <Dialog
        title={`Unlock ${preview.fileName}`}
        confirmLabel={busy ? 'Decrypting…' : 'Decrypt'}
        confirmDisabled={!key || busy}
        onConfirm={unlock}
        onCancel={cancel}
        error={error}
        wide
      >
        <p>This file is sealed with age.</p>
        {preview.needs === 'passphrase' ? (
          <TextField label="Passphrase" type="password" value={key} onChange={setKey} />
        ) : (
          <TextField
            label="age secret key"
            type="password"
            value={key}
            onChange={setKey}
            placeholder="AGE-SECRET-KEY-1…"
            wide
          />
        )}
      </Dialog>
    );
  }

  return (
    <Dialog
      title={`Import ${preview.fileName}`}
      confirmLabel={busy ? 'Importing…' : 'Apply import'}
      confirmDisabled={busy}
      onConfirm={apply}
      onCancel={cancel}
      error={error}
      wide
    >
      <p>These changes are applied together, or not at all:</p>
      <ul className="import-changes" aria-label="Changes">
        {preview.changes.map((change) => (
          <li key={change.name}>
            <strong>{change.action === 'create' ? 'Create' : 'Update'}</strong> {change.name}
            {change.action === 'update' ? (
              <span className="muted">
                {' '}
                — {change.changedFields.length ? `changes ${change.changedFields.join(', ')}` : 'no setting changes'}
              </span>
            ) : null}
            {change.secrets.length ? <span className="muted"> — with {change.secrets.join(', ')}</span> : null}
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
