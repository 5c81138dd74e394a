// Failover between two real SMTP servers on 127.0.0.1: the alternate is used only when the
// primary cannot be reached, and never after the primary refused the login.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { sendTestMessage } from '../../src-main/mail/mail-service';
import { standardProfile } from '../support/profiles';
import { SMTP_PASSWORD, startSmtpServer, type TestSmtpOptions, type TestSmtpServer } from '../support/smtp-server';

const servers: TestSmtpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close().catch(() => undefined)));
});
const ID = '00000000-0000-4000-8000-000000000001';

/** Accepts TCP connections and never says a word: a hung service (or a TLS port spoken to in plain text). */
async function silentServer(): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  silent.push(close);
  return { port: (server.address() as AddressInfo).port, connections: () => connections, close };
}
const silent: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(silent.splice(0).map((close) => close()));
});

async function pair(firstTls: 'starttls' | 'none' = 'starttls', firstFault?: TestSmtpOptions['fault']) {
  const first = await startSmtpServer({ tls: firstTls, ...(firstFault ? { fault: firstFault } : {}) });
  const second = await startSmtpServer();
  servers.push(first, second);
  const profile = {
    ...standardProfile(ID, first.port),
    alternateOutgoing: {
      host: '127.0.0.1',
      port: second.port,
      security: 'starttls' as const,
      validateCertificate: false,
    },
  };
  return { first, second, profile };
}

describe('failover to the alternate SMTP server', () => {
  it('primary stopped: the alternate accepts, and the result says why the primary did not', async () => {
    const { first, second, profile } = await pair();
    await first.close();
    const result = await sendTestMessage(profile, { password: SMTP_PASSWORD }, 'ops@example.test');
    expect(result.server).toMatchObject({ role: 'alternate', port: second.port });
    expect(result.primaryFailure?.message).toMatch(/Nothing is accepting connections/);
    expect(second.messages).toHaveLength(1);
  });

  it('primary offers no STARTTLS (TLS refused): the alternate accepts', async () => {
    const { first, second, profile } = await pair('none');
    const result = await sendTestMessage(profile, { password: SMTP_PASSWORD }, 'ops@example.test');
    expect(result.server.role).toBe('alternate');
    expect(result.primaryFailure?.code).toBe('smtp_tls');
    expect(first.messages).toHaveLength(0);
    expect(second.messages).toHaveLength(1);
  });

  it('primary accepts TCP but never greets: after the (short) greeting timeout the alternate accepts', async () => {
    const hung = await silentServer();
    const second = await startSmtpServer();
    servers.push(second);
    const profile = {
      ...standardProfile(ID, hung.port),
      alternateOutgoing: {
        host: '127.0.0.1',
        port: second.port,
        security: 'starttls' as const,
        validateCertificate: false,
      },
    };
    const started = performance.now();
    const result = await sendTestMessage(
      profile,
      { password: SMTP_PASSWORD },
      'ops@example.test',
      undefined,
      undefined,
      undefined,
      {
        timeouts: { connectionTimeout: 2_000, greetingTimeout: 800 },
      },
    );
    const elapsed = performance.now() - started;
    expect(hung.connections()).toBe(1);
    expect(result.server).toMatchObject({ role: 'alternate', host: '127.0.0.1', port: second.port });
    expect(result.primaryFailure).toEqual({
      code: 'smtp_timeout',
      message: `The server at 127.0.0.1:${hung.port} accepted the connection but never greeted (timed out).`,
    });
    expect(second.messages).toHaveLength(1);
    // The injected timeout was the one used (the default greeting timeout is 10 s).
    expect(elapsed).toBeGreaterThanOrEqual(750);
    expect(elapsed).toBeLessThan(5_000);
  });

  it('primary never greets and there is no alternate: the timeout itself is the error', async () => {
    const hung = await silentServer();
    const error = await sendTestMessage(
      standardProfile(ID, hung.port),
      { password: SMTP_PASSWORD },
      'ops@example.test',
      undefined,
      undefined,
      undefined,
      { timeouts: { greetingTimeout: 300 } },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('smtp_timeout');
    expect((error as AppError).message).toMatch(/never greeted/);
  });

  it('primary refuses the message after DATA: no failover (the server was reached, the message was judged)', async () => {
    const { second, profile } = await pair('starttls', { at: 'data', code: 550, text: '5.7.1 Relaying denied' });
    const error = await sendTestMessage(profile, { password: SMTP_PASSWORD }, 'ops@example.test').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).not.toMatch(/^smtp_(connection|timeout|tls)$/);
    expect(second.messages).toHaveLength(0);
  });

  it('primary refuses the login: no failover, and the hint says why', async () => {
    const { second, profile } = await pair();
    const error = await sendTestMessage(profile, { password: 'wrong' }, 'ops@example.test').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('smtp_auth');
    expect((error as AppError).hint).toMatch(/alternate server was not tried/);
    expect(second.messages).toHaveLength(0);
  });
});
