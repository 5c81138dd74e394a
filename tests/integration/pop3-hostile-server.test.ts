// The POP3 client against servers that misbehave on purpose (faults Dovecot will not produce):
// bytes injected before TLS, a greeting that trickles forever, an endless line, an echo of the
// XOAUTH2 payload, escape sequences in replies, a hang-up at QUIT, a STAT that is no count.
import net from 'node:net';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { checkIncoming, explainIncomingError } from '../../src-main/incoming/incoming-service';
import { Pop3Session } from '../../src-main/incoming/pop3-client';
import { MAX_TRANSCRIPT_LINES, Transcript } from '../../src-main/incoming/transcript';
import { Redactor } from '../../src-main/logging/redactor';
import type { IncomingSettings } from '../../src-shared/profile';
import { selfSignedCertificate } from '../support/tls';

type Reply = (line: string, socket: net.Socket) => void;

const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A scripted POP3 server: `greet` on connect, then `reply` for each command line. */
async function fakeServer(greet: (socket: net.Socket) => void, reply: Reply = () => undefined) {
  const closed: number[] = [];
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => closed.push(Date.now()));
    greet(socket);
    let pending = '';
    socket.on('data', (chunk) => {
      pending += chunk.toString('latin1');
      for (let at = pending.indexOf('\r\n'); at >= 0; at = pending.indexOf('\r\n')) {
        const line = pending.slice(0, at);
        pending = pending.slice(at + 2);
        reply(line, socket);
      }
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, closed };
}

const settings = (port: number, security: IncomingSettings['security'] = 'none'): IncomingSettings =>
  ({ protocol: 'pop3', host: '127.0.0.1', port, security, validateCertificate: false, folder: '' }) as IncomingSettings;

/** Answers a plain USER/PASS login and STAT like any server; `overrides` change single commands. */
const ordinary =
  (overrides: Record<string, Reply> = {}): Reply =>
  (line, socket) => {
    const verb = line.split(' ')[0]!.toUpperCase();
    const override = overrides[verb];
    if (override) return override(line, socket);
    if (verb === 'CAPA') return void socket.write('+OK\r\nUSER\r\n.\r\n');
    if (verb === 'STAT') return void socket.write('+OK 2 320\r\n');
    socket.write('+OK\r\n');
  };

