// An SMTP server that never stops talking and never finishes: nodemailer's timeouts measure
// silence, so only the conversation's total deadline (mail/smtp-deadline.ts) ends it. Real
// sockets on 127.0.0.1; the server greets, then trickles a "250-" line every 100 ms.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import type { Profile, ProfileView } from '../../src-shared/profile';
import { checkLogin } from '../../src-main/mail/check-login';
import { sendTestMessage } from '../../src-main/mail/mail-service';
import { standardProfile } from '../support/profiles';
import { SMTP_PASSWORD, startSmtpServer, type TestSmtpServer } from '../support/smtp-server';
import { createTestHost, type TestHost } from '../support/main-host';

const ID = '00000000-0000-4000-8000-000000000001';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * Greets, then answers EHLO with a continuation line every 100 ms, for ever (the greeting has a
 * timeout of its own; what follows it has none but silence); counts the sockets still open.
 */
async function tricklingServer(): Promise<{ port: number; open: () => number }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let timer: NodeJS.Timeout | undefined;
    socket.write('220 trickle.example.test ESMTP\r\n');
    socket.once('data', () => {
      timer = setInterval(() => socket.write('250-trickle.example.test still listing what it can do\r\n'), 100);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return { port: (server.address() as AddressInfo).port, open: () => sockets.size };
}

/** The test send with its password and this total deadline (mail-service.ts's SendOptions). */
function sendWithDeadline(profile: Profile, deadlineMs: number) {
  return sendTestMessage(profile, { password: SMTP_PASSWORD }, 'ops@example.test', undefined, undefined, undefined, {
    deadlineMs,
  });
}

describe('the SMTP conversation has a total deadline', () => {
  it('a test send to a server that trickles for ever ends at the deadline, says so, and closes the connection', async () => {
    const trickler = await tricklingServer();
    const started = performance.now();
    const error = await sendWithDeadline(standardProfile(ID, trickler.port), 800).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'smtp_timeout',
      message: `The server at 127.0.0.1:${trickler.port} kept the conversation going for over a second without finishing it.`,
    });
    // The silence timeout (30 s) never fired: the server kept talking.
    expect(elapsed).toBeGreaterThanOrEqual(750);
    expect(elapsed).toBeLessThan(5_000);
    await expect.poll(() => trickler.open(), { timeout: 3_000 }).toBe(0);
  });

  it('the deadline is not a reason to move on to the alternate: the message may have been handed over', async () => {
    const trickler = await tricklingServer();
    const alternate: TestSmtpServer = await startSmtpServer();
    cleanups.push(() => alternate.close());
    const profile = {
      ...standardProfile(ID, trickler.port),
      alternateOutgoing: {
        host: '127.0.0.1',
        port: alternate.port,
        security: 'starttls' as const,
        validateCertificate: false,
      },
    };
    const error = await sendWithDeadline(profile, 500).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'smtp_timeout',
      message: expect.stringMatching(/kept the conversation going/),
    });
    expect(alternate.messages).toHaveLength(0);
  });

  it('a send that finishes in time is untouched by its deadline', async () => {
    const smtp = await startSmtpServer();
    cleanups.push(() => smtp.close());
    const result = await sendWithDeadline(standardProfile(ID, smtp.port), 5_000);
    expect(result.accepted).toEqual(['ops@example.test']);
    expect(smtp.messages).toHaveLength(1);
  });

  it("a login check against a trickling server ends at its deadline and records why (an authorization's check cannot hang)", async () => {
    const trickler = await tricklingServer();
    const host: TestHost = createTestHost();
    cleanups.push(() => host.cleanup());
    const { profile } = await host.call<ProfileView>('createProfile', { name: 'Trickle', authType: 'standard' });
    await host.call('saveProfile', {
      profile: standardProfile(profile.id, trickler.port),
      secrets: { password: SMTP_PASSWORD },
    });
    const started = performance.now();
    const check = await checkLogin(host.services, profile.id, { deadlineMs: 800 });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(check).toMatchObject({ ok: false, error: { code: 'smtp_timeout' } });
    expect(host.services.profiles.get(profile.id).status).toMatchObject({
      state: 'not_verified',
      reason: expect.stringMatching(/kept the conversation going/),
    });
  });
});
