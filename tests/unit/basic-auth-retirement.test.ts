import { describe, expect, it } from 'vitest';
import { basicAuthRetirement, switchToOAuth } from '../../src-shared/basic-auth-retirement';
import { standardProfile } from '../support/profiles';

const ID = '6f1c2a3b-4d5e-4f60-8a7b-8c9d0e1f2a3b';
const on = (host: string) => {
  const p = standardProfile(ID, 587, { username: 'helpdesk@contoso.com' });
  return { ...p, outgoing: { ...p.outgoing, host } };
};

describe('basic-auth retirement', () => {
  it.each([
    ['smtp.office365.com', 'microsoft'],
    ['SMTP.Office365.com', 'microsoft'],
    ['smtp-mail.outlook.com', 'microsoft'],
    ['smtp.gmail.com', 'google'],
    ['mail.contoso.com', null],
    ['office365.com.evil.example', null],
  ])('%s → %s', (host, provider) => {
    expect(basicAuthRetirement(on(host))?.provider ?? null).toBe(provider);
  });

  it('switching keeps servers, sender and description; the mailbox and its tenant carry over', () => {
    const before = { ...on('smtp.office365.com'), description: 'alerts' };
    const after = switchToOAuth(before, 'microsoft');
    expect(after.auth).toEqual({
      type: 'microsoft',
      email: 'helpdesk@contoso.com',
      clientId: '',
      tenant: 'contoso.com',
      redirectPort: null,
      permission: 'delegated',
      appCredential: 'secret',
      certificateThumbprint: '',
    });
    expect(after.outgoing).toEqual(before.outgoing);
    expect(after.sender).toEqual(before.sender);
    expect(after.description).toBe('alerts');
    expect(basicAuthRetirement(after)).toBeNull();
  });
});
