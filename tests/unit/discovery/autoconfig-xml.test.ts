// The autoconfig reader: what it takes from a real-world document, what it refuses, and a
// fast-check fuzz proving it never throws (a refusal is an answer, not an exception).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AUTOCONFIG_MAX_CHARS, parseAutoconfig, readXml, XmlRefusal } from '../../../src-main/discovery/autoconfig-xml';

const ADDRESS = { email: 'helpdesk@contoso.com', localPart: 'helpdesk', domain: 'contoso.com' };
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 3000);

const DOC = `<?xml version="1.0" encoding="UTF-8"?>
<!-- as Thunderbird's ISPDB publishes them -->
<clientConfig version="1.1">
  <emailProvider id="contoso.com">
    <domain>contoso.com</domain>
    <displayName>Contoso &amp; Co Mail</displayName>
    <incomingServer type="exchange"><hostname>ews.contoso.com</hostname><port>443</port><socketType>SSL</socketType></incomingServer>
    <incomingServer type="pop3">
      <hostname>pop.%EMAILDOMAIN%</hostname><port>995</port><socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username>
    </incomingServer>
    <incomingServer type="imap"><hostname>imap.contoso.com</hostname><port>143</port><socketType>STARTTLS</socketType></incomingServer>
    <outgoingServer type="smtp">
      <hostname>SMTP.Contoso.com</hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILADDRESS%</username>
    </outgoingServer>
    <outgoingServer type="smtp"><hostname>smtp2.contoso.com</hostname><port>25</port><socketType>plain</socketType></outgoingServer>
    <documentation url="https://contoso.com/help"><descr lang="en"><![CDATA[Use <b>your</b> address]]></descr></documentation>
  </emailProvider>
</clientConfig>`;

describe('parseAutoconfig', () => {
  it('takes the servers in the order of preference, with placeholders filled in', () => {
    const parsed = parseAutoconfig(DOC, ADDRESS);
    expect(parsed).toEqual({
      ok: true,
      value: {
        displayName: 'Contoso & Co Mail',
        incoming: [
          { protocol: 'pop3', host: 'pop.contoso.com', port: 995, security: 'tls', username: 'helpdesk' },
          { protocol: 'imap', host: 'imap.contoso.com', port: 143, security: 'starttls', username: null },
        ],
        outgoing: [
          { host: 'smtp.contoso.com', port: 587, security: 'starttls', username: 'helpdesk@contoso.com' },
          { host: 'smtp2.contoso.com', port: 25, security: 'none', username: null },
        ],
      },
    });
  });

  const refusals: [string, string, RegExp][] = [
    ['a DOCTYPE', '<!DOCTYPE x SYSTEM "file:///etc/passwd"><clientConfig/>', /DOCTYPE/],
    ['an undefined entity', '<clientConfig>&xxe;</clientConfig>', /unknown entity/],
    ['a bare ampersand', '<clientConfig>a & b</clientConfig>', /bare "&"/],
    ['another root', '<html><body/></html>', /not <clientConfig>/],
    ['two roots', '<clientConfig/><clientConfig/>', /second root/],
    ['an unclosed element', '<clientConfig><emailProvider>', /never closed/],
    ['mismatched tags', '<clientConfig><a></b></clientConfig>', /does not close/],
    ['a late processing instruction', '<clientConfig><?php echo 1 ?></clientConfig>', /processing instruction/],
    ['unquoted attributes', '<clientConfig version=1.1/>', /unquoted/],
    ['repeated attributes', '<clientConfig a="1" a="2"/>', /repeated attribute/],
    ['deep nesting', `${'<a>'.repeat(40)}${'</a>'.repeat(40)}`, /nested too deeply/],
    ['too many elements', `<clientConfig>${'<a/>'.repeat(3000)}</clientConfig>`, /too many elements/],
    ['more than 64 KiB', `<clientConfig>${' '.repeat(AUTOCONFIG_MAX_CHARS)}</clientConfig>`, /larger than 64 KiB/],
    ['no provider', '<clientConfig version="1.1"/>', /no <emailProvider>/],
    [
      'only unusable servers',
      `<clientConfig><emailProvider>
        <outgoingServer type="smtp"><hostname>smtp.evil.test
RCPT TO:x</hostname><port>25</port><socketType>plain</socketType></outgoingServer>
        <outgoingServer type="smtp"><hostname>smtp.evil.test</hostname><port>0x19</port><socketType>plain</socketType></outgoingServer>
        <outgoingServer type="smtp"><hostname>smtp.evil.test</hostname><port>25</port><socketType>ssl</socketType></outgoingServer>
        <outgoingServer type="smtp"><hostname>smtp.<b>evil</b>.test</hostname><port>25</port><socketType>SSL</socketType></outgoingServer>
        <incomingServer type="ftp"><hostname>ftp.evil.test</hostname><port>21</port><socketType>SSL</socketType></incomingServer>
      </emailProvider></clientConfig>`,
      /no usable server/,
    ],
  ];
  it.each(refusals)('refuses %s', (_name, input, reason) => {
    const parsed = parseAutoconfig(input, ADDRESS);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });

  it('drops a username or display name carrying control characters, keeps the server', () => {
    const doc = DOC.replace('%EMAILADDRESS%', 'a&#10;b').replace('Contoso &amp; Co Mail', 'x&#27;[2J');
    const parsed = parseAutoconfig(doc, ADDRESS);
    expect(parsed.ok && parsed.value.outgoing[0]).toMatchObject({ host: 'smtp.contoso.com', username: null });
    expect(parsed.ok && parsed.value.displayName).toBeNull();
  });
});

