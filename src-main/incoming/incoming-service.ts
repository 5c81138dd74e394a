// "Test incoming": a real login to the profile's IMAP or POP3 server with its password or OAuth
// token, with the result (capabilities, mechanism, counts) or the error explained, and an
// optional protocol transcript with every credential removed. It writes nothing; a sign-out or
// delete meanwhile aborts its token refresh and turns its answer into `cancelled`.
import { shownText } from '../../src-shared/shown-text';
import { AppError, type ErrorCode } from '../../src-shared/errors';
import type { IncomingTestResult } from '../../src-shared/ipc';
import { SECURITY_LABELS, type IncomingSettings, type Profile } from '../../src-shared/profile';
import type { Services } from '../services';
import { checkImap, type IncomingCredentials } from './imap-check';
import { Pop3Error, Pop3Session } from './pop3-client';
import { Transcript, withTranscript } from './transcript';
import { appOnlyContext, appOnlyRefusal, type AppOnlyContext } from '../mail/explain-app-only-refusal';

export async function testIncoming(s: Services, id: string, debug: boolean): Promise<IncomingTestResult> {
  const { profile } = s.profiles.get(id);
  const server = profile.incoming;
  if (!server) {
    throw new AppError({
      code: 'invalid_input',
      message: 'This profile has no incoming mail server.',
      hint: 'Turn on "Fetch mail from this account", fill in the IMAP or POP3 server, save, and test again.',
    });
  }
  const ticket = s.guard.start(id);
  const transcript = new Transcript(s.redactor);
  const started = performance.now();
  const attempt = async (force: boolean) => checkIncoming(server, await credentialsFor(s, profile, force), transcript);
  try {
    let outcome;
    try {
      outcome = await attempt(false);
    } catch (error) {
      // An OAuth token the server refused: refresh once and try again, as for SMTP.
      if (profile.auth.type === 'standard' || !isAuthFailure(error)) throw error;
      transcript.note('The server refused the access token; refreshing it and trying once more.');
      outcome = await attempt(true);
    }
    s.guard.assertCurrent(ticket);
    return {
      protocol: server.protocol,
      ...outcome,
      durationMs: Math.round(performance.now() - started),
      transcript: debug ? transcript.lines : [],
    };
  } catch (error) {
    const explained = explainIncomingError(
      s.guard.cancelledOr(ticket, error),
      server,
      profile.auth.type !== 'standard',
      appOnlyContext(profile.auth),
    );
    throw debug ? withTranscript(explained, transcript) : explained;
  }
}

/** One login to the incoming server and a message count; the app's test and `mailprefs check` share it. */
export async function checkIncoming(
  server: IncomingSettings,
  credentials: IncomingCredentials,
  transcript: Transcript,
) {
  if (server.protocol === 'imap') {
    const r = await checkImap(server, credentials, transcript);
    return { capabilities: r.capabilities, mechanism: r.mechanism, folders: r.folders, messages: r.messages };
  }
  const session = await Pop3Session.connect({ ...server, timeoutMs: 15_000, transcript });
  try {
    let mechanism: string;
    if (credentials.accessToken) {
      await session.xoauth2(credentials.user, credentials.accessToken);
      mechanism = 'AUTH XOAUTH2';
    } else {
      await session.login(credentials.user, credentials.password ?? '');
      mechanism = 'USER/PASS';
    }
    const { messages } = await session.stat();
    await session.quit();
    return { capabilities: session.capabilities, mechanism, folders: [], messages };
  } finally {
    session.close();
  }
}

async function credentialsFor(s: Services, profile: Profile, force: boolean): Promise<IncomingCredentials> {
  const { auth } = profile;
  if (auth.type === 'standard') {
    const password = await s.vault.get(profile.id, 'password');
    if (!password) {
      throw new AppError({
        code: 'invalid_input',
        message: 'No password is stored for this profile.',
        hint: 'Enter the password, save, and test again.',
      });
    }
    return { user: auth.username, password };
  }
  const user = s.tokens.mailbox(profile);
  const { token } = await s.tokens.accessToken(profile.id, { force });
  return { user, accessToken: token };
}

/** The server refused the credentials (worth one retry with a fresh OAuth token). */
export function isAuthFailure(error: unknown): boolean {
  const e = error as { authenticationFailed?: boolean; kind?: string };
  const refused = e?.authenticationFailed === true || (error instanceof Pop3Error && error.kind === 'auth');
  return refused && !requiresEncryption(error);
}

/**
 * Dovecot's "-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections",
 * IMAP's [PRIVACYREQUIRED] (RFC 5530): a refusal of the unencrypted connection, not of the
 * password or the token (so no token refresh either).
 */
function requiresEncryption(error: unknown): boolean {
  const e = error as { message?: string; response?: string; responseText?: string } | null;
  const text = [e?.message, e?.response, e?.responseText].filter(Boolean).join(' ');
  return /plaintext authentication (is )?(disallowed|not allowed)|\[PRIVACYREQUIRED\]/i.test(text);
}

