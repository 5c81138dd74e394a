// Which SMTP server took the test message, and, when it was the alternate, why the primary did
// not: rows of the test result's description list.
import type { TestSendResult } from '../../src-shared/ipc';
import { SECURITY_LABELS } from '../../src-shared/profile-options';

export function SendResultServer({ result }: { result: TestSendResult }) {
  const { server, primaryFailure } = result;
  return (
    <>
      <dt>Accepted by</dt>
      <dd>
        {server.role === 'alternate' ? 'The alternate server' : 'The primary server'}{' '}
        <code>
          {server.host}:{server.port}
        </code>{' '}
        ({SECURITY_LABELS[server.security]})
      </dd>
      {primaryFailure ? (
        <>
          <dt>Primary server</dt>
          <dd className="field-warning">Not used: {primaryFailure.message}</dd>
        </>
      ) : null}
    </>
  );
}
