// Autodiscovery through dispatch, against a real DNS server (dns2, UDP) and a real HTTPS server
// on 127.0.0.1 standing in for autoconfig.<domain>, <domain>/.well-known and Microsoft's
// tenant metadata. The resolver is Node's own, pointed at the test server with setServers.
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveryResult } from '../../src-shared/discovery';
import { createMxResolver, type DiscoveryDeps } from '../../src-main/discovery/discover';
import { startDnsServer, type TestDnsServer } from '../support/dns-server';
import { autoconfigXml, startWebServer, tenantMetadata, type TestWebServer } from '../support/autoconfig-server';
import { createTestHost, type TestHost } from '../support/main-host';

const CONTOSO_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const TAILSPIN_TENANT = '0b8e4f5a-1c2d-4e3f-9a8b-7c6d5e4f3a2b';
const own = (host: string, port: number, socketType: string) => ({ host, port, socketType });

let dns: TestDnsServer;
let web: TestWebServer;
let host: TestHost | undefined;

beforeAll(async () => {
  dns = await startDnsServer({
    'contoso.com': ['contoso-com.mail.protection.outlook.com'],
    'fabrikam.com': ['aspmx.l.google.com', 'alt1.aspmx.l.google.com'],
    'tailspin.com': ['tailspin-com.mail.protection.outlook.com'],
    'woodgrove.com': ['mx1.mailhoster.net'],
    'hostile.com': ['hostile-com.mail.protection.outlook.com'],
    'unknown.com': ['mx.unknown.com'],
  });
  web = await startWebServer({
    'login.microsoftonline.com/contoso.com/v2.0/.well-known/openid-configuration': tenantMetadata(CONTOSO_TENANT),
    // fabrikam.com has an Entra ID tenant (Teams, say) but its mail is on Google.
    'login.microsoftonline.com/fabrikam.com/v2.0/.well-known/openid-configuration': tenantMetadata(CONTOSO_TENANT),
    'login.microsoftonline.com/tailspin.com/v2.0/.well-known/openid-configuration': tenantMetadata(TAILSPIN_TENANT),
    'autoconfig.tailspin.com/mail/config-v1.1.xml': {
      body: autoconfigXml({
        smtp: own('smtp.tailspin.com', 465, 'SSL'),
        imap: own('imap.tailspin.com', 143, 'STARTTLS'),
        username: '%EMAILLOCALPART%',
      }),
    },
    'tailspin.com/.well-known/autoconfig/mail/config-v1.1.xml': {
      body: autoconfigXml({ smtp: own('well-known.tailspin.com', 587, 'STARTTLS') }),
    },
    // One candidate answers, the other hangs (an apex web server that accepts and never answers).
    'autoconfig.northwind.com/mail/config-v1.1.xml': {
      body: autoconfigXml({ smtp: own('smtp.northwind.com', 587, 'STARTTLS') }),
    },
    'northwind.com/.well-known/autoconfig/mail/config-v1.1.xml': { body: '', delayMs: 20_000 },
    'autoconfig.adatum.com/mail/config-v1.1.xml': { body: '', delayMs: 20_000 },
    'adatum.com/.well-known/autoconfig/mail/config-v1.1.xml': {
      body: autoconfigXml({ smtp: own('smtp.adatum.com', 587, 'STARTTLS') }),
    },
    'autoconfig.mailhoster.net/mail/config-v1.1.xml': {
      body: autoconfigXml({ smtp: own('smtp.mailhoster.net', 587, 'STARTTLS') }),
    },
  });
});

afterAll(async () => {
  await dns.close();
  await web.close();
});

afterEach(() => host?.cleanup());

function hostWith(overrides: Partial<DiscoveryDeps> = {}): TestHost {
  host = createTestHost({
    discovery: { resolveMx: createMxResolver([dns.address]), fetch: web.fetch, route: web.route, ...overrides },
  });
  return host;
}

const discover = (h: TestHost, email: string) => h.call<DiscoveryResult>('discoverSettings', { email });

