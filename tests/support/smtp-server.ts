// A real SMTP server (the smtp-server package) on 127.0.0.1 for tests: PLAIN/LOGIN for fixed
// users, optional STARTTLS or implicit TLS with a self-signed certificate, messages kept in memory.
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerOptions } from 'smtp-server';
import { selfSignedCertificate } from './tls';

export interface ReceivedMessage {
  user: string | undefined;
  authMethod: string | undefined;
  mailFrom: string;
  rcptTo: string[];
  raw: string;
  headers: Record<string, string>;
  secure: boolean;
}

export interface TestSmtpServer {
  port: number;
  messages: ReceivedMessage[];
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  /** 'starttls' (default): TLS offered after EHLO; 'tls': implicit TLS; 'none': no TLS at all. */
  tls?: 'starttls' | 'tls' | 'none';
  users?: Record<string, string>;
  /** Extra XOAUTH2 check; PLAIN/LOGIN always use `users`. A refusal is answered as given (Exchange's 535 5.7.3). */
  onXoauth2?: (auth: SMTPServerAuthentication) => Promise<boolean | XoauthRefusal>;
  authMethods?: string[];
  /** Answer like Exchange or Gmail do when something is not set up: this reply at AUTH or after DATA. */
  fault?: { at: 'auth' | 'data'; code: number; text: string };
  /** Runs after the message data arrived and before the server answers it (a slow server). */
  beforeAcceptingData?: () => Promise<void>;
  /**
   * Greet at once: no reverse DNS lookup and no 100 ms early-talker pause, so a timing measures
   * the client's side (the bench). Reaches into smtp-server's internals; tests leave it off.
   */
  greetAtOnce?: boolean;
}

/** A reply instead of the XOAUTH2 challenge: what Exchange sends when a valid token may not use the mailbox. */
export interface XoauthRefusal {
  code: number;
  text: string;
}

export const SMTP_USER = 'notifications@example.test';
export const SMTP_PASSWORD = 'S3cret-Passw0rd!relay';

export async function startSmtpServer(options: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const users = options.users ?? { [SMTP_USER]: SMTP_PASSWORD };
  const messages: ReceivedMessage[] = [];
  const mode = options.tls ?? 'starttls';
  const certificate = mode === 'none' ? undefined : selfSignedCertificate();
  const serverOptions: SMTPServerOptions = {
    name: 'smtp.test.localhost',
    banner: 'Mail Preferences test SMTP',
    secure: mode === 'tls',
    authMethods: options.authMethods ?? ['PLAIN', 'LOGIN', 'XOAUTH2'],
    allowInsecureAuth: mode === 'none',
    ...(certificate ? { key: certificate.key, cert: certificate.cert } : { disabledCommands: ['STARTTLS'] }),
    logger: false,
    ...(options.greetAtOnce ? { disableReverseLookup: true } : {}),
    onAuth(auth, _session, callback) {
      const fault = options.fault;
      if (fault?.at === 'auth') return callback(Object.assign(new Error(fault.text), { responseCode: fault.code }));
      void (async () => {
        if (auth.method === 'XOAUTH2') {
          const ok = options.onXoauth2 ? await options.onXoauth2(auth) : false;
          if (typeof ok === 'object') return callback(Object.assign(new Error(ok.text), { responseCode: ok.code }));
          return ok
            ? callback(null, { user: auth.username })
            : callback(null, { data: { status: '401', schemes: 'bearer', scope: 'smtp' } });
        }
        if (auth.username !== undefined && users[auth.username] === auth.password) {
          return callback(null, { user: auth.username });
        }
        return callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
      })().catch((error: Error) => callback(error));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const fault = options.fault;
        if (fault?.at === 'data') return callback(Object.assign(new Error(fault.text), { responseCode: fault.code }));
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push({
          user: session.user as string | undefined,
          authMethod: (session as unknown as { authMethod?: string }).authMethod,
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          raw,
          headers: parseHeaders(raw),
          secure: session.secure,
        });
        void (options.beforeAcceptingData?.() ?? Promise.resolve()).then(() => callback(null));
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  server.on('error', () => undefined); // client-side failures (bad TLS) are the point of some tests
  if (options.greetAtOnce) greetAtOnce(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Connection {
  on(event: string, listener: (value: never) => void): void;
  _setListeners(ready: () => void): void;
  connectionReady(): void;
}
interface ServerInternals {
  connect(socket: unknown, options: unknown): void;
  connections: Set<Connection>;
  _onError(error: unknown): void;
  _onClientConnect(data: unknown): void;
}

/** SMTPServer.connect as smtp-server 3.x writes it, minus init()'s fixed 100 ms wait. */
function greetAtOnce(server: SMTPServer): void {
  const { SMTPConnection } = createRequire(import.meta.url)('smtp-server/lib/smtp-connection.js') as {
    SMTPConnection: new (server: SMTPServer, socket: unknown, options: unknown) => Connection;
  };
  const internals = server as unknown as ServerInternals;
  internals.connect = (socket, socketOptions) => {
    const connection = new SMTPConnection(server, socket, socketOptions);
    internals.connections.add(connection);
    connection.on('error', (error) => internals._onError(error));
    connection.on('connect', (data) => internals._onClientConnect(data));
    connection._setListeners(() => connection.connectionReady());
  };
}

/** Unfolded top-level headers, keys lower-cased. Enough to check From/To/Subject. */
export function parseHeaders(raw: string): Record<string, string> {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const out: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) out[line.slice(0, colon).trim().toLowerCase()] ??= line.slice(colon + 1).trim();
  }
  return out;
}
