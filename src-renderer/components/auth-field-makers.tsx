// The account fields' two repeated shapes: a text field bound to one auth setting (read-only
// while an authorization will fill the mailbox in), and the client secret.
import type { AuthSettings } from '../../src-shared/profile';
import type { AuthFieldsProps } from './AuthFields';
import { SecretField, TextField } from './fields';

export function authFieldMakers(props: AuthFieldsProps) {
  const { auth, onChange, onBlur, error } = props;
  const text = (field: string, label: string, extra: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField
      label={label}
      value={String((auth as unknown as Record<string, unknown>)[field] ?? '')}
      onChange={(v) => onChange({ ...auth, [field]: v } as AuthSettings, field)}
      onBlur={() => onBlur(field)}
      error={error(field)}
      {...extra}
      {...(field === 'email' && props.emailLockedReason ? { readOnly: true, hint: props.emailLockedReason } : {})}
    />
  );
  const clientSecret = (optional: boolean, hint?: string) => (
    <SecretField
      label="Client secret"
      hint={hint}
      value={props.secrets.clientSecret}
      stored={props.stored.clientSecret}
      optional={optional}
      onChange={(v) => props.setSecret('clientSecret', v)}
      error={props.secretError('clientSecret')}
    />
  );
  return { text, clientSecret };
}
