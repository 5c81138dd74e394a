// What autodiscovery proposes for the typed address, each value with where it came from. Nothing
// changes until the admin clicks Apply; the fields stay editable afterwards, and Save still saves.
import { hasProposal, proposalMatches, type DiscoveryResult, type DiscoverySource } from '../../src-shared/discovery';
import { SECURITY_LABELS, type Profile } from '../../src-shared/profile';
import { useDiscovery } from '../hooks/useDiscovery';

interface Props {
  email: string;
  /** The address the profile was loaded with: no lookup until the admin types another. */
  storedEmail: string;
  profile: Profile;
  onApply: (result: DiscoveryResult) => void;
  /**
   * The address whose proposal was applied or dismissed. Held by the editor, not here: Apply can
   * switch the protocol, which moves this panel to another section and remounts it.
   */
  dismissed: string | null;
  onDismiss: (email: string) => void;
}

export function DiscoveryPanel({ email, storedEmail, profile, onApply, dismissed, onDismiss }: Props) {
  const state = useDiscovery(email, email.trim().toLowerCase() !== storedEmail.trim().toLowerCase());

  if (state.status === 'looking') {
    return (
      <p className="field-wide discovery-looking muted" role="status">
        Looking up settings for {state.email.slice(state.email.lastIndexOf('@') + 1)}…
      </p>
    );
  }
  if (state.status !== 'done' || dismissed === state.email) return null;
  const { result } = state;
  const proposal = hasProposal(result) && !proposalMatches(profile, result);
  if (!proposal && result.notes.length === 0) return null;

  const rows: { label: string; value: string; source: DiscoverySource }[] = [];
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

  return (
    <section className="field-wide discovery" aria-label={`Suggested settings for ${result.domain}`}>
      {proposal ? (
        <>
          <h3>Suggested settings for {result.domain}</h3>
          <dl className="facts">
            {rows.map((row) => (
              <div key={row.label} className="discovery-row">
                <dt>{row.label}</dt>
                <dd>
                  {row.value} <span className="discovery-source">{row.source.label}</span>
                </dd>
              </div>
            ))}
          </dl>
          <p className="muted">
            Applying fills in the fields; you can still change them, and nothing is saved until you click Save.
          </p>
          <div className="button-row">
            <button
              type="button"
              className="primary"
              onClick={() => {
                // Applied once: later edits to those fields are the admin's, not a reason to ask again.
                onDismiss(result.email);
                onApply(result);
              }}
            >
              Apply these settings
            </button>
            <button type="button" onClick={() => onDismiss(result.email)}>
              Dismiss
            </button>
          </div>
        </>
      ) : null}
      {result.notes.map((note) => (
        <p key={note} className="muted discovery-note">
          {note}
        </p>
      ))}
    </section>
  );
}
