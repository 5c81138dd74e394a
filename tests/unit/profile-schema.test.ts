import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newProfile, switchAuthType } from '../../src-shared/new-profile';
import { AUTH_TYPES, profileSchema, type Profile } from '../../src-shared/profile';

const ID = randomUUID();

function valid(): Profile {
  const p = newProfile(ID, 'Help desk', 'standard');
  return {
    ...p,
    auth: { type: 'standard', useAuthentication: true, username: 'helpdesk@example.com' },
    outgoing: { ...p.outgoing, host: 'smtp.example.com' },
    sender: { fromAddress: 'helpdesk@example.com', displayName: 'Help Desk', replyTo: '' },
  };
}

function issues(value: unknown): Record<string, string> {
  const r = profileSchema.safeParse(value);
  if (r.success) return {};
  return Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('profile schema', () => {
  it('accepts a complete Standard profile', () => {
    expect(profileSchema.parse(valid())).toEqual(valid());
  });

  it('names each invalid field with a message that says what to do', () => {
    const p = valid();
    const bad = {
      ...p,
      outgoing: { ...p.outgoing, host: 'smtp://x', port: 0 },
      sender: { ...p.sender, fromAddress: 'nope', replyTo: 'x@' },
    };
    expect(issues(bad)).toEqual({
      'outgoing.host': expect.stringMatching(/host name/),
      'outgoing.port': 'Enter a port between 1 and 65535.',
      'sender.fromAddress': expect.stringMatching(/email address/),
      'sender.replyTo': expect.stringMatching(/leave it empty/),
    });
  });

  it('requires a username only when authentication is used', () => {
    const p = valid();
    expect(issues({ ...p, auth: { type: 'standard', useAuthentication: true, username: '' } })).toHaveProperty(
      'auth.username',
    );
    expect(issues({ ...p, auth: { type: 'standard', useAuthentication: false, username: '' } })).toEqual({});
  });

  it('validates the Microsoft tenant and the Google client id', () => {
    const p = valid();
    expect(
      issues({ ...p, auth: { type: 'microsoft', email: 'a@contoso.com', clientId: 'x', tenant: 'contoso' } }),
    ).toHaveProperty('auth.tenant');
    expect(issues({ ...p, auth: { type: 'google', email: 'a@gmail.com', clientId: '' } })).toHaveProperty(
      'auth.clientId',
    );
  });

  it('needs an issuer or both endpoints for a generic provider, over https', () => {
    const base = {
      type: 'generic',
      email: 'a@example.com',
      clientId: 'c',
      issuer: '',
      authorizationEndpoint: '',
      tokenEndpoint: '',
      scope: 'smtp',
      clientAuthMethod: 'client_secret_post',
    } as const;
    expect(issues({ ...valid(), auth: base })).toHaveProperty('auth.issuer');
    expect(issues({ ...valid(), auth: { ...base, issuer: 'https://id.example.com' } })).toEqual({});
    expect(issues({ ...valid(), auth: { ...base, issuer: 'http://id.example.com' } })).toHaveProperty('auth.issuer');
    expect(
      issues({
        ...valid(),
        auth: { ...base, authorizationEndpoint: 'https://id.example.com/a', tokenEndpoint: 'https://id.example.com/t' },
      }),
    ).toEqual({});
  });

  it('rejects an unknown auth type', () => {
    expect(issues({ ...valid(), auth: { type: 'kerberos' } })).toHaveProperty('auth.type');
  });

  it('models an incoming IMAP or POP3 server', () => {
    const incoming = {
      protocol: 'imap',
      host: 'imap.example.com',
      port: 993,
      security: 'tls',
      validateCertificate: true,
      folder: 'INBOX',
    };
    expect(issues({ ...valid(), incoming })).toEqual({});
    expect(issues({ ...valid(), incoming: { ...incoming, protocol: 'ews' } })).toHaveProperty('incoming.protocol');
  });

  it('never throws on arbitrary input (fuzzed)', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const r = profileSchema.safeParse(value);
        return typeof r.success === 'boolean';
      }),
    );
  });

  it('keeps the account address when switching protocols, and moves untouched servers to the preset', () => {
    const google = switchAuthType(valid(), 'google');
    expect(google.auth).toEqual({
      type: 'google',
      email: 'helpdesk@example.com',
      clientId: '',
      redirectPort: null,
      credential: 'user',
      keyId: '',
    });
    expect(google.outgoing.host).toBe('smtp.example.com'); // typed by the admin: kept
    const fresh = switchAuthType(newProfile(ID, 'x', 'standard'), 'microsoft');
    expect(fresh.outgoing).toMatchObject({ host: 'smtp.office365.com', port: 587, security: 'starttls' });
    for (const type of AUTH_TYPES) expect(switchAuthType(valid(), type).auth.type).toBe(type);
  });
});
