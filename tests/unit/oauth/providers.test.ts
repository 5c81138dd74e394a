import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newProfile } from '../../../src-shared/new-profile';
import { redirectUriFor, scopesFor } from '../../../src-shared/oauth';
import type { Profile } from '../../../src-shared/profile';

const ID = randomUUID();

function microsoft(incoming: Profile['incoming']): Profile {
  return { ...newProfile(ID, 'x', 'microsoft'), incoming };
}

describe('scopes follow the provider and the protocols', () => {
  it('Google asks for the mail scope plus identity', () => {
    expect(scopesFor(newProfile(ID, 'x', 'google'))).toEqual(['https://mail.google.com/', 'openid', 'email']);
  });

  it('Microsoft asks for SMTP.Send, and IMAP or POP only when the profile uses them; never Graph', () => {
    const server = {
      host: 'outlook.office365.com',
      port: 993,
      security: 'tls' as const,
      validateCertificate: true,
      folder: 'INBOX',
      fetchIntervalMinutes: 5,
    };
    expect(scopesFor(microsoft(null))).toEqual([
      'https://outlook.office.com/SMTP.Send',
      'offline_access',
      'openid',
      'email',
    ]);
    expect(scopesFor(microsoft({ ...server, protocol: 'imap' }))).toContain(
      'https://outlook.office.com/IMAP.AccessAsUser.All',
    );
    expect(scopesFor(microsoft({ ...server, protocol: 'pop3' }))).toContain(
      'https://outlook.office.com/POP.AccessAsUser.All',
    );
    expect(scopesFor(microsoft({ ...server, protocol: 'pop3' }))).not.toContain(
      'https://outlook.office.com/IMAP.AccessAsUser.All',
    );
    for (const scope of scopesFor(microsoft({ ...server, protocol: 'imap' })))
      expect(scope).not.toMatch(/graph\.microsoft\.com/);
  });

  it('generic providers use the scope the admin typed', () => {
    const p = newProfile(ID, 'x', 'generic');
    expect(
      scopesFor({
        ...p,
        auth: { ...(p.auth as Extract<Profile['auth'], { type: 'generic' }>), scope: ' openid  smtp ' },
      }),
    ).toEqual(['openid', 'smtp']);
  });
});

describe('redirect URIs', () => {
  it('use the loopback IP literal, a path per provider, and a port only when fixed', () => {
    expect(redirectUriFor('google', null)).toBe('http://127.0.0.1/oauth/google');
    expect(redirectUriFor('microsoft', null)).toBe('http://127.0.0.1/oauth/microsoft');
    expect(redirectUriFor('generic', 53682)).toBe('http://127.0.0.1:53682/oauth/callback');
  });
});
