// A small POP3 client (RFC 1939, STLS from RFC 2595, AUTH XOAUTH2): connect, authenticate, STAT,
// QUIT. Every line in both directions goes to the transcript (credentials hidden there).
import net from 'node:net';
import tls from 'node:tls';
import type { SecurityMode } from '../../src-shared/profile';
import { shownLine } from '../../src-shared/shown-text';
import { assertLineSafe } from '../protocol/line-guard';
import { SESSION_DEADLINE_MS } from './session-deadline';
import type { Transcript } from './transcript';

export interface Pop3Options {
  host: string;
  port: number;
  security: SecurityMode;
  validateCertificate: boolean;
  /** How long the server may stay silent. */
  timeoutMs: number;
  /** How long the whole session may take, however the server trickles its bytes (default 60 s). */
  deadlineMs?: number;
  transcript: Transcript;
}

/** RFC 1939 caps a reply at 512 octets, RFC 2449 a CAPA line likewise: 8 Ki characters is no server's. */
export const MAX_LINE_LENGTH = 8 * 1024;
/** More than any answer to what this client asks; a server sending more floods memory instead. */
const MAX_BUFFERED = 256 * 1024;
const MAX_CAPABILITIES = 100;
const QUIT_WAIT_MS = 2_000;

export class Pop3Error extends Error {
  constructor(
    message: string,
    readonly kind: 'auth' | 'protocol' | 'tls',
    readonly response?: string,
  ) {
    super(message);
  }
}

export class Pop3Session {
  private socket!: net.Socket;
  private buffer = '';
  private waiting: ((line: string) => void) | null = null;
  private failure: ((error: Error) => void) | null = null;
  private deadline: NodeJS.Timeout | undefined;
  capabilities: string[] = [];

  private constructor(private readonly options: Pop3Options) {}

  static async connect(options: Pop3Options): Promise<Pop3Session> {
    assertLineSafe({ 'The POP3 host name': options.host });
    const session = new Pop3Session(options);
    try {
      await session.open();
    } catch (error) {
      session.close(); // the caller never gets a session to close: a refused greeting, no STLS
      throw error;
    }
    return session;
  }

  private async open(): Promise<void> {
    const { host, port, security, validateCertificate, timeoutMs } = this.options;
    this.socket =
      security === 'tls'
        ? tls.connect({
            host,
            port,
            servername: net.isIP(host) ? undefined : host,
            rejectUnauthorized: validateCertificate,
          })
        : net.connect({ host, port });
    // Silence has its timeout; a server that trickles a byte now and then has this one.
    const deadlineMs = this.options.deadlineMs ?? SESSION_DEADLINE_MS;
    this.deadline = setTimeout(
      () =>
        this.socket.destroy(new Error(`ETIMEDOUT: the server kept the check going for over ${deadlineMs / 1000} s`)),
      deadlineMs,
    );
    this.deadline.unref();
    this.attach(this.socket, timeoutMs);
    await new Promise<void>((resolve, reject) => {
      this.socket.once(security === 'tls' ? 'secureConnect' : 'connect', () => resolve());
      this.socket.once('error', reject);
    });
    this.expectOk(await this.readLine(), 'greeting');
    this.capabilities = await this.capa();
    if (security === 'starttls') {
      if (!this.capabilities.includes('STLS'))
        throw new Pop3Error('The server does not offer STLS (STARTTLS for POP3).', 'tls');
      this.expectOk(await this.command('STLS'), 'STLS');
      await this.upgrade();
      this.capabilities = await this.capa();
    }
  }

