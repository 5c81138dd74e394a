// Plain predicates shared by the zod schema and its property tests. No zod, no Node, no DOM.

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** A DNS host name (RFC 1123), an IPv4 literal, or an IPv6 literal with or without brackets. */
export function isValidHost(value: string): boolean {
  if (value.length === 0 || value.length > 253) return false;
  if (IPV4.test(value)) return true;
  const v6 = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (v6.includes(':')) return isValidIpv6(v6);
  // All-numeric dotted names that failed the IPv4 test (999.1.1.1) are typos, not host names.
  if (/^[\d.]+$/.test(value)) return false;
  const labels = value.replace(/\.$/, '').split('.');
  return labels.every((label) => LABEL.test(label));
}

function isValidIpv6(value: string): boolean {
  if (!/^[0-9a-f:.]+$/i.test(value)) return false;
  // The WHATWG URL parser implements the IPv6 grammar exactly, in browsers and in Node alike.
  try {
    // eslint-disable-next-line @microsoft/sdl/no-insecure-url -- parsing only, to validate an IPv6 literal; no request is made.
    new URL(`http://[${value}]/`);
    return true;
  } catch {
    return false;
  }
}

export function isValidPort(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}

// Deliberately pragmatic (what mail servers accept in practice), not the full RFC 5322 grammar.
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/i;

export function isValidEmail(value: string): boolean {
  if (value.length > 254) return false;
  const at = value.lastIndexOf('@');
  if (at < 1 || at === value.length - 1) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.length > 64 || !LOCAL_PART.test(local)) return false;
  if (domain.startsWith('[') && domain.endsWith(']')) return isValidHost(domain);
  return domain.includes('.') && isValidHost(domain) && !IPV4.test(domain);
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Microsoft tenant: a directory GUID, a verified domain, or one of the multi-tenant aliases. */
export function isValidTenant(value: string): boolean {
  if (GUID.test(value)) return true;
  if (['organizations', 'common', 'consumers'].includes(value.toLowerCase())) return true;
  return value.includes('.') && isValidHost(value) && !IPV4.test(value);
}

/**
 * Whether plain http to 127.0.0.1 counts as secure: for local test issuers only. The main process
 * turns it off in a packaged app (from app.isPackaged, at start-up). The renderer keeps the
 * default, so its form accepts what a test build accepts; main validates again and has the last
 * word. A module setting rather than a parameter, because the shared zod schemas call isSecureUrl.
 */
let loopbackHttpAllowed = true;

export function setLoopbackHttpAllowed(allowed: boolean): void {
  loopbackHttpAllowed = allowed;
}

export function isLoopbackHttpAllowed(): boolean {
  return loopbackHttpAllowed;
}

/** The only host plain http may reach (RFC 8252 7.3 loopback); not "localhost", which DNS or hosts files can remap. */
export const LOOPBACK_HTTP_HOST = '127.0.0.1';

/** An absolute https URL without credentials, or, in an unpackaged app, http on 127.0.0.1. */
export function isSecureUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && url.hostname === LOOPBACK_HTTP_HOST && loopbackHttpAllowed;
}

/** What to tell the admin when isSecureUrl refuses a URL, under the current setting. */
export function secureUrlMessage(): string {
  return loopbackHttpAllowed
    ? 'Enter an https:// address (plain http:// is allowed only for a test server on 127.0.0.1).'
    : 'Enter an https:// address. This installed app does not accept plain http://, not even for 127.0.0.1 (only development and test builds do).';
}

/**
 * True if the value holds a C0 control (CR, LF, NUL, TAB, ...), DEL, a C1 control (NEL) or a
 * Unicode line/paragraph separator: characters that end a protocol line or a header, or that some
 * reader of an exported file would treat as one. No setting or secret legitimately contains them.
 */
export function hasControlChars(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029) return true;
  }
  return false;
}
