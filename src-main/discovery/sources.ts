// The four places a proposal can come from, each a function that answers what it found or null
// and never throws: built-in presets, the domain's own autoconfig, its MX record, Microsoft's
// tenant metadata. Every request goes through deps.fetch / deps.resolveMx with the one signal.
import type { DiscoverySource, ProposedIncoming, ProposedProvider, ProposedServer } from '../../src-shared/discovery';
import { presetById } from '../../src-shared/discovery';
import { PROVIDER_PRESETS, type ProviderPreset } from '../../src-shared/presets';
import { AUTOCONFIG_MAX_CHARS, parseAutoconfig, type AddressParts } from './autoconfig-xml';
import { FetchRefused, type Fetcher } from './https-get';
import { baseDomain, classifyMx, primaryMx, type MxRecord } from './mx';
import { tenantFromMetadata } from './tenant';

export type ResolveMx = (domain: string, signal: AbortSignal) => Promise<MxRecord[]>;

export interface SourceDeps {
  fetch: Fetcher;
  resolveMx: ResolveMx;
  /** Maps each production URL to the URL actually fetched: identity in the app, a local server in tests. */
  route: (url: URL) => URL;
}

/** What one source found: a provider and its servers, all from the same place. */
export interface ServersFound {
  source: DiscoverySource;
  provider: ProposedProvider;
  outgoing: ProposedServer | null;
  incoming: ProposedIncoming | null;
  username: string | null;
}

/** Each source may add one quiet line saying what it could not check. */
export type Notes = string[];

const GOOGLE_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

export function providerOf(preset: ProviderPreset): ProposedProvider {
  return { id: preset.id, label: preset.label, authType: preset.authType };
}

export function fromPreset(id: 'gmail' | 'office365', source: DiscoverySource): ServersFound {
  const preset = presetById(id);
  const smtp = preset.servers.smtp;
  const imap = preset.servers.imap;
  return {
    source,
    provider: providerOf(preset),
    outgoing: smtp ? { host: smtp.host, port: smtp.port, security: smtp.security } : null,
    incoming: imap ? { protocol: 'imap', host: imap.host, port: imap.port, security: imap.security } : null,
    username: null,
  };
}

/** Built-in knowledge, no network: Google's consumer domains and Microsoft's tenant domains. */
export function presetSource(domain: string): ServersFound | null {
  const id = GOOGLE_DOMAINS.has(domain) ? 'gmail' : domain.endsWith('.onmicrosoft.com') ? 'office365' : null;
  if (!id) return null;
  return fromPreset(id, { kind: 'preset', label: `from the built-in ${presetById(id).label} preset` });
}

/** The preset whose servers a document names, so an autoconfig for Gmail still proposes Google OAuth. */
function knownProvider(hosts: string[]): ProviderPreset | undefined {
  return PROVIDER_PRESETS.find((p) => Object.values(p.servers).some((s) => hosts.includes(s.host)));
}

/**
 * The domain's own autoconfig: autoconfig.<domain> first, then <domain>/.well-known (both asked at
 * once, the first in that order with an answer wins, see firstInOrder). `via` names the domain
 * whose MX led here, if any.
 */
