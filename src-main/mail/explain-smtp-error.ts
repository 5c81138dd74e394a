// Turns what nodemailer throws into an AppError that says what failed, why, and what to do.
// The rows for Microsoft 365 and Google replies come from the providers' documentation.
import { AppError, type ErrorCode } from '../../src-shared/errors';
import { SECURITY_LABELS, type ServerSettings } from '../../src-shared/profile';
import { appOnlyRefusal, type AppOnlyContext } from './explain-app-only-refusal';

interface SmtpErrorLike {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
  command?: string;
  /** nodemailer: which timer ran out (CONNECT_TIMEOUT, GREETING_TIMEOUT, UPGRADE_TIMEOUT, SOCKET_TIMEOUT). */
  timeoutType?: string;
}

interface Explanation {
  code: ErrorCode;
  message: string;
  hint: string;
}

/** Server replies with a well-known meaning, matched on the reply text. */
const KNOWN_REPLIES: { pattern: RegExp; explain: (s: ServerSettings) => Explanation }[] = [
  {
    pattern: /5\.7\.139|SmtpClientAuthentication is disabled/i,
    explain: () => ({
      code: 'smtp_auth',
      message: 'Microsoft 365 refused the login: SMTP AUTH is turned off for this tenant or mailbox.',
      hint: 'Enable Authenticated SMTP for the mailbox (Microsoft 365 admin center > user > Mail > Manage email apps, or Set-CASMailbox -SmtpClientAuthenticationDisabled $false).',
    }),
  },
  {
    pattern: /5\.7\.30/,
    explain: () => ({
      code: 'smtp_auth',
      message: 'The server no longer accepts passwords (basic authentication) for SMTP.',
      hint: 'Switch the Authorization Protocol to Office 365 (OAuth 2.0) and authorize the mailbox.',
    }),
  },
  {
    pattern: /5\.7\.3\b/,
    explain: () => ({
      code: 'smtp_auth',
      message: 'The server did not accept the credentials for this mailbox (535 5.7.3).',
      hint: 'With OAuth, the token must be for https://outlook.office.com/SMTP.Send and the From address must be the authorized mailbox. With a password, check the user name and password.',
    }),
  },
  {
    pattern: /5\.2\.0\b.*(SendAsDenied|SendAs)|SendAsDeniedException/i,
    explain: () => ({
      code: 'smtp_rejected',
      message: 'The server refused to send as this From address (554 5.2.0, Send As denied).',
      hint: 'Use the authorized mailbox as the From address, or have an Exchange administrator grant this mailbox "Send As" (Add-RecipientPermission) on the address you want to send as.',
    }),
  },
  {
    pattern: /Application-specific password required|InvalidSecondFactor/i,
    explain: () => ({
      code: 'smtp_auth',
      message: 'Google requires an app password or OAuth for this account; the normal password is refused.',
      hint: 'Switch the Authorization Protocol to Google (OAuth 2.0), or create an app password in the Google account.',
    }),
  },
];

export function explainSmtpError(
  error: unknown,
  server: ServerSettings,
  oauth = false,
  /** Office 365 app-only profiles: a refused login means the Exchange mailbox permission, not a sign-in. */
  appOnly?: AppOnlyContext,
): AppError {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SmtpErrorLike;
  const reply = [e.response, e.message].filter(Boolean).join(' ');
  const known = KNOWN_REPLIES.find((row) => row.pattern.test(reply));
  const refusedLogin = e.code === 'EAUTH' || /5\.7\.(3|139)\b/.test(reply);
  // A server that wants encryption first says so at AUTH too (530): without encryption that is
  // the security mode, not the password, the token or the mailbox permission (over TLS the same
  // words, "domain requires TLS", are about a recipient).
  const explanation =
    server.security === 'none' && REQUIRES_STARTTLS.test(reply)
      ? explainStartTlsRequired(server)
      : appOnly && refusedLogin
        ? appOnlyRefusal(appOnly, 'SMTP', reply)
        : known
          ? known.explain(server)
          : oauth && e.code === 'EAUTH'
            ? explainOAuthRejection(e, server)
            : classify(e, server);
  return new AppError({ ...explanation, ...(reply ? { detail: reply.slice(0, 1000) } : {}) }, { cause: error });
}

const where = (s: ServerSettings) => `${s.host}:${s.port}`;

/** "530 5.7.0 Must issue a STARTTLS command first" (Postfix, Exchange), and how others say it. */
const REQUIRES_STARTTLS = /must issue a STARTTLS|STARTTLS (is )?required|requires? (a )?(STARTTLS|TLS|encryption)/i;

function explainStartTlsRequired(s: ServerSettings): Explanation {
  return {
    code: 'smtp_tls',
    message: `The server at ${where(s)} accepts logins and mail only after STARTTLS, and ${SECURITY_LABELS[s.security]} was chosen.`,
    hint: 'Choose STARTTLS for port 587 or 25 (SSL/TLS for port 465), and send the test again.',
  };
}

