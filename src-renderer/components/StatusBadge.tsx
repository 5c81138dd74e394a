import type { ProfileStatus, VerificationState } from '../../src-shared/profile';

const LABELS: Record<VerificationState, string> = {
  verified: 'Verified',
  not_verified: 'Not verified',
  reauthorization_required: 'Re-authorization required',
};

export function StatusBadge({ status, compact }: { status: ProfileStatus; compact?: boolean }) {
  const title =
    status.state === 'verified' && status.lastVerifiedSend
      ? `Last test send accepted ${new Date(status.lastVerifiedSend).toLocaleString()}`
      : (status.reason ?? undefined);
  return (
    <span className={`badge badge-${status.state}${compact ? ' badge-compact' : ''}`} title={title}>
      {LABELS[status.state]}
    </span>
  );
}
