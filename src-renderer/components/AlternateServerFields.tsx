// The alternate SMTP server, under the primary: what ServiceDesk Plus calls the secondary server.
// Off by default; when on, it is a full server of its own (host, encryption, port, certificate).
import type { ServerSettings } from '../../src-shared/profile';
import { CheckboxField, SubHeading } from './fields';
import { ServerFields } from './ServerFields';

interface Props {
  primary: ServerSettings;
  value: ServerSettings | null;
  onChange: (next: ServerSettings | null, touchedField?: keyof ServerSettings) => void;
  error: (field: keyof ServerSettings) => string | undefined;
  onBlur: (field: keyof ServerSettings) => void;
}

const LABELS = {
  host: 'Alternate mail server',
  port: 'Alternate port',
  security: 'Alternate encryption',
  validate: 'Validate alternate server certificate',
};

export function AlternateServerFields({ primary, value, onChange, error, onBlur }: Props) {
  return (
    <>
      <SubHeading description="Used only when the server above cannot be reached: the connection is refused, it does not answer in time, or the TLS handshake fails. A refused login or message is not retried there, since the alternate would get the same credentials.">
        Alternate SMTP server (failover)
      </SubHeading>
      <CheckboxField
        label="Use an alternate SMTP server"
        wide
        checked={value !== null}
        // Starts from the primary's encryption and port: most relays pair like that.
        onChange={(on) => onChange(on ? { ...primary, host: '' } : null)}
      />
      {value ? (
        <ServerFields
          kind="smtp"
          labels={LABELS}
          value={value}
          onChange={(next, field) => onChange(next, field)}
          error={error}
          onBlur={onBlur}
        />
      ) : null}
    </>
  );
}
