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

/** An absolute https URL, or http on a loopback host (local test servers, RFC 8252 7.3). */
export function isSecureUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

export function isLoopbackHost(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
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