  private attach(socket: net.Socket, timeoutMs: number): void {
    socket.setEncoding('utf8');
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('ETIMEDOUT: the server stopped answering')));
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.drain();
    });
    socket.on('error', (error) => this.failure?.(error));
    socket.on('close', () => this.failure?.(new Error('ECONNRESET: the server closed the connection')));
  }

  private async upgrade(): Promise<void> {
    const { host, validateCertificate, timeoutMs } = this.options;
    const plain = this.socket;
    // Whatever came with the +OK to STLS arrived unencrypted: read after the handshake, it would
    // pass for the server's answers over TLS (a man in the middle's forged CAPA, or replies that
    // shift every later one). A server sends nothing more before the handshake.
    if (this.buffer !== '') {
      this.buffer = '';
      plain.destroy();
      throw new Pop3Error(
        'The server sent data after its STLS answer, before TLS started: something on the way may be tampering with the connection. Nothing was sent over it.',
        'tls',
      );
    }
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    plain.removeAllListeners('error');
    const secure = tls.connect({
      socket: plain,
      servername: net.isIP(host) ? undefined : host,
      rejectUnauthorized: validateCertificate,
    });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', () => resolve());
      secure.once('error', reject);
    });
    this.socket = secure;
    this.attach(secure, timeoutMs);
    this.options.transcript.note('TLS started');
  }

  private drain(): void {
    const index = this.buffer.indexOf('\r\n');
    // Runs on every chunk and every read, so every line meets the limits when it is first in the
    // buffer: a line without its end yet, one that came whole, one behind a short line.
    const tooMuch =
      (index === -1 ? this.buffer.length : index) > MAX_LINE_LENGTH
        ? `a line longer than ${MAX_LINE_LENGTH / 1024} Ki characters`
        : this.buffer.length > MAX_BUFFERED
          ? 'far more than it was asked for'
          : null;
    if (tooMuch) {
      this.buffer = '';
      this.socket.destroy(new Pop3Error(`The server sent ${tooMuch}.`, 'protocol'));
      return;
    }
    if (index < 0 || !this.waiting) return;
    const line = this.buffer.slice(0, index);
    this.buffer = this.buffer.slice(index + 2);
    const resolve = this.waiting;
    this.waiting = null;
    this.failure = null;
    this.options.transcript.server(line);
    resolve(line);
  }

  private readLine(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failure = reject;
      this.drain();
    });
  }

  /** The one place a line is written: nothing with a CR, LF or other control character gets through. */
  async command(line: string): Promise<string> {
    assertLineSafe({ 'The POP3 command': line });
    this.options.transcript.client(line);
    this.socket.write(line + '\r\n');
    return this.readLine();
  }

  private async capa(): Promise<string[]> {
    const first = await this.command('CAPA');
    if (!first.startsWith('+OK')) return [];
    const caps: string[] = [];
    for (let line = await this.readLine(); line !== '.'; line = await this.readLine()) {
      // Short lines without end would pass every other limit until the deadline, at network speed.
      if (caps.length === MAX_CAPABILITIES) {
        throw new Pop3Error(`CAPA failed: the server listed more than ${MAX_CAPABILITIES} capabilities.`, 'protocol');
      }
      caps.push(line.trim());
    }
    return caps;
  }

  async login(user: string, password: string): Promise<void> {
    // Checked together up front, so the error names the field and no USER line goes out alone.
    assertLineSafe({ 'The user name': user, 'The password': password });
    this.expectOk(await this.command(`USER ${user}`), 'USER', 'auth');
    this.expectOk(await this.command(`PASS ${password}`), 'PASS', 'auth');
  }

  async xoauth2(user: string, token: string): Promise<void> {
    // Inside the SASL payload \x01 separates fields, so a control character would add one.
    assertLineSafe({ 'The mailbox address': user, 'The access token': token });
    const payload = Buffer.from(`user=${user}\x01auth=Bearer ${token}\x01\x01`).toString('base64');
    let reply = await this.command(`AUTH XOAUTH2 ${payload}`);
    // A failure comes as a "+ <base64 JSON>" challenge; answer empty to get the final -ERR.
    if (reply === '+' || reply.startsWith('+ ')) reply = await this.command('');
    this.expectOk(reply, 'AUTH XOAUTH2', 'auth');
  }

  async stat(): Promise<{ messages: number; octets: number }> {
    const reply = await this.command('STAT');
    this.expectOk(reply, 'STAT');
    // RFC 1939 §5: "+OK nn mm". Anything else is not a count to show.
    const counted = /^\+OK (\d+) (\d+)/.exec(reply);
    if (!counted) {
      throw new Pop3Error(
        `STAT failed: the answer is not a message count: ${shownLine(reply)}`,
        'protocol',
        shownLine(reply),
      );
    }
    return { messages: Number(counted[1]), octets: Number(counted[2]) };
  }

  /**
   * Says goodbye, and never fails the check for it: the login and the count are already known. A
   * server that hangs up at QUIT, or never answers it, is given two seconds.
   */
  async quit(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const gone = new Promise<void>((resolve) => (timer = setTimeout(resolve, QUIT_WAIT_MS)));
    try {
      await Promise.race([
        this.command('QUIT').then(
          () => undefined,
          () => undefined,
        ),
        gone,
      ]);
    } finally {
      clearTimeout(timer);
      this.close();
    }
  }

  close(): void {
    clearTimeout(this.deadline);
    this.socket?.destroy();
  }

  private expectOk(reply: string, what: string, kind: 'auth' | 'protocol' = 'protocol'): void {
    if (!reply.startsWith('+OK')) throw new Pop3Error(`${what} failed: ${shownLine(reply)}`, kind, shownLine(reply));
  }
}
