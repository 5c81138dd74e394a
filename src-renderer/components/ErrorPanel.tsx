// Shows an AppError the way every error reaches the admin: what failed, what to do, the detail.
import type { AppErrorData } from '../../src-shared/errors';

export function ErrorPanel({
  title,
  error,
  onDismiss,
}: {
  title: string;
  error: AppErrorData;
  onDismiss?: () => void;
}) {
  return (
    <div className="result result-error" role="alert">
      <h3>{title}</h3>
      <p className="error-message">{error.message}</p>
      <p className="error-hint">
        <strong>What to do: </strong>
        {error.hint}
      </p>
      {error.detail ? (
        <details>
          <summary>Server reply</summary>
          <pre>{error.detail}</pre>
        </details>
      ) : null}
      {onDismiss ? (
        <button type="button" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
