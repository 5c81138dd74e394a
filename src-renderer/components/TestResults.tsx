// What a test shows when the server accepted it: a send's recipient, server, reply and
// transcript; an incoming login's mechanism, counts and transcript. Its own chunk: a first screen
// shows no result.
import { lazy, Suspense } from 'react';
import type { IncomingTestResult, TestSendResult } from '../../src-shared/ipc';
import { SendResultServer } from './SendResultServer';

const TranscriptView = lazy(() => import('./TranscriptView').then((m) => ({ default: m.TranscriptView })));

export function SendSuccess({ result, to }: { result: TestSendResult; to: string }) {
  return (
    <div className="result result-success" role="status" aria-label="Test result">
      <h3>
        {result.server.role === 'alternate'
          ? 'Test email accepted by the alternate server'
          : 'Test email accepted by the server'}
      </h3>
      <dl>
        <dt>To</dt>
        <dd>{to}</dd>
        <dt>Sent as</dt>
        <dd>{result.sender}</dd>
        <SendResultServer result={result} />
        <dt>Server reply</dt>
        <dd>
          <code>{result.response}</code>
        </dd>
        <dt>Message ID</dt>
        <dd>
          <code>{result.messageId}</code>
        </dd>
        <dt>Time taken</dt>
        <dd>{(result.durationMs / 1000).toFixed(2)} s</dd>
      </dl>
      <Suspense fallback={null}>
        <TranscriptView lines={result.transcript} label="SMTP transcript" />
      </Suspense>
    </div>
  );
}

export function IncomingSuccess({ result }: { result: IncomingTestResult }) {
  return (
    <div className="result result-success" role="status" aria-label="Incoming test result">
      <h3>Logged in to the {result.protocol === 'imap' ? 'IMAP' : 'POP3'} server</h3>
      <dl>
        <dt>Mechanism</dt>
        <dd>{result.mechanism}</dd>
        <dt>Messages</dt>
        <dd>{result.messages}</dd>
        {result.folders.length ? (
          <>
            <dt>Folders</dt>
            <dd>{result.folders.join(', ')}</dd>
          </>
        ) : null}
        <dt>Capabilities</dt>
        <dd>{result.capabilities.join(' ')}</dd>
        <dt>Time taken</dt>
        <dd>{(result.durationMs / 1000).toFixed(2)} s</dd>
      </dl>
      <Suspense fallback={null}>
        <TranscriptView lines={result.transcript} label="Incoming protocol transcript" />
      </Suspense>
    </div>
  );
}
