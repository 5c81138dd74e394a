// Autodiscovery for one email address: all sources at once under one deadline (3 s by default),
// combined by priority. Never throws and never waits past the deadline; a newer request cancels
// the one before it (the admin is still typing), so stale lookups stop using the network.
import { domainToASCII } from 'node:url';
import type { DiscoveryResult } from '../../src-shared/discovery';
import { isValidHost } from '../../src-shared/validators';
import type { AddressParts } from './autoconfig-xml';
import { combine, NOTHING, type Proposal } from './combine';
import { createHttpsFetcher } from './https-get';
import { autoconfigSource, mxSource, presetSource, tenantSource, type Notes, type SourceDeps } from './sources';

export interface DiscoveryDeps extends SourceDeps {
  timeoutMs: number;
}

export const DEFAULT_DISCOVERY_TIMEOUT_MS = 3000;

/** MX lookups through a fresh Resolver per request (cancellable on its own), optionally at given servers. */
export function createMxResolver(servers?: string[], timeoutMs = 1500): SourceDeps['resolveMx'] {
  return async (domain, signal) => {
    // Loaded at the first lookup, not at start.
    const { Resolver } = await import('node:dns/promises');
    const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
    if (servers) resolver.setServers(servers);
    const cancel = () => resolver.cancel();
    signal.addEventListener('abort', cancel, { once: true });
    try {
      return await resolver.resolveMx(domain);
    } finally {
      signal.removeEventListener('abort', cancel);
    }
  };
}

export function defaultDiscoveryDeps(overrides: Partial<DiscoveryDeps> = {}): DiscoveryDeps {
  return {
    fetch: createHttpsFetcher(),
    resolveMx: createMxResolver(),
    route: (url) => url,
    timeoutMs: DEFAULT_DISCOVERY_TIMEOUT_MS,
    ...overrides,
  };
}

/** The address split for lookups and placeholders; null for what no lookup should be made for. */
export function addressParts(email: string): AddressParts | null {
  const at = email.lastIndexOf('@');
  if (at < 1) return null;
  const raw = email
    .slice(at + 1)
    .trim()
    .toLowerCase();
  // Letters, digits, dots and hyphens only: domainToASCII would quietly cut "x.com/../y" to "x.com".
  if (!/^[\p{L}\p{M}\p{N}.-]+$/u.test(raw)) return null;
  const domain = domainToASCII(raw).replace(/\.$/, '');
  // A DNS name with at least two labels: no IP literal, no "localhost", nothing a URL could misread.
  if (!domain.includes('.') || !isValidHost(domain) || /^[\d.]+$/.test(domain) || domain.includes(':')) return null;
  return { email: email.trim(), localPart: email.slice(0, at).trim(), domain };
}

/**
 * Settles when the promise does or the signal fires, whichever is first (for a source that
 * ignores it). At the signal, a source that answers then with what it has (the autoconfig
 * source does) gets its turn first: the fallback waits for one pass of the event loop.
 */
function bounded<T>(work: Promise<T>, signal: AbortSignal, fallback: T): Promise<T> {
  return new Promise<T>((resolve) => {
    const stop = () => void setImmediate(() => resolve(fallback));
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, () => resolve(fallback)).finally(() => signal.removeEventListener('abort', stop));
  });
}

export async function discoverSettings(
  email: string,
  deps: DiscoveryDeps,
  cancel: AbortSignal = new AbortController().signal,
): Promise<DiscoveryResult> {
  const started = performance.now();
  const address = addressParts(email);
  const done = (proposal: Proposal, notes: Notes): DiscoveryResult => ({
    email: address?.email ?? email,
    domain: address?.domain ?? '',
    ...proposal,
    notes,
    durationMs: Math.round(performance.now() - started),
  });
  if (!address) return done(NOTHING, []);
  const { domain } = address;

  // The built-in presets need no network and outrank everything else.
  const preset = presetSource(domain);
  if (preset) return done(combine({ servers: [preset], tenant: null, tenantSource: preset.source }), []);

  const timeout = AbortSignal.timeout(deps.timeoutMs);
  const signal = AbortSignal.any([cancel, timeout]);
  const notes: Notes = [];
  const [own, mx, tenant] = await Promise.all([
    bounded(autoconfigSource(domain, address, deps, signal, notes), signal, null),
    bounded(mxSource(domain, address, deps, signal, notes), signal, null),
    bounded(tenantSource(domain, deps, signal), signal, null),
  ]);
  if (timeout.aborted && !cancel.aborted)
    notes.push(
      `Some lookups for ${domain} did not answer within ${deps.timeoutMs / 1000} s; enter what is missing yourself.`,
    );
  const proposal = combine({
    servers: [own, mx],
    tenant,
    tenantSource: { kind: 'tenant', label: `from Microsoft's tenant metadata for ${domain}` },
  });
  return done(proposal, [...new Set(notes)].slice(0, 4));
}

/** One discovery at a time: a new request cancels the previous one (its answer is stale anyway). */
export class DiscoveryService {
  private current: AbortController | null = null;

  constructor(private readonly deps: DiscoveryDeps) {}

  async discover(email: string): Promise<DiscoveryResult> {
    this.current?.abort();
    const controller = new AbortController();
    this.current = controller;
    try {
      return await discoverSettings(email, this.deps, controller.signal);
    } finally {
      if (this.current === controller) this.current = null;
    }
  }
}
