// Google service account: the key file's JSON pasted in, checked at once (parseServiceAccountKey),
// and taken apart: client_email and private_key_id into the profile, the private key into the
// draft's client secret (sent to main on Save, sealed there, never shown again). The pasted text
// is cleared as soon as it is taken, so the key does not sit in the form.
import { useState } from 'react';
import { parseServiceAccountKey, type ServiceAccountKey } from '../../src-shared/service-account-key';
import { TextAreaField } from './fields';

interface Props {
  /** The service account the profile holds a key for (its client_email), or ''. */
  account: string;
  keyStored: boolean;
  /** A pasted key waits in the draft for Save (false again once it is saved or discarded). */
  keyPending: boolean;
  onKey: (key: ServiceAccountKey) => void;
  error: string | undefined;
}

export function ServiceAccountKeyField({ account, keyStored, keyPending, onKey, error }: Props) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [taken, setTaken] = useState<string | null>(null);
  return (
    <TextAreaField
      label="Service account key (JSON)"
      wide
      rows={4}
      value={text}
      placeholder='{ "type": "service_account", "client_email": "…", "private_key": "…" }'
      onChange={(value) => {
        setText(value);
        if (!value.trim()) return setProblem(null);
        const parsed = parseServiceAccountKey(value);
        if (!parsed.ok) return setProblem(parsed.message);
        setProblem(null);
        setText('');
        setTaken(parsed.key.clientEmail);
        onKey(parsed.key);
      }}
      error={problem ?? error}
      hint={
        // Derived from the draft, not remembered here: after Save the stored key is what counts.
        taken && keyPending
          ? `Key for ${taken} taken from the file; it is stored encrypted when you save.`
          : keyStored && account
            ? `A key for ${account} is stored (encrypted). Paste a new key file to replace it.`
            : 'Paste the key file from Google Cloud › IAM › Service accounts › Keys › Add key › JSON. Only its private key is kept, encrypted.'
      }
    />
  );
}
