// Shows an AppError the way every error reaches the admin: what failed, what to do, the detail.
import type { AppErrorData } from '../../src-shared/errors';

export function ErrorPanel({
  title,
  error,
  onDismiss,
  topLevel,
  live = 'alert',
  label,
}: {
  title: string;
  error: AppErrorData;
  onDismiss?: () => void;
  /** Shown above the page's own headings (not inside a section): a level-2 heading keeps the order. */
  topLevel?: boolean;
  /** 'status' where the panel is the polite answer to the admin's own action (not an interruption). */
  live?: 'alert' | 'status';
  /** The region's accessible name, where tests and assistive technology look it up by name. */
  label?: string;
}) {
  const Heading = topLevel ? 'h2' : 'h3';
  return (
    <div className="result result-error" role={live} aria-label={label}>
      <Heading>{title}</Heading>
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