describe('discoverSettings', () => {
  it('Microsoft 365 domain: the MX proposes the Office 365 preset, the metadata the tenant id', async () => {
    const result = await discover(hostWith(), 'helpdesk@contoso.com');
    expect(result.provider?.value).toEqual({
      id: 'office365',
      label: 'Office 365 / Exchange Online',
      authType: 'microsoft',
    });
    expect(result.provider?.source).toEqual({ kind: 'mx', label: "from contoso.com's MX record" });
    expect(result.outgoing?.value).toEqual({ host: 'smtp.office365.com', port: 587, security: 'starttls' });
    expect(result.incoming?.value).toEqual({
      protocol: 'imap',
      host: 'outlook.office365.com',
      port: 993,
      security: 'tls',
    });
    expect(result.tenant).toEqual({
      value: CONTOSO_TENANT,
      source: { kind: 'tenant', label: "from Microsoft's tenant metadata for contoso.com" },
    });
    expect(result.notes).toEqual([]);
    expect(dns.queries).toContain('contoso.com');
  });

  it('Google domain: the MX proposes the Gmail preset, and no tenant even though one exists', async () => {
    const result = await discover(hostWith(), 'helpdesk@fabrikam.com');
    expect(result.provider?.value.id).toBe('gmail');
    expect(result.provider?.value.authType).toBe('google');
    expect(result.provider?.source.label).toBe("from fabrikam.com's MX record");
    expect(result.outgoing?.value).toEqual({ host: 'smtp.gmail.com', port: 587, security: 'starttls' });
    expect(result.tenant).toBeNull();
  });

  it("the domain's own autoconfig wins over the MX guess, autoconfig.<domain> over .well-known", async () => {
    const result = await discover(hostWith(), 'helpdesk@tailspin.com');
    expect(result.provider?.value).toEqual({ id: 'custom', label: 'Example Mail', authType: null });
    expect(result.provider?.source).toEqual({ kind: 'autoconfig', label: 'from autoconfig.tailspin.com' });
    expect(result.outgoing?.value).toEqual({ host: 'smtp.tailspin.com', port: 465, security: 'tls' });
    expect(result.incoming?.value).toEqual({
      protocol: 'imap',
      host: 'imap.tailspin.com',
      port: 143,
      security: 'starttls',
    });
    expect(result.username?.value).toBe('helpdesk');
    // Not a Microsoft proposal, so the tenant (found) is not proposed with it.
    expect(result.tenant).toBeNull();
    // The address went to the domain's own server, as the format says.
    expect(web.requests).toContain('autoconfig.tailspin.com/mail/config-v1.1.xml?emailaddress=helpdesk%40tailspin.com');
  });

  it('autoconfig.<domain> answering is used at once, though <domain>/.well-known hangs', async () => {
    const started = performance.now();
    const result = await discover(hostWith(), 'helpdesk@northwind.com');
    expect(result.outgoing?.value).toEqual({ host: 'smtp.northwind.com', port: 587, security: 'starttls' });
    expect(performance.now() - started).toBeLessThan(2700); // the deadline is 3 s
  });

  it('<domain>/.well-known answering is used at the deadline, though autoconfig.<domain> hangs', async () => {
    const result = await discover(hostWith(), 'helpdesk@adatum.com');
    expect(result.outgoing?.value).toEqual({ host: 'smtp.adatum.com', port: 587, security: 'starttls' });
    expect(result.outgoing?.source).toEqual({ kind: 'autoconfig', label: 'from adatum.com/.well-known/autoconfig' });
  });

  it("an MX host's base domain is asked for autoconfig too, and says so", async () => {
    const result = await discover(hostWith(), 'helpdesk@woodgrove.com');
    expect(result.outgoing?.value).toEqual({ host: 'smtp.mailhoster.net', port: 587, security: 'starttls' });
    expect(result.outgoing?.source).toEqual({
      kind: 'mx',
      label: "from autoconfig.mailhoster.net (woodgrove.com's MX host)",
    });
  });

  it('unknown domain: nothing proposed, nothing to report, quickly', async () => {
    const started = performance.now();
    const result = await discover(hostWith(), 'helpdesk@unknown.com');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result).toMatchObject({ provider: null, outgoing: null, incoming: null, tenant: null, notes: [] });
    const nxdomain = await discover(hostWith(), 'helpdesk@no-such-domain.example');
    expect(nxdomain).toMatchObject({ provider: null, outgoing: null, notes: [] });
  });

  it('DNS down (nothing listening): one quiet note, no error, the answer still comes', async () => {
    const closed = await startDnsServer({});
    const { address } = closed;
    await closed.close();
    const h = hostWith({ resolveMx: createMxResolver([address], 500) });
    const started = performance.now();
    const outcome = await h.dispatch('discoverSettings', { email: 'helpdesk@unknown.com' });
    expect(performance.now() - started).toBeLessThan(3500);
    expect(outcome.ok).toBe(true);
    const result = (outcome as { value: DiscoveryResult }).value;
    expect(result.provider).toBeNull();
    expect(result.notes).toEqual(["unknown.com's MX record could not be looked up (the DNS server did not answer)."]);
  });

  it('DNS that never answers: the 3 s deadline ends the lookup, the other sources still count', async () => {
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const h = hostWith({ resolveMx: createMxResolver([`127.0.0.1:${port}`], 10_000) });
      const started = performance.now();
      const result = await discover(h, 'helpdesk@tailspin.com');
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThan(2900);
      expect(elapsed).toBeLessThan(3600);
      expect(result.outgoing?.value.host).toBe('smtp.tailspin.com');
      expect(result.notes).toEqual([
        'Some lookups for tailspin.com did not answer within 3 s; enter what is missing yourself.',
      ]);
    } finally {
      silent.close();
    }
  });

  it('a newer request cancels the one still running (the admin kept typing)', async () => {
    const slow = await startWebServer({
      'autoconfig.tailspin.com/mail/config-v1.1.xml': {
        body: autoconfigXml({ smtp: own('smtp.slow.test', 587, 'STARTTLS') }),
        delayMs: 10_000,
      },
    });
    try {
      const h = hostWith({ fetch: slow.fetch, route: slow.route });
      const started = performance.now();
      const first = discover(h, 'helpdesk@tailspin.com');
      await new Promise((r) => setTimeout(r, 100));
      const second = discover(h, 'helpdesk@contoso.com');
      const stale = await first;
      expect(performance.now() - started).toBeLessThan(1500);
      // Ended by the newer request, not by the 3 s deadline (no timeout note either).
      expect(stale.outgoing?.value.host).not.toBe('smtp.slow.test');
      expect(stale.notes).toEqual([]);
      expect((await second).provider?.value.id).toBe('office365');
    } finally {
      await slow.close();
    }
  });
});

