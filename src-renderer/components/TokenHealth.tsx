// Token health of an OAuth profile, ticking once a second: time left on the access token, the
// refresh token's age, Google's Testing limit, the client secret's expiry, and the two settings
// the admin can tell the app so it warns in time.
import { useEffect, useState } from 'react';
import type { HealthSettings, ProfileView } from '../../src-shared/profile';
import { isAppOnly } from '../../src-shared/oauth';
import { tokenHealth } from '../../src-shared/token-health';
import { CheckboxField, Section, TextField } from './fields';

export function TokenHealth({
  view,
  health,
  onChange,
  error,
}: {
  view: ProfileView;
  health: HealthSettings;
  onChange: (next: HealthSettings) => void;
  error: (field: string) => string | undefined;
}) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const items = tokenHealth({ ...view, profile: { ...view.profile, health } }, now);
  return (
    <Section title="Token health">
      <ul className="health-list field-wide" aria-label="Token health">
        {items.length === 0 ? (
          <li className="muted">
            {isAppOnly(view.profile.auth)
              ? 'No token yet: the first test send gets one.'
              : 'No tokens yet: authorize the mailbox above.'}
          </li>
        ) : null}
        {items.map((item) => (
          <li key={item.id} className={`health-${item.level}`}>
            {item.text}
          </li>
        ))}
      </ul>
      {view.profile.auth.type === 'google' && !isAppOnly(view.profile.auth) ? (
        <CheckboxField
          label="The Google app is in Testing"
          checked={health.googleAppInTesting}
          onChange={(googleAppInTesting) => onChange({ ...health, googleAppInTesting })}
          hint="Apps in Testing lose their refresh tokens 7 days after consent; the app warns before."
        />
      ) : null}
      <TextField
        label="Client secret expires on"
        type="date"
        value={health.clientSecretExpiresOn}
        onChange={(clientSecretExpiresOn) => onChange({ ...health, clientSecretExpiresOn })}
        hint="From Certificates & secrets (Microsoft) or the credentials page: a banner appears 30 days before."
        error={error('clientSecretExpiresOn')}
      />
    </Section>
  );
}
