// MX records: which big provider a domain's mail goes to, and the MX host's base domain (where
// a hosting company may publish one autoconfig document for all the domains it serves).
import { isIP } from 'node:net';
import { isValidHost } from '../../src-shared/validators';
import type { ProviderPreset } from '../../src-shared/presets';

export interface MxRecord {
  exchange: string;
  priority: number;
}

/** The MX host mail is delivered to first (lowest preference), lower-cased, without a trailing dot. */
export function primaryMx(records: readonly MxRecord[]): string | null {
  const usable = records
    .map((r) => ({ exchange: r.exchange.toLowerCase().replace(/\.$/, ''), priority: r.priority }))
    // A DNS name only: Node's resolver hands back whatever the record holds, and a name such as
    // "mx1.attacker.net:8443" or "mx/x#" would steer the port and path of the autoconfig request
    // that carries the address. An IP literal is no MX host either (RFC 5321 §5.1).
    .filter((r) => r.exchange !== '' && isValidHost(r.exchange) && !isIP(r.exchange) && r.exchange.includes('.'));
  usable.sort((a, b) => a.priority - b.priority);
  return usable[0]?.exchange ?? null;
}

/** Google (Gmail, Workspace) and Microsoft 365 (Exchange Online Protection) MX hosts. */
export function classifyMx(host: string): Extract<ProviderPreset['id'], 'gmail' | 'office365'> | null {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (h.endsWith('.google.com') || h === 'googlemail.com' || h.endsWith('.googlemail.com')) return 'gmail';
  if (h.endsWith('.mail.protection.outlook.com')) return 'office365';
  return null;
}

// Two-label public suffixes common enough to matter; without them mx1.example.co.uk would give
// "co.uk". Not the whole Public Suffix List: a miss only means one autoconfig lookup finds nothing.
const TWO_LABEL_SUFFIXES = new Set([
  'co.uk',
  'org.uk',
  'ac.uk',
  'gov.uk',
  'com.au',
  'net.au',
  'org.au',
  'co.nz',
  'co.jp',
  'ne.jp',
  'or.jp',
  'co.za',
  'com.br',
  'com.cn',
  'com.mx',
  'com.ar',
  'com.tr',
  'co.in',
  'co.kr',
  'com.sg',
  'com.hk',
  'co.il',
]);

/** mx01.mail.hoster.co.uk → hoster.co.uk; null for a host with too few labels. */
export function baseDomain(host: string): string | null {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length < 2) return null;
  const lastTwo = labels.slice(-2).join('.');
  if (TWO_LABEL_SUFFIXES.has(lastTwo)) return labels.length >= 3 ? labels.slice(-3).join('.') : null;
  return lastTwo;
}