describe('POP3 against a hostile server', () => {
  it('refuses bytes sent after the +OK to STLS and before the handshake: they never pass for answers over TLS', async () => {
    const { key, cert } = selfSignedCertificate();
    let sawLogin = false;
    const { port } = await fakeServer(
      (socket) => socket.write('+OK ready\r\n'),
      (line, socket) => {
        if (line === 'CAPA') return void socket.write('+OK\r\nSTLS\r\nUSER\r\n.\r\n');
        if (line === 'STLS') {
          // What a man in the middle appends: a forged CAPA answer, unencrypted.
          socket.write('+OK begin TLS\r\n+OK\r\nINJECTED\r\n.\r\n', () => {
            const secure = new tls.TLSSocket(socket, { isServer: true, key, cert });
            secure.on('error', () => undefined);
            secure.on('data', () => (sawLogin = true));
          });
        }
      },
    );
    const transcript = new Transcript(new Redactor());
    const failure = await checkIncoming(settings(port, 'starttls'), { user: 'u', password: 'p' }, transcript).catch(
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ message: expect.stringMatching(/before TLS started/) });
    expect(explainIncomingError(failure, settings(port, 'starttls'), false)).toMatchObject({
      code: 'smtp_tls',
      message: expect.stringMatching(/sent data before TLS started/),
      hint: expect.stringMatching(/tampering/),
    });
    expect(transcript.lines.some((l) => l.text.includes('INJECTED'))).toBe(false);
    expect(sawLogin).toBe(false);
  });

  it('closes its connection when the session fails before it is handed out (a refused greeting)', async () => {
    const server = await fakeServer((socket) => socket.write('-ERR too busy\r\n'));
    const started = Date.now();
    await expect(
      Pop3Session.connect({ ...settings(server.port), timeoutMs: 15_000, transcript: new Transcript(new Redactor()) }),
    ).rejects.toThrow(/greeting failed: -ERR too busy/);
    await expect.poll(() => server.closed.length, { timeout: 2_000 }).toBe(1);
    expect(server.closed[0]! - started).toBeLessThan(2_000);
  });

  it('gives up on a greeting that trickles a byte at a time, at its deadline, though it is never silent', async () => {
    const { port } = await fakeServer((socket) => {
      socket.write('+OK');
      const drip = setInterval(() => socket.write('x'), 50);
      socket.on('close', () => clearInterval(drip));
    });
    const started = Date.now();
    await expect(
      Pop3Session.connect({
        ...settings(port),
        timeoutMs: 5_000,
        deadlineMs: 600,
        transcript: new Transcript(new Redactor()),
      }),
    ).rejects.toThrow(/kept the check going for over 0.6 s/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('refuses a line longer than 8 Ki characters, with or without its line end, instead of buffering it', async () => {
    // Alone without its end, alone with it, and after a short line that came in the same chunk.
    for (const [before, end] of [
      ['', ''],
      ['', '\r\n'],
      ['+OK ready\r\n', '\r\n'],
    ]) {
      const { port } = await fakeServer((socket) => socket.write(`${before}+OK ${'A'.repeat(64 * 1024)}${end}`));
      await expect(
        Pop3Session.connect({ ...settings(port), timeoutMs: 5_000, transcript: new Transcript(new Redactor()) }),
      ).rejects.toThrow('The server sent a line longer than 8 Ki characters.');
    }
  });

  it('a CAPA answer of short lines without end is refused at once; memory and the transcript stay bounded', async () => {
    const { port } = await fakeServer(
      (socket) => socket.write('+OK ready\r\n'),
      (line, socket) => {
        if (line !== 'CAPA') return;
        socket.write('+OK\r\n');
        const flood = () => {
          while (socket.writable && socket.write('X\r\n'.repeat(4096)));
          if (socket.writable) socket.once('drain', flood);
        };
        flood();
      },
    );
    const transcript = new Transcript(new Redactor());
    const started = Date.now();
    await expect(Pop3Session.connect({ ...settings(port), timeoutMs: 5_000, transcript })).rejects.toThrow(
      /more than 100 capabilities|far more than it was asked for/,
    );
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(transcript.lines.length).toBeLessThanOrEqual(MAX_TRANSCRIPT_LINES + 1);
  });

  it('hides an XOAUTH2 payload the server echoes back, in the transcript and the error', async () => {
    const token = 'ya29.a0-access-token-0123456789abcdef';
    const { port } = await fakeServer(
      (socket) => socket.write('+OK ready\r\n'),
      ordinary({ AUTH: (line, socket) => void socket.write(`-ERR [AUTH] bad: ${line.split(' ')[2]}\r\n`) }),
    );
    const redactor = new Redactor();
    redactor.add(token);
    const transcript = new Transcript(redactor);
    const failure = await checkIncoming(
      settings(port),
      { user: 'helpdesk@contoso.com', accessToken: token },
      transcript,
    ).catch((error: unknown) => error);
    const explained = explainIncomingError(failure, settings(port), true);
    const shown = [JSON.stringify(transcript.lines), redactor.redact(JSON.stringify(explained.toData()))].join('\n');
    for (const base64 of shown.match(/[A-Za-z0-9+/=]{40,}/g) ?? []) {
      expect(Buffer.from(base64, 'base64').toString('latin1')).not.toContain(token);
    }
    expect(shown).not.toContain(token);
  });

  it("shows escape sequences and a lone CR in a server's reply as codes, in the transcript and the error", async () => {
    const hostile = '\u001b]0;pwned\u0007\u001b[2J\rfake\u202eevil';
    const { port } = await fakeServer(
      (socket) => socket.write('+OK ready\r\n'),
      ordinary({ PASS: (_line, socket) => void socket.write(`-ERR ${hostile}\r\n`) }),
    );
    const transcript = new Transcript(new Redactor());
    const failure = await checkIncoming(settings(port), { user: 'u', password: 'p' }, transcript).catch(
      (error: unknown) => error,
    );
    const explained = explainIncomingError(failure, settings(port), false).toData();
    const shown = JSON.stringify([transcript.lines, explained.message, explained.detail]);
    expect(shown).toContain('\\\\u{1B}]0;pwned');
    // JSON.stringify writes a raw ESC or CR as \u001b / \r, and leaves U+202E as it is.
    expect(shown).not.toMatch(/\\u001b|\\r|\u202e/);
    // The reply is in the detail once, not repeated after the message that quotes it.
    expect(explained.detail!.split('pwned')).toHaveLength(2);
  });

  it('a server that hangs up at QUIT, or never answers it, does not fail a login that worked', async () => {
    for (const atQuit of [(socket: net.Socket) => socket.destroy(), () => undefined]) {
      const { port } = await fakeServer(
        (socket) => socket.write('+OK ready\r\n'),
        ordinary({ QUIT: (_l, s) => atQuit(s) }),
      );
      const started = Date.now();
      await expect(
        checkIncoming(settings(port), { user: 'u', password: 'p' }, new Transcript(new Redactor())),
      ).resolves.toMatchObject({ messages: 2 });
      expect(Date.now() - started).toBeLessThan(5_000);
    }
  });

  it('a STAT answer that is no count is a protocol error, not "NaN messages"', async () => {
    const { port } = await fakeServer(
      (socket) => socket.write('+OK ready\r\n'),
      ordinary({ STAT: (_l, socket) => void socket.write('+OK mailbox ready\r\n') }),
    );
    await expect(
      checkIncoming(settings(port), { user: 'u', password: 'p' }, new Transcript(new Redactor())),
    ).rejects.toThrow(/STAT failed: the answer is not a message count: \+OK mailbox ready/);
  });
});
