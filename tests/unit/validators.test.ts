import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  isSecureUrl,
  isValidEmail,
  isValidHost,
  isValidPort,
  isValidTenant,
  secureUrlMessage,
  setLoopbackHttpAllowed,
} from '../../src-shared/validators';

describe('isValidHost', () => {
  it.each([
    'smtp.example.com',
    'localhost',
    '127.0.0.1',
    '::1',
    '[2001:db8::1]',
    'mail-1.corp.example',
    'smtp.example.com.',
  ])('accepts %s', (host) => expect(isValidHost(host)).toBe(true));
  it.each(['', 'smtp://example.com', 'example.com:25', 'has space.com', '-bad.example', '999.1.1.1', 'a..b', '1:2:3'])(
    'rejects %s',
    (host) => expect(isValidHost(host)).toBe(false),
  );
  it('accepts every IPv4 address and rejects any with a port appended', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 1, max: 65535 }), (ip, port) => {
        expect(isValidHost(ip)).toBe(true);
        expect(isValidHost(`${ip}:${port}`)).toBe(false);
      }),
    );
  });
  it('accepts every IPv6 address fast-check generates', () => {
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        expect(isValidHost(ip)).toBe(true);
      }),
    );
  });
  it('accepts generated domain names and rejects them with a scheme', () => {
    fc.assert(
      fc.property(fc.domain(), (domain) => {
        expect(isValidHost(domain)).toBe(true);
        expect(isValidHost(`smtp://${domain}`)).toBe(false);
      }),
    );
  });
  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.string(), (s) => typeof isValidHost(s) === 'boolean'));
  });
});

describe('isValidPort', () => {
  it('accepts exactly the integers 1..65535', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer({ min: -10, max: 70000 })), (n) => {
        expect(isValidPort(n)).toBe(Number.isInteger(n) && n >= 1 && n <= 65535);
      }),
    );
    expect(isValidPort(0)).toBe(false);
    expect(isValidPort(65536)).toBe(false);
    expect(isValidPort(587)).toBe(true);
    expect(isValidPort(Number.NaN)).toBe(false);
  });
});

describe('isValidEmail', () => {
  it.each(['a@example.com', 'first.last+tag@sub.example.co', "o'brien@example.ie"])('accepts %s', (v) =>
    expect(isValidEmail(v)).toBe(true),
  );
  it.each(['', 'no-at-sign', 'a@', '@example.com', 'a@localhost', 'a@1.2.3.4', 'a b@example.com', 'a..b@example.com'])(
    'rejects %s',
    (v) => expect(isValidEmail(v)).toBe(false),
  );
  it('accepts fast-check generated addresses on dotted domains', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (address) => {
        const domain = address.slice(address.lastIndexOf('@') + 1);
        fc.pre(domain.includes('.') && !/^[\d.]+$/.test(domain));
        expect(isValidEmail(address)).toBe(true);
      }),
    );
  });
});

describe('isValidTenant', () => {
  it.each(['organizations', 'common', 'contoso.com', '72f988bf-86f1-41af-91ab-2d7cd011db47'])('accepts %s', (t) =>
    expect(isValidTenant(t)).toBe(true),
  );
  it.each(['', 'contoso', '72f988bf-86f1-41af', 'https://login.microsoftonline.com/x'])('rejects %s', (t) =>
    expect(isValidTenant(t)).toBe(false),
  );
});

describe('isSecureUrl', () => {
  afterEach(() => setLoopbackHttpAllowed(true));

  it('accepts https, and plain http only to exactly 127.0.0.1', () => {
    expect(isSecureUrl('https://accounts.google.com/o/oauth2/v2/auth')).toBe(true);
    expect(isSecureUrl('https://localhost:8443/token')).toBe(true);
    expect(isSecureUrl('http://127.0.0.1:4000/token')).toBe(true);
    for (const url of [
      'http://localhost:4000/token',
      'http://[::1]:4000/token',
      'http://127.0.0.2/token',
      'http://127.0.0.1.evil.example/token',
      'http://evil.example/?http://127.0.0.1/',
      'http://example.com/token',
      'https://user:pass@example.com/',
      'http://user@127.0.0.1/',
      'javascript:alert(1)',
      'not a url',
    ])
      expect(isSecureUrl(url), url).toBe(false);
  });

  it('refuses http to 127.0.0.1 too once main says the app is packaged, and says so', () => {
    setLoopbackHttpAllowed(false);
    expect(isSecureUrl('http://127.0.0.1:4000/token')).toBe(false);
    expect(isSecureUrl('https://login.example.com/token')).toBe(true);
    expect(secureUrlMessage()).toMatch(/This installed app does not accept plain http:\/\/, not even for 127\.0\.0\.1/);
    setLoopbackHttpAllowed(true);
    expect(secureUrlMessage()).toMatch(/allowed only for a test server on 127\.0\.0\.1/);
  });
});
