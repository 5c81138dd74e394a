// "Test incoming": a real IMAP or POP3 login with the saved settings.
import { lazy, Suspense, useState } from 'react';
import type { AppErrorData } from '../../src-shared/errors';
import type { IncomingTestResult } from '../../src-shared/ipc';
import { call, toErrorData } from '../api';
import { ErrorPanel } from './ErrorPanel';
import { CheckboxField } from './fields';
import { loadTestResults } from './TestSendPanel';

// Shown only after a test: the test results' chunk, preloaded with the editor's (preloadTestResults).
const IncomingSuccess = lazy(() => loadTestResults().then((m) => ({ default: m.IncomingSuccess })));

type State =
  | { phase: 'idle' }
  | { phase: 'testing' }
  | { phase: 'done'; result: IncomingTestResult }
  | { phase: 'failed'; error: AppErrorData };

export function IncomingTestPanel({ profileId, blockedReason }: { profileId: string; blockedReason: string | null }) {
  const [state, setState] = useState<State>({ phase: 'idle' });
  const [debug, setDebug] = useState(false);

  async function test() {
    setState({ phase: 'testing' });
    try {
      setState({ phase: 'done', result: await call('testIncoming', { id: profileId, debug }) });
    } catch (error) {
      setState({ phase: 'failed', error: toErrorData(error) });
    }
  }

  return (
    <section className="form-section" aria-labelledby="test-incoming-title" aria-busy={state.phase === 'testing'}>
      <h2 id="test-incoming-title">Test incoming mail</h2>
      <p className="section-description">
        Logs in to the incoming server with the saved settings and counts the messages.
      </p>
      <div className="button-row">
        <button
          type="button"
          className="primary"
          onClick={test}
          disabled={state.phase === 'testing' || !!blockedReason}
        >
          {state.phase === 'testing' ? 'Testing…' : 'Test incoming'}
        </button>
      </div>
      <CheckboxField label="Enable email debug (show the protocol conversation)" checked={debug} onChange={setDebug} />
      {blockedReason ? <p className="field-hint">{blockedReason}</p> : null}
      <div aria-live="polite">
        {state.phase === 'done' ? (
          <Suspense fallback={null}>
            <IncomingSuccess result={state.result} />
          </Suspense>
        ) : null}
        {state.phase === 'failed' ? <ErrorPanel title="The incoming test failed" error={state.error} /> : null}
      </div>
    </section>
  );
}
