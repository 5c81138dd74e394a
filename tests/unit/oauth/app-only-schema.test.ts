// The Office 365 "Application permission, no sign-in" choice in the schema: delegated stays the
// default (profiles and config files written before the choice existed read unchanged), an
// app-only profile names its mailbox and its tenant, and asks only for the .default scope.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { configDocumentSchema } from '../../../src-shared/config-file';
import { newProfile } from '../../../src-shared/new-profile';
import { isAppOnly, MICROSOFT, scopesFor } from '../../../src-shared/oauth';
import { profileSchema, type Profile } from '../../../src-shared/profile';
import { parseDocument } from '../../../src-main/export/parse-config-document';

const ID = randomUUID();
type MicrosoftAuth = Extract<Profile['auth'], { type: 'microsoft' }>;

function microsoft(auth: Partial<MicrosoftAuth>, incoming: Profile['incoming'] = null): Profile {
  const p = newProfile(ID, 'Help desk', 'microsoft');
  return {
    ...p,
    auth: { ...(p.auth as MicrosoftAuth), clientId: 'app-1', tenant: 'contoso.com', ...auth },
    incoming,
  };
}

function issues(value: unknown): Record<string, string> {
  const r = profileSchema.safeParse(value);
  if (r.success) return {};
  return Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
}

const IMAP = {
  protocol: 'imap' as const,
  host: 'outlook.office365.com',
  port: 993,
  security: 'tls' as const,
  validateCertificate: true,
  folder: 'INBOX',
  fetchIntervalMinutes: 5,
};

describe('Office 365 permission', () => {
  it('is delegated when a stored profile does not say (written before the choice existed)', () => {
    const { permission: _dropped, ...older } = microsoft({}).auth as MicrosoftAuth;
    const parsed = profileSchema.parse({ ...microsoft({}), auth: older });
    expect(parsed.auth).toMatchObject({ type: 'microsoft', permission: 'delegated' });
    expect(isAppOnly(parsed.auth)).toBe(false);
  });

  it('refuses a permission that is neither delegated nor application', () => {
    expect(issues(microsoft({ permission: 'constructor' as never }))).toHaveProperty('auth.permission');
  });

  it('application needs the mailbox address, since nobody signs in to tell it', () => {
    expect(issues(microsoft({ permission: 'application', email: '' }))).toEqual({
      'auth.email': expect.stringMatching(/mailbox address/),
    });
    expect(issues(microsoft({ permission: 'application', email: 'desk@contoso.com' }))).toEqual({});
    // Delegated may leave it empty: the account that signs in fills it in.
    expect(issues(microsoft({ permission: 'delegated', email: '' }))).toEqual({});
  });

  it('application needs a real tenant, not "organizations" (consent is granted in one tenant)', () => {
    for (const tenant of ['organizations', 'Common', 'consumers']) {
      expect(issues(microsoft({ permission: 'application', email: 'desk@contoso.com', tenant }))).toHaveProperty(
        'auth.tenant',
      );
    }
    expect(
      issues(
        microsoft({
          permission: 'application',
          email: 'desk@contoso.com',
          tenant: '8d3e0c38-6b5f-4a2e-9d1c-2f3a4b5c6d7e',
        }),
      ),
    ).toEqual({});
  });

  it('a certificate needs the application permission and its 40-digit thumbprint; older profiles mean a secret', () => {
    const app = { permission: 'application' as const, email: 'desk@contoso.com' };
    const thumbprint = '4E18F0E5C4FBE7BF44E4CD3C4643A647B4709E10';
    expect(issues(microsoft({ ...app, appCredential: 'certificate', certificateThumbprint: thumbprint }))).toEqual({});
    expect(issues(microsoft({ ...app, appCredential: 'certificate', certificateThumbprint: '' }))).toEqual({
      'auth.certificateThumbprint': expect.stringMatching(/Generate or import the certificate/),
    });
    expect(
      issues(microsoft({ permission: 'delegated', appCredential: 'certificate', certificateThumbprint: thumbprint })),
    ).toHaveProperty('auth.appCredential');
    for (const bad of ['4e18f0e5c4fbe7bf44e4cd3c4643a647b4709e10', 'ABC', `${thumbprint}\n`, 'constructor']) {
      expect(issues(microsoft({ ...app, appCredential: 'certificate', certificateThumbprint: bad }))).toHaveProperty(
        'auth.certificateThumbprint',
      );
    }
    expect(issues(microsoft({ ...app, appCredential: 'constructor' as never }))).toHaveProperty('auth.appCredential');
    const { appCredential: _a, certificateThumbprint: _t, ...older } = microsoft(app).auth as MicrosoftAuth;
    expect(profileSchema.parse({ ...microsoft(app), auth: older }).auth).toMatchObject({
      appCredential: 'secret',
      certificateThumbprint: '',
    });
  });

  it('application asks for https://outlook.office365.com/.default only, whatever the incoming protocol', () => {
    const app = { permission: 'application' as const, email: 'desk@contoso.com' };
    expect(scopesFor(microsoft(app))).toEqual([MICROSOFT.appOnlyScope]);
    expect(scopesFor(microsoft(app, IMAP))).toEqual(['https://outlook.office365.com/.default']);
    expect(scopesFor(microsoft(app, { ...IMAP, protocol: 'pop3', port: 995 }))).toEqual([MICROSOFT.appOnlyScope]);
    // No identity, no refresh token: nobody signs in.
    expect(scopesFor(microsoft(app))).not.toContain('offline_access');
    // Delegated keeps its per-protocol scopes.
    expect(scopesFor(microsoft({}, IMAP))).toContain(MICROSOFT.imapScope);
  });
});

describe('config files written before the choice', () => {
  const v1Profile = {
    name: 'Relay',
    description: '',
    auth: {
      type: 'microsoft',
      email: 'desk@contoso.com',
      clientId: 'app-1',
      tenant: 'contoso.com',
      redirectPort: null,
    },
    outgoing: { host: 'smtp.office365.com', port: 587, security: 'starttls', validateCertificate: true },
    incoming: null,
    sender: { fromAddress: 'desk@contoso.com', displayName: '', replyTo: '' },
    oauth: null,
    secrets: {},
  };
  const v1 = {
    version: 1,
    generator: 'test',
    exportedAt: '2026-01-01T00:00:00.000Z',
    secrets: 'omitted',
    profiles: [v1Profile],
  };
  const v2 = {
    ...v1,
    version: 2,
    profiles: [
      { ...v1Profile, alternateOutgoing: null, signature: { text: '', html: '' }, senders: [], receivers: [] },
    ],
  };

  it('version 1 and version 2 files import as delegated profiles, unchanged otherwise', () => {
    for (const doc of [v1, v2]) {
      const parsed = parseDocument(JSON.stringify(doc));
      expect(parsed.profiles[0]!.auth).toEqual({
        ...v1Profile.auth,
        permission: 'delegated',
        appCredential: 'secret',
        certificateThumbprint: '',
      });
    }
  });

  it('a config file refuses a misspelt permission rather than defaulting it', () => {
    const bad = { ...v2, profiles: [{ ...v2.profiles[0], auth: { ...v1Profile.auth, permision: 'application' } }] };
    expect(configDocumentSchema.safeParse(bad).success).toBe(false);
  });
});
