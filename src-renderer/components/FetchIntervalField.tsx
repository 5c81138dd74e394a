// How often the server fetches incoming mail (ServiceDesk Plus' "fetch interval"), in minutes.
import { TextField } from './fields';

interface Props {
  value: number;
  onChange: (minutes: number) => void;
  onBlur: () => void;
  error: string | undefined;
}

export function FetchIntervalField({ value, onChange, onBlur, error }: Props) {
  return (
    <TextField
      label="Fetch interval (minutes)"
      type="number"
      inputMode="numeric"
      value={Number.isFinite(value) ? String(value) : ''}
      required
      // Empty is NaN, so the schema says "enter the interval" rather than taking 0.
      onChange={(text) => onChange(text.trim() === '' ? Number.NaN : Number(text))}
      onBlur={onBlur}
      error={error}
      hint="How often the server checks this mailbox for new mail: 1 to 1440 minutes. The test here fetches once."
    />
  );
}
