// Applying a proposal (the Apply button): the provider's protocol, its servers, the tenant, the
// address; the result is a valid profile the admin can keep editing, and nothing is applied twice.
import { describe, expect, it } from 'vitest';
import { applyDiscovery, hasProposal, proposalMatches, type DiscoveryResult } from '../../../src-shared/discovery';
import { newProfile } from '../../../src-shared/new-profile';
import { profileSchema } from '../../../src-shared/profile';

const ID = '0b8e4f5a-1c2d-4e3f-9a8b-7c6d5e4f3a2b';
const MX = { kind: 'mx' as const, label: "from contoso.com's MX record" };
const TENANT = { kind: 'tenant' as const, label: "from Microsoft's tenant metadata for contoso.com" };

const microsoft: DiscoveryResult = {
  email: 'helpdesk@contoso.com',
  domain: 'contoso.com',
  provider: { value: { id: 'office365', label: 'Office 365 / Exchange Online', authType: 'microsoft' }, source: MX },
  outgoing: { value: { host: 'smtp.office365.com', port: 587, security: 'starttls' }, source: MX },
  incoming: { value: { protocol: 'imap', host: 'outlook.office365.com', port: 993, security: 'tls' }, source: MX },
  username: null,
  tenant: { value: '72f988bf-86f1-41af-91ab-2d7cd011db47', source: TENANT },
  notes: [],
  durationMs: 5,
};

describe('applyDiscovery', () => {
  it('turns a new Standard profile into an Office 365 one with the tenant and address', () => {
    const applied = applyDiscovery(newProfile(ID, 'Help desk', 'standard'), microsoft);
    expect(applied.auth).toEqual({
      type: 'microsoft',
      email: 'helpdesk@contoso.com',
      clientId: '',
      tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      redirectPort: null,
      permission: 'delegated',
      appCredential: 'secret',
      certificateThumbprint: '',
    });
    expect(applied.outgoing).toEqual({
      host: 'smtp.office365.com',
      port: 587,
      security: 'starttls',
      validateCertificate: true,
    });
    expect(applied.incoming).toMatchObject({ protocol: 'imap', host: 'outlook.office365.com', folder: 'INBOX' });
    expect(applied.sender.fromAddress).toBe('helpdesk@contoso.com');
    // Still editable: only the client ID (which no lookup can know) is missing.
    const check = profileSchema.safeParse(applied);
    expect(check.success ? [] : check.error.issues.map((i) => i.path.join('.'))).toEqual(['auth.clientId']);
    expect(proposalMatches(applied, microsoft)).toBe(true);
    expect(proposalMatches(newProfile(ID, 'Help desk', 'standard'), microsoft)).toBe(false);
  });

  it('a custom provider keeps the protocol and what the admin typed, fills in what is empty', () => {
    const own = {
      ...microsoft,
      provider: { value: { id: 'custom' as const, label: 'Tailspin', authType: null }, source: MX },
      outgoing: { value: { host: 'smtp.tailspin.com', port: 465, security: 'tls' as const }, source: MX },
      incoming: null,
      username: { value: 'helpdesk', source: MX },
      tenant: null,
    };
    const start = newProfile(ID, 'Help desk', 'standard');
    const typed = { ...start, sender: { ...start.sender, fromAddress: 'noreply@tailspin.com' } };
    const applied = applyDiscovery({ ...typed, outgoing: { ...typed.outgoing, validateCertificate: false } }, own);
    expect(applied.auth).toEqual({ type: 'standard', useAuthentication: true, username: 'helpdesk' });
    expect(applied.outgoing).toEqual({
      host: 'smtp.tailspin.com',
      port: 465,
      security: 'tls',
      validateCertificate: false,
    });
    expect(applied.incoming).toBeNull();
    expect(applied.sender.fromAddress).toBe('noreply@tailspin.com');
  });

  it('an empty result proposes nothing', () => {
    const empty = { ...microsoft, provider: null, outgoing: null, incoming: null, tenant: null };
    expect(hasProposal(empty)).toBe(false);
    expect(hasProposal(microsoft)).toBe(true);
  });
});
