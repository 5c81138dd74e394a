// What autodiscovery proposes for the typed address, each value with where it came from. Nothing
// changes until the admin clicks Apply; the fields stay editable afterwards, and Save still saves.
import { hasProposal, proposalMatches, type DiscoveryResult } from '../../src-shared/discovery';
import type { Profile } from '../../src-shared/profile';
import { useDiscovery } from '../hooks/useDiscovery';
import { ProposalFacts } from './ProposalFacts';

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

  if (state.status === 'idle' || dismissed === state.email) return null;
  const domain = state.email.slice(state.email.lastIndexOf('@') + 1);
  const result = state.status === 'done' ? state.result : null;
  const proposal = result !== null && hasProposal(result) && !proposalMatches(profile, result);
  if (!result || (!proposal && result.notes.length === 0)) {
    // The same one-line slot from the first keystroke to the answer, so the form below never jumps.
    return (
      <p className="field-wide discovery-looking muted" role="status">
        {state.status === 'looking'
          ? `Looking up settings for ${domain}…`
          : result && hasProposal(result)
            ? `The settings below already match what was found for ${domain}.`
            : `Nothing was found for ${domain}: fill in the servers below.`}
      </p>
    );
  }

  return (
    <section className="field-wide discovery" aria-label={`Suggested settings for ${result.domain}`}>
      {proposal ? (
        <>
          <h3>Suggested settings for {result.domain}</h3>
          <ProposalFacts result={result} />
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
