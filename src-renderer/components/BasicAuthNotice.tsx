// Shown on a Standard profile whose server is Office 365 or Gmail: what is changing and when,
// and a one-click switch to OAuth 2.0 that keeps the servers and the sender.
import { basicAuthRetirement, switchToOAuth } from '../../src-shared/basic-auth-retirement';
import type { Profile } from '../../src-shared/profile';

export function BasicAuthNotice({ profile, onSwitch }: { profile: Profile; onSwitch: (next: Profile) => void }) {
  const retirement = basicAuthRetirement(profile);
  if (!retirement) return null;
  const label = retirement.provider === 'microsoft' ? 'Office 365 (OAuth 2.0)' : 'Google (OAuth 2.0)';
  return (
    <section className="notice notice-warning" aria-label="Password sign-in is being retired">
      <h2>Password sign-in is being retired for this server</h2>
      <p>{retirement.what}</p>
      <button type="button" onClick={() => onSwitch(switchToOAuth(profile, retirement.switchTo))}>
        Switch to {label}
      </button>
      <p className="field-hint">
        The servers, ports and sender stay as they are. Then fill in the app registration, save, and Authorize.
      </p>
    </section>
  );
}
