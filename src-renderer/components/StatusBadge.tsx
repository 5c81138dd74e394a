import { verifiedBy, VERIFIED_BY_LABELS } from '../../src-shared/profile-options';
import type { ProfileStatus, VerificationState } from '../../src-shared/profile';

const LABELS: Record<VerificationState, string> = {
  verified: 'Verified',
  not_verified: 'Not verified',
  reauthorization_required: 'Re-authorization required',
};

/**
 * The profile's state. Verified says how: a delivered test email, or a login the servers
 * accepted (an authorization's check). The compact form in the sidebar keeps the short word.
 */
export function StatusBadge({ status, compact }: { status: ProfileStatus; compact?: boolean }) {
  const by = verifiedBy(status);
  const title =
    by === 'test_delivered' && status.lastVerifiedSend
      ? `Last test send accepted ${new Date(status.lastVerifiedSend).toLocaleString()}`
      : by === 'login_accepted' && status.lastVerifiedLogin
        ? `Login accepted ${new Date(status.lastVerifiedLogin).toLocaleString()}; no test email sent yet`
        : (status.reason ?? undefined);
  return (
    <span className={`badge badge-${status.state}${compact ? ' badge-compact' : ''}`} title={title}>
      {by && !compact ? VERIFIED_BY_LABELS[by] : LABELS[status.state]}
    </span>
  );
}
