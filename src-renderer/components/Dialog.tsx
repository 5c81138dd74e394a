// A modal built on <dialog>: focus is trapped by the browser and Escape cancels.
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { AppErrorData } from '../../src-shared/errors';
import { ErrorPanel } from './ErrorPanel';

interface Props {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  confirmDisabled?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  error?: AppErrorData | null;
  wide?: boolean;
  /** A third choice beside Cancel and the confirm button (e.g. "Discard" in Save / Discard / Cancel). */
  extraAction?: { label: string; onClick: () => void; danger?: boolean };
}

export function Dialog({
  title,
  children,
  confirmLabel,
  danger,
  confirmDisabled,
  onConfirm,
  onCancel,
  error,
  wide,
  extraAction,
}: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    // Focus goes back to the control that opened the dialog, not to <body>.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  /** Tab and Shift+Tab cycle inside the dialog: focus never leaves it for the page or the browser. */
  function trapTab(event: KeyboardEvent<HTMLDialogElement>) {
    if (event.key !== 'Tab' || !ref.current) return;
    const stops = [
      ...ref.current.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href], [tabindex]'),
    ].filter((el) => !el.hasAttribute('disabled') && el.tabIndex >= 0);
    const first = stops[0];
    const last = stops.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }
  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog-wide' : undefined}
      aria-labelledby="dialog-title"
      onKeyDown={trapTab}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (!confirmDisabled) onConfirm();
        }}
      >
        <h2 id="dialog-title">{title}</h2>
        <div className="dialog-body">{children}</div>
        {error ? <ErrorPanel title="That did not work" error={error} /> : null}
        <div className="dialog-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          {extraAction ? (
            <button type="button" className={extraAction.danger ? 'danger' : undefined} onClick={extraAction.onClick}>
              {extraAction.label}
            </button>
          ) : null}
          <button type="submit" className={danger ? 'danger' : 'primary'} disabled={confirmDisabled}>
            {confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
