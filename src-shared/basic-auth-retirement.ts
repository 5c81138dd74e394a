// Providers retiring passwords for SMTP: a Standard profile pointed at Office 365 or Gmail is
// about to stop (or has stopped) working. Facts as data, so the form and its tests share them.
import { isValidEmail } from './validators';
import type { AuthType, Profile } from './profile';

export interface Retirement {
  provider: 'microsoft' | 'google';
  /** The protocol to switch to. */
  switchTo: Extract<AuthType, 'microsoft' | 'google'>;
  what: string;
}

const RETIREMENTS: { pattern: RegExp; retirement: Retirement }[] = [
  {
    pattern: /(^|\.)(office365\.com|outlook\.com|office\.com)$/i,
    retirement: {
      provider: 'microsoft',
      switchTo: 'microsoft',
      what: 'Exchange Online turns off basic authentication (user name and password) for SMTP AUTH by default from the end of December 2026. After that, this profile is refused with "535 5.7.139" or "550 5.7.30" unless it signs in with OAuth 2.0.',
    },
  },
  {
    pattern: /(^|\.)(gmail\.com|googlemail\.com)$/i,
    retirement: {
      provider: 'google',
      switchTo: 'google',
      what: 'Google Workspace and Gmail no longer accept the account password for SMTP ("less secure apps" are off); only app passwords, which need 2-Step Verification and can be revoked by policy, or OAuth 2.0.',
    },
  },
];

export function basicAuthRetirement(profile: Profile): Retirement | null {
  if (profile.auth.type !== 'standard') return null;
  return RETIREMENTS.find((r) => r.pattern.test(profile.outgoing.host.trim()))?.retirement ?? null;
}

/** Standard → OAuth 2.0 in place: servers, sender and description stay; the mailbox carries over. */
export function switchToOAuth(profile: Profile, type: Retirement['switchTo']): Profile {
  const username = profile.auth.type === 'standard' ? profile.auth.username : '';
  const email = isValidEmail(username)
    ? username
    : isValidEmail(profile.sender.fromAddress)
      ? profile.sender.fromAddress
      : '';
  const auth =
    type === 'microsoft'
      ? {
          type,
          email,
          clientId: '',
          tenant: email ? email.split('@')[1]! : 'organizations',
          redirectPort: null,
          permission: 'delegated' as const,
          appCredential: 'secret' as const,
          certificateThumbprint: '',
        }
      : { type, email, clientId: '', redirectPort: null, credential: 'user' as const, keyId: '' };
  return { ...profile, auth };
}
