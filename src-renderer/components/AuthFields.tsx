// The account fields for each authorization protocol. Standard's are here; the OAuth protocols'
// (Google, Office 365, generic) are their own chunk with the rest of the OAuth form (LazyOAuth).
import type { AuthSettings, SecretFlags } from '../../src-shared/profile';
import type { SecretInputs } from '../hooks/useProfileDraft';
import { authFieldMakers } from './auth-field-makers';
import { CheckboxField, SecretField } from './fields';
import { OAuthAuthFields } from './LazyOAuth';

export interface AuthFieldsProps {
  auth: AuthSettings;
  onChange: (next: AuthSettings, touchedField?: string) => void;
  error: (field: string) => string | undefined;
  onBlur: (field: string) => void;
  secrets: SecretInputs;
  stored: SecretFlags;
  setSecret: (kind: keyof SecretInputs, value: string) => void;
  /** The inline error for a typed secret (e.g. a control character in it). */
  secretError: (kind: keyof SecretInputs) => string | undefined;
  /** Why the OAuth email address cannot be edited now (an authorization will fill it), or null. */
  emailLockedReason?: string | null;
  /** The profile the fields belong to (the app-only certificate is made for it). */
  profileId: string;
  profileName: string;
}

export function AuthFields(props: AuthFieldsProps) {
  const { auth, onChange } = props;
  if (auth.type !== 'standard') return <OAuthAuthFields {...props} auth={auth} />;
  const { text } = authFieldMakers(props);
  return (
    <>
      <CheckboxField
        label="Use authentication"
        checked={auth.useAuthentication}
        onChange={(useAuthentication) => onChange({ ...auth, useAuthentication })}
        hint={
          auth.useAuthentication ? undefined : 'Only for relays that accept mail from this network without a login.'
        }
      />
      {auth.useAuthentication ? (
        <>
          {text('username', 'Username', {
            required: true,
            autoComplete: 'username',
            hint: 'Usually the full email address.',
          })}
          <SecretField
            label="Password"
            value={props.secrets.password}
            stored={props.stored.password}
            onChange={(v) => props.setSecret('password', v)}
            error={props.secretError('password')}
          />
        </>
      ) : null}
    </>
  );
}
