// When the test send (and `mailprefs send`) may move on to the alternate SMTP server: only when
// the primary could not be reached — connection refused, DNS, timeout, TLS handshake — and the
// conversation had not got as far as logging in or handing over the message. A refused login
// never moves on: the alternate would get the same credentials, and trying them on a second
// server would only hide the real problem (and count twice against a lockout policy).
import type { AppError } from '../../src-shared/errors';

const CONNECTION_CODES = new Set(['smtp_connection', 'smtp_timeout', 'smtp_tls']);
/** Once one of these was sent the server knows us; a failure after it is not "unreachable". */
const PAST_CONNECTING = /^(AUTH|MAIL|RCPT|DATA|\.)/i;

export function isConnectionFailure(raw: unknown, explained: AppError): boolean {
  if (!CONNECTION_CODES.has(explained.code)) return false;
  const { command, code } =
    typeof raw === 'object' && raw !== null ? (raw as { command?: unknown; code?: unknown }) : {};
  // An aborted send (its total deadline) names no command: the message may have been handed over.
  if (code === 'EABORT') return false;
  return !(typeof command === 'string' && PAST_CONNECTING.test(command));
}

export const NOT_FAILED_OVER_AUTH =
  'The alternate server was not tried: the primary refused the login, which is not a connection problem (the alternate would get the same credentials).';