export function explainIncomingError(
  error: unknown,
  server: IncomingSettings,
  oauth: boolean,
  /** Office 365 app-only profiles: a refused login means the Exchange mailbox permission. */
  appOnly?: AppOnlyContext,
): AppError {
  if (error instanceof AppError) return error;
  const e = error as {
    message?: string;
    code?: string;
    responseText?: string;
    response?: string;
    authenticationFailed?: boolean;
  };
  // The reply once: a POP3 error's message quotes its response already.
  const parts = [e.message, e.responseText, e.response].filter((part): part is string => !!part);
  const text = parts.filter((part, i) => !parts.slice(0, i).some((earlier) => earlier.includes(part))).join(' — ');
  const where = `${server.host}:${server.port}`;
  const name = server.protocol === 'imap' ? 'IMAP' : 'POP3';
  /** The standard ports of the protocol, named in the hints. */
  const ports = server.protocol === 'imap' ? { tls: 993, starttls: 143 } : { tls: 995, starttls: 110 };
  const make = (code: ErrorCode, message: string, hint: string) =>
    new AppError(
      { code, message, hint, ...(text ? { detail: shownText(text.slice(0, 1000)) } : {}) },
      { cause: error },
    );
  if (requiresEncryption(error)) {
    return make(
      'smtp_tls',
      `The ${name} server at ${where} accepts logins only over an encrypted connection, and ${SECURITY_LABELS[server.security]} was chosen.`,
      `Choose STARTTLS (port ${ports.starttls}) or SSL/TLS (port ${ports.tls}), and test again.`,
    );
  }
  // A temporary failure of the server's own checks ([UNAVAILABLE], RFC 5530) is no refusal.
  if (isAuthFailure(error) && appOnly && /\[UNAVAILABLE\]|Temporary authentication failure/i.test(text)) {
    return make(
      'smtp_connection',
      `The ${name} server at ${where} could not check the app's token just now (a temporary failure on its side).`,
      'Try again in a few minutes; if it persists, the mail server cannot reach its authorization server.',
    );
  }
  if (isAuthFailure(error) && appOnly) {
    const explained = appOnlyRefusal(appOnly, name, text);
    return make(explained.code, explained.message, explained.hint);
  }
  if (isAuthFailure(error)) {
    return oauth
      ? make(
          'smtp_auth',
          `The ${name} server at ${where} refused the OAuth access token, even after a fresh one was requested.`,
          `The token must be for this mailbox and carry the ${name} permission (Google: https://mail.google.com/; Microsoft: ${server.protocol === 'imap' ? 'IMAP.AccessAsUser.All' : 'POP.AccessAsUser.All'}). Authorize again after changing the protocol or the account.`,
        )
      : make(
          'smtp_auth',
          `The ${name} server at ${where} rejected the login.`,
          'Check the user name and password for the mailbox.',
        );
  }
  if (/certificate|self[- ]signed|unable to verify|CERT_/i.test(text)) {
    return make(
      'smtp_tls',
      `The certificate of ${where} could not be verified${/self[- ]signed/i.test(text) ? ' (it is self-signed)' : ''}.`,
      'Use the server name that is on its certificate, or turn off certificate validation for this internal server, knowing the connection could then be intercepted.',
    );
  }
  if (/before TLS started/.test(text)) {
    return make(
      'smtp_tls',
      `${where} sent data before TLS started, so the connection was dropped before anything was sent over it.`,
      `Something between this computer and the server may be tampering with the connection, or the server is misbehaving. Try SSL/TLS on port ${ports.tls}, and tell the network team.`,
    );
  }
  if (/STLS|STARTTLS|wrong version number|ssl|tls/i.test(text) && !/ECONNREFUSED/.test(text)) {
    return make(
      'smtp_tls',
      `Encryption could not be set up with ${where}.`,
      `Use SSL/TLS for port ${ports.tls} and STARTTLS for port ${ports.starttls}.`,
    );
  }
  if (/ECONNREFUSED/.test(text) || e.code === 'ECONNREFUSED') {
    return make(
      'smtp_connection',
      `Nothing is accepting connections at ${where}.`,
      `Check the host and port, and that the ${name} service is running.`,
    );
  }
  if (/ETIMEDOUT|timeout/i.test(text)) {
    // An SSL/TLS port waits for a TLS handshake that None or STARTTLS never starts.
    const mismatch = server.security !== 'tls' && server.port === ports.tls;
    return make(
      'smtp_timeout',
      `The ${name} server at ${where} did not answer in time.`,
      mismatch
        ? `Port ${ports.tls} expects SSL/TLS from the first byte, and ${SECURITY_LABELS[server.security]} was chosen: choose SSL/TLS.`
        : 'Check the host, port and any firewall in between.',
    );
  }
  return make(
    'smtp_protocol',
    `The ${name} test against ${where} failed.`,
    "The server's reply is shown below; enable the debug transcript for the whole conversation.",
  );
}
