// What autodiscovery found, one row per value with where it came from: shown in the Add dialog
// and in the editor's suggestion panel alike, so the admin sees everything before it is applied.
import type { DiscoveryResult, DiscoverySource } from '../../src-shared/discovery';
import { SECURITY_LABELS } from '../../src-shared/profile-options';

interface Row {
  label: string;
  value: string;
  source: DiscoverySource;
}

function rowsOf(result: DiscoveryResult): Row[] {
  const rows: Row[] = [];
  if (result.provider)
    rows.push({ label: 'Provider', value: result.provider.value.label, source: result.provider.source });
  if (result.outgoing) {
    const s = result.outgoing.value;
    rows.push({
      label: 'Outgoing (SMTP)',
      value: `${s.host}, port ${s.port}, ${SECURITY_LABELS[s.security]}`,
      source: result.outgoing.source,
    });
  }
  if (result.incoming) {
    const s = result.incoming.value;
    rows.push({
      label: `Incoming (${s.protocol === 'imap' ? 'IMAP' : 'POP3'})`,
      value: `${s.host}, port ${s.port}, ${SECURITY_LABELS[s.security]}`,
      source: result.incoming.source,
    });
  }
  if (result.username) rows.push({ label: 'User name', value: result.username.value, source: result.username.source });
  if (result.tenant) rows.push({ label: 'Tenant ID', value: result.tenant.value, source: result.tenant.source });
  return rows;
}

export function ProposalFacts({ result }: { result: DiscoveryResult }) {
  return (
    <dl className="facts">
      {rowsOf(result).map((row) => (
        <div key={row.label} className="discovery-row">
          <dt>{row.label}</dt>
          <dd>
            {row.value} <span className="discovery-source">{row.source.label}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}
