// Builders for valid profiles in tests.
import { newProfile } from '../../src-shared/new-profile';
import type { Profile, SecurityMode } from '../../src-shared/profile';
import { SMTP_USER } from './smtp-server';

export function standardProfile(
  id: string,
  port: number,
  overrides: { security?: SecurityMode; validateCertificate?: boolean; username?: string; name?: string } = {},
): Profile {
  const base = newProfile(id, overrides.name ?? 'Help desk', 'standard');
  return {
    ...base,
    auth: { type: 'standard', useAuthentication: true, username: overrides.username ?? SMTP_USER },
    outgoing: {
      host: '127.0.0.1',
      port,
      security: overrides.security ?? 'starttls',
      validateCertificate: overrides.validateCertificate ?? false,
    },
    sender: { fromAddress: SMTP_USER, displayName: 'Help Desk', replyTo: 'support@example.test' },
  };
}
