// IMAP test through imapflow: log in (password, or the profile's OAuth token: imapflow uses
// OAUTHBEARER when offered, else XOAUTH2), list folders, and count the messages in the folder.
import { ImapFlow } from 'imapflow';
import type { IncomingSettings } from '../../src-shared/profile';
import { assertLineSafe } from '../protocol/line-guard';
import { SESSION_DEADLINE_MS } from './session-deadline';
import type { Transcript } from './transcript';

export interface IncomingCredentials {
  user: string;
  password?: string;
  accessToken?: string;
}

export interface ImapResult {
  capabilities: string[];
  mechanism: string;
  folders: string[];
  messages: number;
}

export async function checkImap(
  server: IncomingSettings,
  credentials: IncomingCredentials,
  transcript: Transcript,
  /** How long the whole check may take (SESSION_DEADLINE_MS, as for POP3). */
  deadlineMs = SESSION_DEADLINE_MS,
): Promise<ImapResult> {
  const folder = server.folder || 'INBOX';
  assertLineSafe({
    'The IMAP host name': server.host,
    'The user name': credentials.user,
    'The password': credentials.accessToken ? undefined : credentials.password,
    'The access token': credentials.accessToken,
    'The folder name': folder,
  });
  const entry = (level: string) => (obj: { src?: string; msg?: string }) => {
    if (!obj?.msg) return;
    if (obj.src === 'c') transcript.client(obj.msg);
    else if (obj.src === 's') transcript.server(obj.msg);
    else if (level !== 'debug') transcript.note(obj.msg);
  };
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    doSTARTTLS: server.security === 'starttls' ? true : server.security === 'none' ? false : undefined,
    tls: { rejectUnauthorized: server.validateCertificate, minVersion: 'TLSv1.2' },
    auth: credentials.accessToken
      ? { user: credentials.user, accessToken: credentials.accessToken }
      : { user: credentials.user, pass: credentials.password ?? '' },
    logger: { debug: entry('debug'), info: entry('info'), warn: entry('warn'), error: entry('error') },
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    disableAutoIdle: true,
  });
  client.on('error', () => undefined); // surfaced through connect()/commands
  // imapflow's timeouts measure silence; a server trickling a byte now and then has this one.
  let overran = false;
  const deadline = setTimeout(() => {
    overran = true;
    client.close();
  }, deadlineMs);
  deadline.unref();
  try {
    await client.connect();
    // Capabilities as advertised before login (AUTH=…), plus what the server adds after it.
    // authCapabilities is imapflow's record of the pre-login AUTH= list (not in its typings).
    const preLogin = (client as unknown as { authCapabilities?: Map<string, boolean> }).authCapabilities;
    const capabilities = [...new Set([...(preLogin?.keys() ?? []), ...client.capabilities.keys()])].sort();
    const mechanism = mechanismFrom(transcript);
    const folders = (await client.list()).map((f) => f.path).sort();
    const status = await client.status(folder, { messages: true });
    await client.logout();
    return { capabilities, mechanism, folders, messages: status ? (status.messages ?? 0) : 0 };
  } catch (error) {
    if (overran)
      throw new Error(`ETIMEDOUT: the server kept the check going for over ${deadlineMs / 1000} s`, { cause: error });
    throw error;
  } finally {
    clearTimeout(deadline);
    client.close();
  }
}

/** The mechanism imapflow chose, read from the conversation it had (credentials are hidden there). */
function mechanismFrom(transcript: Transcript): string {
  for (const { dir, text } of transcript.lines) {
    if (dir !== 'c') continue;
    const sasl = /^\S+ AUTHENTICATE (\S+)/i.exec(text);
    if (sasl) return sasl[1]!.toUpperCase();
    if (/^\S+ LOGIN /i.test(text)) return 'LOGIN';
  }
  return 'unknown';
}