// Fragments of the real format, shuffled and cut, find the tokenizer's edges faster than noise.
const FRAGMENTS = [
  '<clientConfig>',
  '</clientConfig>',
  '<emailProvider id="x">',
  '</emailProvider>',
  '<outgoingServer type="smtp">',
  '</outgoingServer>',
  '<incomingServer type="imap">',
  '</incomingServer>',
  '<hostname>',
  '</hostname>',
  'smtp.example.com',
  '<port>',
  '</port>',
  '587',
  '<socketType>',
  '</socketType>',
  'SSL',
  'STARTTLS',
  '&amp;',
  '&#x41;',
  '&#1114112;',
  '&lol;',
  '&',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '<?xml version="1.0"?>',
  '<!DOCTYPE',
  '<',
  '>',
  '/>',
  '"',
  "'",
  '=',
  ' ',
  '\n',
  '%EMAILADDRESS%',
  '\u0000',
  '\uFEFF',
  '\uD800',
];
const xmlish = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 })), { maxLength: 60 })
  .map((p) => p.join(''));

describe('fuzz', () => {
  it(`parseAutoconfig never throws and answers ok or a reason (${RUNS} runs each)`, () => {
    for (const input of [fc.string({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 400 }), xmlish]) {
      fc.assert(
        fc.property(input, (text) => {
          const parsed = parseAutoconfig(text, ADDRESS);
          expect(typeof parsed.ok).toBe('boolean');
          if (!parsed.ok) expect(parsed.reason.length).toBeGreaterThan(0);
          else
            for (const s of [...parsed.value.incoming, ...parsed.value.outgoing])
              expect(s.host).toMatch(/^[a-z0-9.:[\]-]+$/);
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('readXml throws nothing but XmlRefusal, on cut and spliced real documents', () => {
    fc.assert(
      fc.property(fc.nat(DOC.length), fc.nat(DOC.length), xmlish, (a, b, junk) => {
        const input = DOC.slice(0, Math.min(a, b)) + junk + DOC.slice(Math.max(a, b));
        try {
          readXml(input);
        } catch (error) {
          expect(error).toBeInstanceOf(XmlRefusal);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
