// "Send test email": a real send through the saved settings, with progress and a result panel.
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { PurposeSender } from '../../src-shared/delivery';
import type { AppErrorData } from '../../src-shared/errors';
import type { TestSendResult } from '../../src-shared/ipc';
import { isValidEmail } from '../../src-shared/validators';
import { call, toErrorData } from '../api';
import { useOneAtATime } from '../hooks/useOneAtATime';
import { ErrorPanel } from './ErrorPanel';
import { CheckboxField, SelectField, TextField } from './fields';

// Shown only after a test: the test results' chunk (IncomingTestPanel's too), preloaded with
// the editor's chunks.
export const loadTestResults = () => import('./TestResults');
const SendSuccess = lazy(() => loadTestResults().then((m) => ({ default: m.SendSuccess })));

interface Props {
  profileId: string;
  defaultRecipient: string;
  /** The senders per purpose (saved before the send): the test can go out as any of them. */
  senders: PurposeSender[];
  /** Why a send is not possible right now (invalid settings), or null. */
  blockedReason: string | null;
  /** Unsaved changes: the send saves them first (it uses the saved settings); null: nothing to save. */
  saveFirst: (() => Promise<boolean>) | null;
  onSent: () => void;
}

type State =
  | { phase: 'idle' }
  | { phase: 'saving' }
  | { phase: 'sending' }
  | { phase: 'sent'; result: TestSendResult; to: string }
  | { phase: 'failed'; error: AppErrorData };

export function TestSendPanel({ profileId, defaultRecipient, senders, blockedReason, saveFirst, onSent }: Props) {
  const [to, setTo] = useState('');
  // '' = the profile's From address. A purpose removed since (and saved) falls back to it.
  const [chosenSender, setChosenSender] = useState('');
  const sender = senders.some((s) => s.purpose === chosenSender) ? chosenSender : '';
  const [state, setState] = useState<State>({ phase: 'idle' });
  const [debug, setDebug] = useState(false);
  const recipient = to.trim() || defaultRecipient;
  const recipientError =
    recipient && !isValidEmail(recipient) ? 'Enter an email address such as name@example.com.' : undefined;

  const oneAtATime = useOneAtATime();
  const send = () =>
    oneAtATime(async () => {
      if (saveFirst) {
        const before = state;
        setState({ phase: 'saving' });
        // Not saved (invalid, a conflict, refused): the form says why; nothing is sent, and the
        // previous result stays on screen.
        if (!(await saveFirst())) return setState(before);
      }
      await sendNow();
    });

  async function sendNow() {
    setState({ phase: 'sending' });
    try {
      const result = await call('sendTestEmail', {
        id: profileId,
        to: recipient,
        debug,
        ...(sender ? { sender } : {}),
      });
      setState({ phase: 'sent', result, to: recipient });
      onSent();
    } catch (error) {
      setState({ phase: 'failed', error: toErrorData(error) });
    }
  }

  const sending = state.phase === 'sending' || state.phase === 'saving';
  // The result (success or error) takes focus when it arrives; aria-live announces it too.
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.phase === 'sent' || state.phase === 'failed') resultRef.current?.focus();
  }, [state.phase]);
  return (
    <section className="form-section test-send" aria-labelledby="test-send-title" aria-busy={sending}>
      <h2 id="test-send-title">Send test email</h2>
      <p className="section-description">
        Sends a real message through the saved settings, so you know the server will accept this account.
      </p>
      <div className="test-send-row">
        <TextField
          label="Send test email to"
          type="email"
          value={to}
          placeholder={defaultRecipient || 'name@example.com'}
          onChange={setTo}
          error={recipientError}
        />
        <button
          type="button"
          className="primary"
          onClick={send}
          disabled={sending || !!blockedReason || !recipient || !!recipientError}
        >
          {state.phase === 'saving'
            ? 'Saving…'
            : sending
              ? 'Sending…'
              : saveFirst
                ? 'Save and send test email'
                : 'Send test email'}
        </button>
      </div>
      {senders.length > 0 ? (
        <SelectField<string>
          label="Send as"
          value={sender}
          options={[
            { value: '', label: `From address (${defaultRecipient || 'the authorized account'})` },
            ...senders.map((s) => ({ value: s.purpose, label: `${s.purpose} (${s.address || 'From address'})` })),
          ]}
          onChange={setChosenSender}
          hint="Which of the profile's senders the test message comes from."
        />
      ) : null}
      <CheckboxField label="Enable email debug (show the SMTP conversation)" checked={debug} onChange={setDebug} />
      {blockedReason ? <p className="field-hint">{blockedReason}</p> : null}
      <div aria-live="polite" ref={resultRef} tabIndex={-1} className="result-region">
        {state.phase === 'sending' ? (
          <p className="progress" role="status">
            <span className="spinner" aria-hidden="true" /> Connecting to the server and sending…
          </p>
        ) : null}
        {state.phase === 'sent' ? (
          <Suspense fallback={null}>
            <SendSuccess result={state.result} to={state.to} />
          </Suspense>
        ) : null}
        {state.phase === 'failed' ? <ErrorPanel title="The test email was not sent" error={state.error} /> : null}
      </div>
    </section>
  );
}
