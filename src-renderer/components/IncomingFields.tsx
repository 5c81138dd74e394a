// The optional incoming server: IMAP or POP3, with ports following the protocol and security.
import { DEFAULT_FETCH_INTERVAL } from '../../src-shared/delivery-limits';
import { DEFAULT_PORTS, presetForAuthType } from '../../src-shared/presets';
import { INCOMING_PROTOCOLS } from '../../src-shared/profile-options';
import type { AuthType, IncomingProtocol, IncomingSettings, ServerSettings } from '../../src-shared/profile';
import { CheckboxField, SelectField, TextField } from './fields';
import { FetchIntervalField } from './FetchIntervalField';
import { ServerFields } from './ServerFields';

interface Props {
  authType: AuthType;
  value: IncomingSettings | null;
  onChange: (next: IncomingSettings | null, touchedField?: string) => void;
  error: (field: string) => string | undefined;
  onBlur: (field: string) => void;
}

const LABELS: Record<IncomingProtocol, string> = { imap: 'IMAP', pop3: 'POP3' };

export function defaultIncoming(authType: AuthType, protocol: IncomingProtocol = 'imap'): IncomingSettings {
  const preset = presetForAuthType(authType)?.servers[protocol];
  return preset
    ? {
        protocol,
        host: preset.host,
        port: preset.port,
        security: preset.security,
        validateCertificate: true,
        folder: 'INBOX',
        fetchIntervalMinutes: DEFAULT_FETCH_INTERVAL,
      }
    : {
        protocol,
        host: '',
        port: DEFAULT_PORTS[protocol].tls,
        security: 'tls',
        validateCertificate: true,
        folder: 'INBOX',
        fetchIntervalMinutes: DEFAULT_FETCH_INTERVAL,
      };
}

export function IncomingFields({ authType, value, onChange, error, onBlur }: Props) {
  return (
    <>
      <CheckboxField
        label="Fetch mail from this account (IMAP or POP3)"
        checked={value !== null}
        onChange={(on) => onChange(on ? defaultIncoming(authType) : null)}
        hint={
          authType === 'microsoft'
            ? 'Microsoft grants IMAP or POP access only when asked for it: after changing this, authorize again.'
            : undefined
        }
      />
      {value ? (
        <>
          <SelectField<IncomingProtocol>
            label="Incoming protocol"
            value={value.protocol}
            options={INCOMING_PROTOCOLS.map((p) => ({ value: p, label: LABELS[p] }))}
            onChange={(protocol) => {
              const preset = defaultIncoming(authType, protocol);
              onChange({
                ...value,
                protocol,
                port: preset.port,
                host: value.host || preset.host,
                security: preset.security,
              });
            }}
          />
          <ServerFields
            kind={value.protocol}
            labels={{
              host: 'Incoming mail server',
              port: 'Incoming port',
              security: 'Incoming encryption',
              validate: 'Validate incoming server certificate',
            }}
            value={value}
            onChange={(server: ServerSettings, field) => onChange({ ...value, ...server }, field)}
            error={(field) => error(field)}
            onBlur={(field) => onBlur(field)}
          />
          {value.protocol === 'imap' ? (
            <TextField
              label="Folder"
              value={value.folder}
              onChange={(folder) => onChange({ ...value, folder }, 'folder')}
              hint="The folder the server reads; counted by the test."
            />
          ) : null}
          <FetchIntervalField
            value={value.fetchIntervalMinutes}
            onChange={(fetchIntervalMinutes) => onChange({ ...value, fetchIntervalMinutes }, 'fetchIntervalMinutes')}
            onBlur={() => onBlur('fetchIntervalMinutes')}
            error={error('fetchIntervalMinutes')}
          />
        </>
      ) : null}
    </>
  );
}