function explainOAuthRejection(e: SmtpErrorLike, s: ServerSettings): Explanation {
  return {
    code: 'smtp_auth',
    message: `The server at ${where(s)} refused the OAuth access token${e.responseCode ? ` (${e.responseCode})` : ''}, even after a fresh one was requested.`,
    hint: 'The token must be for this mailbox and carry the mail-sending permission (Google: https://mail.google.com/; Microsoft: SMTP.Send, with Authenticated SMTP enabled for the mailbox). Authorize again with the right account.',
  };
}

function classify(e: SmtpErrorLike, s: ServerSettings): Explanation {
  const message = e.message ?? '';
  if (isTlsProblem(message)) return explainTls(message, s);
  switch (e.code) {
    case 'EAUTH':
      return {
        code: 'smtp_auth',
        message: `The server at ${where(s)} rejected the login${e.responseCode ? ` (${e.responseCode})` : ''}.`,
        hint: 'Check the user name and password (often the user name is the full email address). If the account uses multi-factor sign-in, use OAuth 2.0 or an app password.',
      };
    case 'ETIMEDOUT':
      // A server that takes the connection and then says nothing is a different fault from one
      // a firewall silently drops: name it, so the admin looks at the server, not the network.
      if (e.timeoutType === 'GREETING_TIMEOUT') {
        return {
          code: 'smtp_timeout',
          message: `The server at ${where(s)} accepted the connection but never greeted (timed out).`,
          hint: `The service on this port may be hung or not be an SMTP server, or it expects TLS from the first byte (${SECURITY_LABELS[s.security]} was chosen; port 465 expects SSL/TLS).`,
        };
      }
      return {
        code: 'smtp_timeout',
        message: `The server at ${where(s)} did not answer in time.`,
        hint: 'A firewall may be dropping the connection. Check the host and port, and that outgoing connections to this port are allowed.',
      };
    case 'EDNS':
      return {
        code: 'smtp_connection',
        message: `The host name "${s.host}" could not be found.`,
        hint: 'Check the spelling of the mail server host, and that this computer can resolve it (DNS).',
      };
    case 'EENVELOPE':
      return {
        code: 'smtp_rejected',
        message: `The server refused the sender or recipient${e.responseCode ? ` (${e.responseCode})` : ''}.`,
        hint: 'Use a From address this account may send as, and check the recipient address.',
      };
    case 'ECONNECTION':
    case 'ESOCKET':
      if (/ECONNREFUSED/.test(message)) {
        return {
          code: 'smtp_connection',
          message: `Nothing is accepting connections at ${where(s)}.`,
          hint: 'Check the host and port, and that the mail server is running. Common ports: 587 (STARTTLS), 465 (SSL/TLS), 25 (None).',
        };
      }
      if (/Greeting never received|ECONNRESET|closed/i.test(message)) {
        return {
          code: 'smtp_connection',
          message: `The connection to ${where(s)} was closed before the server greeted us.`,
          hint: `The security mode may not match the port: ${SECURITY_LABELS[s.security]} was chosen. Port 465 expects SSL/TLS, 587 and 25 expect STARTTLS or None.`,
        };
      }
      return {
        code: 'smtp_connection',
        message: `Could not talk to the server at ${where(s)}.`,
        hint: 'Check the host, port and security mode, and any firewall or proxy between this computer and the server.',
      };
    default:
      return {
        code: 'smtp_protocol',
        message: `The server at ${where(s)} answered with an error${e.responseCode ? ` (${e.responseCode})` : ''}.`,
        hint: "The server's reply is shown below; your mail administrator can tell what it means for this account.",
      };
  }
}

function isTlsProblem(message: string): boolean {
  return /certificate|self[- ]signed|unable to verify|CERT_|wrong version number|SSL routines|TLS|handshake/i.test(
    message,
  );
}

function explainTls(message: string, s: ServerSettings): Explanation {
  if (/wrong version number|packet length too long|unknown protocol/i.test(message)) {
    return {
      code: 'smtp_tls',
      message: `SSL/TLS could not start with ${where(s)}: the server is not speaking TLS on this port.`,
      hint: 'Use STARTTLS for ports 587 and 25; use SSL/TLS only for port 465.',
    };
  }
  if (/STARTTLS|does not support/i.test(message) && !/certificate/i.test(message)) {
    return {
      code: 'smtp_tls',
      message: `The server at ${where(s)} does not offer STARTTLS, so the connection was not encrypted and nothing was sent.`,
      hint: 'Choose SSL/TLS if the port is 465, or ask the mail administrator to enable STARTTLS. Choose None only on a trusted network.',
    };
  }
  return {
    code: 'smtp_tls',
    message: `The certificate of ${where(s)} could not be verified (${certificateReason(message)}).`,
    hint: 'Use the server name that is on its certificate. If this is an internal server with its own certificate, you can turn off certificate validation for it, knowing that the connection could then be intercepted.',
  };
}

function certificateReason(message: string): string {
  if (/self[- ]signed/i.test(message)) return 'it is self-signed';
  if (/expired/i.test(message)) return 'it has expired';
  if (/altnames|Hostname\/IP does not match/i.test(message)) return 'it was issued for another host name';
  if (/unable to (get|verify)/i.test(message)) return 'it is not signed by a trusted authority';
  return 'TLS handshake failed';
}
