// Office 365 app-only with a certificate: Generate makes the key pair in main, or Import reads a
// .pfx or PEM pair there (the private key never comes here; a .pfx's password is typed here and
// goes to main once); either fills in the thumbprint and offers the certificate to upload to the
// app registration (a .cer file, or copied). Save then stores the key.
import { useState } from 'react';
import type { AppErrorData } from '../../src-shared/errors';
import type { AppCertificate } from '../../src-shared/ipc';
import { call, toErrorData } from '../api';
import { useClipboard } from '../hooks/useClipboard';
import { ErrorPanel } from './ErrorPanel';
import { PfxPassword } from './PfxPassword';

interface Props {
  profileId: string;
  profileName: string;
  thumbprint: string;
  onGenerated: (certificate: AppCertificate) => void;
  error?: string | undefined;
}

export function AppCertificateFields({ profileId, profileName, thumbprint, onGenerated, error }: Props) {
  const [made, setMade] = useState<AppCertificate | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<AppErrorData | null>(null);
  const [savedTo, setSavedTo] = useState<string | null>(null);
  /** A chosen .pfx main holds until its password is typed (its file name). */
  const [passwordFor, setPasswordFor] = useState<string | null>(null);
  const { copied, copy } = useClipboard();
  const current = made && made.thumbprint === thumbprint ? made : null;

  /** Generate or Import: main makes or reads the pair and keeps the key; here only the certificate. */
  async function obtain(request: () => Promise<AppCertificate | { passwordFor: string } | null>) {
    setBusy(true);
    setFailure(null);
    setSavedTo(null);
    try {
      const answer = await request();
      if (answer && 'passwordFor' in answer) {
        setPasswordFor(answer.passwordFor);
      } else if (answer) {
        setPasswordFor(null);
        setMade(answer);
        onGenerated(answer);
      }
    } catch (e) {
      setFailure(toErrorData(e));
    } finally {
      setBusy(false);
    }
  }
  const generate = () =>
    obtain(() => call('createAppCertificate', { id: profileId, name: certificateName(profileName) }));
  const importFiles = () => obtain(() => call('importAppCertificate', { id: profileId }));
  const unlock = (password: string) => obtain(() => call('unlockAppCertificate', { id: profileId, password }));

  async function saveFile(certificate: AppCertificate) {
    setFailure(null);
    try {
      const { path } = await call('saveCertificateFile', {
        certificatePem: certificate.certificatePem,
        name: profileName,
      });
      setSavedTo(path);
    } catch (e) {
      setFailure(toErrorData(e));
    }
  }

  return (
    <div className="field-wide certificate" role="group" aria-label="Certificate">
      <span className="field-label" id={`${profileId}-thumbprint-label`}>
        Certificate thumbprint
      </span>
      <code className="copy-value" aria-labelledby={`${profileId}-thumbprint-label`}>
        {thumbprint || 'None yet'}
      </code>
      {current ? (
        <p className="field-hint">
          Valid until {current.notAfter.slice(0, 10)}. Upload it in Entra ID › App registrations › this app ›
          Certificates &amp; secrets › Certificates › Upload certificate, then Save here: the private key is kept
          encrypted on this computer and never leaves it except in a sealed export.
        </p>
      ) : (
        <p className="field-hint">
          {thumbprint
            ? 'The private key is stored (encrypted). Its thumbprint must match the certificate uploaded to the app registration. Generate a new one to replace it.'
            : 'Generate a key pair and a self-signed certificate (RSA 2048, two years), or import the certificate with its key (a .pfx/.p12, or PEM files). You upload the certificate; the key stays here.'}
        </p>
      )}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="button-row">
        <button type="button" onClick={() => void generate()} disabled={busy}>
          {busy ? 'Working…' : thumbprint ? 'Generate a new certificate' : 'Generate certificate'}
        </button>
        <button type="button" onClick={() => void importFiles()} disabled={busy}>
          Import certificate…
        </button>
        {current ? (
          <>
            <button type="button" onClick={() => void saveFile(current)}>
              Save certificate file…
            </button>
            <button type="button" onClick={() => void copy('certificate', current.certificatePem)}>
              {copied === 'certificate' ? 'Copied' : 'Copy certificate'}
            </button>
          </>
        ) : null}
      </div>
      {passwordFor ? (
        <PfxPassword
          key={passwordFor}
          fileName={passwordFor}
          busy={busy}
          onOpen={(password) => void unlock(password)}
          onCancel={() => {
            setPasswordFor(null);
            setFailure(null);
          }}
        />
      ) : null}
      {savedTo ? (
        <p className="field-hint" role="status">
          Saved to {savedTo}.
        </p>
      ) : null}
      {failure ? <ErrorPanel title="No certificate was set" error={failure} /> : null}
    </div>
  );
}

/** The certificate's subject: the profile's name in printable ASCII, as Entra lists it. */
function certificateName(profileName: string): string {
  const ascii = profileName.replace(/[^\x20-\x7e]/g, '').trim();
  return `Mail Preferences - ${ascii || 'app'}`.slice(0, 64);
}
