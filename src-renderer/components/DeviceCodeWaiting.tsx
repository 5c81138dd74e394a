// While a device sign-in waits: the code, large and copyable, where to enter it (open it here,
// copy the link, or a QR code for a phone), how long it lasts, and Cancel. Main polls meanwhile.
import type { AuthorizationStart, DeviceCodeStart } from '../../src-shared/oauth';
import { lazy, Suspense } from 'react';
import { useClipboard } from '../hooks/useClipboard';

// The QR encoder is only needed while a code waits: its own chunk, fetched once the first screen
// is up (preloadQrCode), so the first screen does not carry it and the code never waits for it.
const loadQrCode = () => import('./QrCode');
const QrCode = lazy(() => loadQrCode().then((m) => ({ default: m.QrCode })));

export function preloadQrCode(): void {
  void loadQrCode().catch(() => undefined);
}

export function DeviceCodeWaiting({
  start,
  device,
  onOpenHere,
  onCancel,
}: {
  start: AuthorizationStart;
  device: DeviceCodeStart;
  /** Main opens the page in this computer's browser (for when only the loopback redirect is blocked). */
  onOpenHere: () => void;
  onCancel: () => void;
}) {
  const { copied, copy } = useClipboard();
  const link = device.verificationUriComplete ?? device.verificationUri;
  return (
    <div className="field field-wide result result-waiting" role="status" aria-label="Sign-in with a code in progress">
      <p className="progress">
        <span className="spinner" aria-hidden="true" /> On any device, open the page below, enter the code and sign in
        with the mailbox. This waits until {new Date(start.expiresAt).toLocaleTimeString()}.
      </p>
      <div className="device-code">
        <div>
          <span className="field-label" id="user-code-label">
            Code
          </span>
          <output className="user-code" aria-labelledby="user-code-label">
            {device.userCode}
          </output>
          <span className="field-label" id="verification-label">
            Page
          </span>
          <code className="copy-value" aria-labelledby="verification-label">
            {device.verificationUri}
          </code>
          <div className="button-row">
            <button type="button" onClick={onOpenHere}>
              Open page here
            </button>
            <button type="button" onClick={() => copy('code', device.userCode)}>
              {copied === 'code' ? 'Copied' : 'Copy code'}
            </button>
            <button type="button" onClick={() => copy('page', link)}>
              {copied === 'page' ? 'Copied' : 'Copy page link'}
            </button>
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </div>
        <Suspense fallback={<div className="qr-code qr-code-pending" aria-hidden="true" />}>
          <QrCode text={link} label={`QR code for ${link}`} />
        </Suspense>
      </div>
    </div>
  );
}