describe('hostile autoconfig documents are refused, and the lower sources still answer', () => {
  const xxe = `<?xml version="1.0"?>
<!DOCTYPE clientConfig [<!ENTITY xxe SYSTEM "https://127.0.0.1:1/leak">]>
<clientConfig version="1.1"><emailProvider id="x"><outgoingServer type="smtp">
<hostname>&xxe;</hostname><port>587</port><socketType>STARTTLS</socketType></outgoingServer></emailProvider></clientConfig>`;
  const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><clientConfig>&lol2;</clientConfig>`;
  const cases: [string, { body: string | Buffer; type?: string; status?: number }, RegExp | null][] = [
    ['an external entity (XXE)', { body: xxe }, /DOCTYPE/],
    ['a billion laughs', { body: laughs }, /DOCTYPE/],
    ['a document over 64 KiB', { body: autoconfigXml({}) + `<!--${'x'.repeat(200_000)}-->` }, /larger than 64 KiB/],
    ['not XML at all', { body: '{"hostname": "smtp.evil.test"}' }, /root element|text outside/],
    ['not UTF-8', { body: Buffer.from([0x3c, 0xff, 0xfe, 0x3e]) }, /not UTF-8/],
    [
      'a host name carrying an SMTP command',
      { body: autoconfigXml({ smtp: own('smtp.evil.test&#13;&#10;RCPT TO:&lt;x&gt;', 25, 'plain') }) },
      /no usable server/,
    ],
    ['a port out of range', { body: autoconfigXml({ smtp: own('smtp.evil.test', 70000, 'SSL') }) }, /no usable server/],
    [
      'an unknown socket type',
      { body: autoconfigXml({ smtp: own('smtp.evil.test', 25, 'TLSv9') }) },
      /no usable server/,
    ],
    ['a redirect (not followed)', { body: '', status: 302 }, null],
  ];

  it.each(cases)('%s', async (_name, reply, note) => {
    const evil = await startWebServer({ 'autoconfig.hostile.com/mail/config-v1.1.xml': reply });
    try {
      const result = await discover(hostWith({ fetch: evil.fetch, route: evil.route }), 'helpdesk@hostile.com');
      // The MX (Exchange Online) still proposes; nothing of the document is used.
      expect(result.provider?.source.kind).toBe('mx');
      expect(result.outgoing?.value.host).toBe('smtp.office365.com');
      if (note) {
        expect(result.notes).toHaveLength(1);
        expect(result.notes[0]).toMatch(/^The autoconfig document at autoconfig\.hostile\.com was not used: /);
        expect(result.notes[0]).toMatch(note);
      } else {
        expect(result.notes).toEqual([]);
      }
      // Nothing was fetched because of the document (no entity resolution, no redirect).
      expect(evil.requests.every((r) => r.includes('hostile.com'))).toBe(true);
      expect(JSON.stringify(result)).not.toContain('evil');
    } finally {
      await evil.close();
    }
  });
});