export async function autoconfigSource(
  domain: string,
  address: AddressParts,
  deps: SourceDeps,
  signal: AbortSignal,
  notes: Notes,
  via?: string,
): Promise<ServersFound | null> {
  const query = `?emailaddress=${encodeURIComponent(address.email)}`;
  const candidates = [
    { url: new URL(`https://autoconfig.${domain}/mail/config-v1.1.xml${query}`), label: `autoconfig.${domain}` },
    {
      url: new URL(`https://${domain}/.well-known/autoconfig/mail/config-v1.1.xml`),
      label: `${domain}/.well-known/autoconfig`,
    },
  ];
  const ask = async ({ url, label }: (typeof candidates)[number]) => {
    let body: string;
    try {
      const answer = await deps.fetch(deps.route(url), {
        signal,
        maxBytes: AUTOCONFIG_MAX_CHARS,
        accept: 'application/xml, text/xml',
      });
      if (answer.status !== 200) return null;
      body = answer.body;
    } catch (error) {
      // Most domains publish no autoconfig: no host, no answer, 404. Only a refusal is worth a note.
      if (error instanceof FetchRefused && !signal.aborted)
        notes.push(`The autoconfig document at ${label} was not used: ${error.message}.`);
      return null;
    }
    const parsed = parseAutoconfig(body, address);
    if (!parsed.ok) {
      notes.push(`The autoconfig document at ${label} was not used: ${parsed.reason}.`);
      return null;
    }
    return { label, doc: parsed.value };
  };
  const found = await firstInOrder(candidates.map(ask), signal);
  if (!found) return null;
  const { doc, label } = found;
  const outgoing = doc.outgoing[0] ?? null;
  const incoming = doc.incoming[0] ?? null;
  const known = knownProvider([outgoing?.host, incoming?.host].filter((h): h is string => !!h));
  return {
    source: { kind: 'autoconfig', label: via ? `from ${label} (${via}'s MX host)` : `from ${label}` },
    provider: known ? providerOf(known) : { id: 'custom', label: doc.displayName ?? domain, authType: null },
    outgoing: outgoing ? { host: outgoing.host, port: outgoing.port, security: outgoing.security } : null,
    incoming: incoming
      ? { protocol: incoming.protocol, host: incoming.host, port: incoming.port, security: incoming.security }
      : null,
    username: outgoing?.username ?? incoming?.username ?? null,
  };
}

/**
 * The answer of the first candidate, in their order, that has one, as soon as it is certain: a
 * candidate that answered wins once every one before it has answered nothing, so one that hangs
 * after it costs nothing. At the deadline (the signal), the best of what has answered by then: a
 * hanging first candidate no longer throws away the second's answer.
 */
function firstInOrder<T>(answers: Promise<T | null>[], signal: AbortSignal): Promise<T | null> {
  const settled: (T | null | undefined)[] = answers.map(() => undefined);
  return new Promise<T | null>((resolve) => {
    const best = () => settled.find((answer) => answer !== undefined && answer !== null) ?? null;
    const onDeadline = () => resolve(best());
    signal.addEventListener('abort', onDeadline, { once: true });
    const decide = () => {
      for (const answer of settled) {
        if (answer === undefined) return; // an earlier candidate may still answer
        if (answer !== null) break;
      }
      signal.removeEventListener('abort', onDeadline);
      resolve(best());
    };
    answers.forEach((answer, i) =>
      answer.then(
        (value) => ((settled[i] = value), decide()),
        () => ((settled[i] = null), decide()),
      ),
    );
    if (signal.aborted) onDeadline();
  });
}

/** The MX record: Google or Microsoft by host name; otherwise the MX host's base domain's autoconfig. */
export async function mxSource(
  domain: string,
  address: AddressParts,
  deps: SourceDeps,
  signal: AbortSignal,
  notes: Notes,
): Promise<ServersFound | null> {
  let records: MxRecord[];
  try {
    records = await deps.resolveMx(domain, signal);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    // No such domain, or no MX: a plain answer, nothing to report.
    if (code === 'ENOTFOUND' || code === 'ENODATA') return null;
    if (!signal.aborted) notes.push(`${domain}'s MX record could not be looked up (the DNS server did not answer).`);
    return null;
  }
  const mx = primaryMx(records);
  if (!mx) return null;
  const id = classifyMx(mx);
  if (id) return fromPreset(id, { kind: 'mx', label: `from ${domain}'s MX record` });
  const base = baseDomain(mx);
  if (!base || base === domain) return null;
  const found = await autoconfigSource(base, address, deps, signal, notes, domain);
  return found ? { ...found, source: { ...found.source, kind: 'mx' } } : null;
}

/** Microsoft's tenant metadata for the domain: the tenant id, or null (not an Entra ID domain). */
export async function tenantSource(domain: string, deps: SourceDeps, signal: AbortSignal): Promise<string | null> {
  const url = new URL(`https://login.microsoftonline.com/${domain}/v2.0/.well-known/openid-configuration`);
  try {
    const answer = await deps.fetch(deps.route(url), { signal, maxBytes: 64 * 1024, accept: 'application/json' });
    return answer.status === 200 ? tenantFromMetadata(answer.body) : null;
  } catch {
    return null;
  }
}
