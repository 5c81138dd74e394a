// MX classification, base domains, and how findings combine: highest priority wins as a whole.
import { describe, expect, it } from 'vitest';
import { combine } from '../../../src-main/discovery/combine';
import { addressParts } from '../../../src-main/discovery/discover';
import { baseDomain, classifyMx, primaryMx } from '../../../src-main/discovery/mx';
import { fromPreset, presetSource, type ServersFound } from '../../../src-main/discovery/sources';

describe('MX', () => {
  it('recognises Google and Microsoft MX hosts, nothing that merely looks like them', () => {
    expect(classifyMx('aspmx.l.google.com.')).toBe('gmail');
    expect(classifyMx('ALT1.ASPMX.L.GOOGLE.COM')).toBe('gmail');
    expect(classifyMx('smtp.google.com')).toBe('gmail');
    expect(classifyMx('aspmx2.googlemail.com')).toBe('gmail');
    expect(classifyMx('contoso-com.mail.protection.outlook.com')).toBe('office365');
    expect(classifyMx('google.com.evil.test')).toBeNull();
    expect(classifyMx('evilgoogle.com')).toBeNull();
    expect(classifyMx('mail.protection.outlook.com.evil.test')).toBeNull();
    expect(classifyMx('outlook.com')).toBeNull();
  });

  it('uses the most preferred MX', () => {
    expect(
      primaryMx([
        { exchange: 'backup.example.net', priority: 20 },
        { exchange: 'Primary.Example.net.', priority: 5 },
      ]),
    ).toBe('primary.example.net');
    expect(primaryMx([])).toBeNull();
    expect(primaryMx([{ exchange: '', priority: 0 }])).toBeNull(); // RFC 7505 null MX
    // What a hostile zone can put in an exchange never becomes a URL's host, port or path.
    for (const exchange of [
      'mx1.attacker.net:8443',
      'mx1.attacker.net/x#',
      '192.0.2.7',
      '[2001:db8::1]',
      'localhost',
    ]) {
      expect(primaryMx([{ exchange, priority: 0 }])).toBeNull();
    }
    expect(
      primaryMx([
        { exchange: 'mx1.attacker.net:8443', priority: 0 },
        { exchange: 'mx2.example.net', priority: 10 },
      ]),
    ).toBe('mx2.example.net');
  });

  it('takes the base domain, minding two-label public suffixes', () => {
    expect(baseDomain('mx01.mail.hoster.net')).toBe('hoster.net');
    expect(baseDomain('mx.hoster.co.uk')).toBe('hoster.co.uk');
    expect(baseDomain('co.uk')).toBeNull();
    expect(baseDomain('localhost')).toBeNull();
  });
});

describe('addressParts', () => {
  it('looks up DNS names only', () => {
    expect(addressParts('Help.Desk@Contoso.COM')).toEqual({
      email: 'Help.Desk@Contoso.COM',
      localPart: 'Help.Desk',
      domain: 'contoso.com',
    });
    expect(addressParts('a@bücher.example')?.domain).toBe('xn--bcher-kva.example');
    for (const email of ['a@[127.0.0.1]', 'a@localhost', 'a@1.2.3.4', 'nobody@', '@x.com', 'a@x.com/../y'])
      expect(addressParts(email), email).toBeNull();
  });
});

describe('presets and priority', () => {
  it('knows Gmail and onmicrosoft.com domains without asking the network', () => {
    expect(presetSource('gmail.com')?.provider.id).toBe('gmail');
    expect(presetSource('contoso.onmicrosoft.com')?.provider.id).toBe('office365');
    expect(presetSource('contoso.com')).toBeNull();
  });

  const autoconfig: ServersFound = {
    source: { kind: 'autoconfig', label: 'from autoconfig.contoso.com' },
    provider: { id: 'custom', label: 'Contoso', authType: null },
    outgoing: { host: 'smtp.contoso.com', port: 465, security: 'tls' },
    incoming: null,
    username: 'helpdesk',
  };
  const mx = fromPreset('office365', { kind: 'mx', label: "from contoso.com's MX record" });
  const tenantSource = { kind: 'tenant' as const, label: "from Microsoft's tenant metadata for contoso.com" };

  it('the first source with servers proposes all of them; values are never mixed', () => {
    const proposal = combine({ servers: [null, autoconfig, mx], tenant: 'guid', tenantSource });
    expect(proposal.outgoing).toEqual({ value: autoconfig.outgoing, source: autoconfig.source });
    expect(proposal.incoming).toBeNull(); // not filled in from the MX guess
    expect(proposal.tenant).toBeNull(); // not a Microsoft proposal
    expect(combine({ servers: [null, mx], tenant: 'guid', tenantSource }).tenant).toEqual({
      value: 'guid',
      source: tenantSource,
    });
  });

  it('a tenant alone proposes Exchange Online, saying where that came from', () => {
    const proposal = combine({ servers: [null, null], tenant: 'guid', tenantSource });
    expect(proposal.provider?.value.id).toBe('office365');
    expect(proposal.outgoing?.source).toEqual(tenantSource);
    expect(combine({ servers: [null, null], tenant: null, tenantSource }).provider).toBeNull();
  });
});
