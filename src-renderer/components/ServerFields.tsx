// Host, encryption, port and certificate validation for one mail server.
import { portAfterSecurityChange, type ServerKind } from '../../src-shared/presets';
import { SECURITY_LABELS, SECURITY_MODES } from '../../src-shared/profile-options';
import type { SecurityMode, ServerSettings } from '../../src-shared/profile';
import { CheckboxField, SelectField, TextField } from './fields';

interface Labels {
  host: string;
  port: string;
  security: string;
  validate: string;
}

const SMTP_LABELS: Labels = {
  host: 'Mail server',
  port: 'Port',
  security: 'Encryption',
  validate: 'Validate server certificate',
};

interface Props {
  kind: ServerKind;
  labels?: Labels;
  value: ServerSettings;
  onChange: (next: ServerSettings, touchedField?: keyof ServerSettings) => void;
  error: (field: keyof ServerSettings) => string | undefined;
  onBlur: (field: keyof ServerSettings) => void;
}

const SECURITY_OPTIONS = SECURITY_MODES.map((mode) => ({ value: mode, label: SECURITY_LABELS[mode] }));

export function ServerFields({ kind, labels = SMTP_LABELS, value, onChange, error, onBlur }: Props) {
  const setSecurity = (security: SecurityMode) =>
    onChange({
      ...value,
      security,
      port: portAfterSecurityChange(kind, Number.isFinite(value.port) ? value.port : null, value.security, security),
    });
  return (
    <>
      <TextField
        label={labels.host}
        value={value.host}
        placeholder={kind === 'smtp' ? 'smtp.example.com' : `${kind === 'pop3' ? 'pop' : kind}.example.com`}
        required
        onChange={(host) => onChange({ ...value, host }, 'host')}
        onBlur={() => onBlur('host')}
        error={error('host')}
      />
      <SelectField<SecurityMode>
        label={labels.security}
        value={value.security}
        options={SECURITY_OPTIONS}
        onChange={setSecurity}
        hint={value.security === 'none' ? 'Passwords and mail cross the network unencrypted.' : undefined}
      />
      <TextField
        label={labels.port}
        type="number"
        inputMode="numeric"
        value={Number.isFinite(value.port) ? String(value.port) : ''}
        required
        onChange={(text) => onChange({ ...value, port: text.trim() === '' ? Number.NaN : Number(text) }, 'port')}
        onBlur={() => onBlur('port')}
        error={error('port')}
        hint="Filled in from the encryption mode; change it if your server uses another port."
      />
      <CheckboxField
        label={labels.validate}
        checked={value.validateCertificate}
        onChange={(validateCertificate) => onChange({ ...value, validateCertificate })}
        hint={
          value.validateCertificate
            ? undefined
            : 'Off: any certificate is accepted, so the connection could be intercepted. Use only for internal servers.'
        }
      />
    </>
  );
}
