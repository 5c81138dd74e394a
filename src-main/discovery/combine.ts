// Priority: the first source (in DISCOVERY_SOURCE_KINDS order) that found servers proposes the
// provider and all its servers together; values are never mixed from two places. The tenant id
// comes only from Microsoft's metadata and only goes with a Microsoft proposal.
import type { DiscoveryResult, DiscoverySource } from '../../src-shared/discovery';
import { fromPreset, type ServersFound } from './sources';

export interface Findings {
  /** Highest priority first: preset, domain autoconfig, MX. */
  servers: (ServersFound | null)[];
  tenant: string | null;
  tenantSource: DiscoverySource;
}

export type Proposal = Pick<DiscoveryResult, 'provider' | 'outgoing' | 'incoming' | 'username' | 'tenant'>;

export const NOTHING: Proposal = { provider: null, outgoing: null, incoming: null, username: null, tenant: null };

export function combine({ servers, tenant, tenantSource }: Findings): Proposal {
  // A domain with an Entra ID tenant and no other clue is most likely on Exchange Online.
  const winner = servers.find((s) => s !== null) ?? (tenant ? fromPreset('office365', tenantSource) : null);
  if (!winner) return NOTHING;
  const { source } = winner;
  const microsoft = winner.provider.authType === 'microsoft';
  return {
    provider: { value: winner.provider, source },
    outgoing: winner.outgoing ? { value: winner.outgoing, source } : null,
    incoming: winner.incoming ? { value: winner.incoming, source } : null,
    username: winner.username ? { value: winner.username, source } : null,
    tenant: microsoft && tenant ? { value: tenant, source: tenantSource } : null,
  };
}
