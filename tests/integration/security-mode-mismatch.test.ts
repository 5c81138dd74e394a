// A security mode that does not match the server is explained as that, not as a wrong password
// or token: an SMTP server that wants STARTTLS first, a POP3 server that refuses plaintext
// logins, and None or STARTTLS on an SSL/TLS port.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIncoming, explainIncomingError, isAuthFailure } from '../../src-main/incoming/incoming-service';
import { Transcript } from '../../src-main/incoming/transcript';
import { Redactor } from '../../src-main/logging/redactor';
import type { IncomingSettings, ProfileView } from '../../src-shared/profile';
import { createTestHost, type TestHost } from '../support/main-host';
import { standardProfile } from '../support/profiles';
import { SMTP_PASSWORD, startSmtpServer, type TestSmtpServer } from '../support/smtp-server';

let smtp: TestSmtpServer;
let host: TestHost;
beforeAll(async () => {
  smtp = await startSmtpServer({ tls: 'starttls' }); // offers STARTTLS and refuses AUTH without it
  host = createTestHost();
});
afterAll(async () => {
  await smtp.close();
  host.cleanup();
});

const pop3 = (port: number, security: IncomingSettings['security'] = 'none'): IncomingSettings =>
  ({ protocol: 'pop3', host: '127.0.0.1', port, security, validateCertificate: false, folder: '' }) as IncomingSettings;

describe('security mode mismatches', () => {
  it('SMTP with None where the server wants STARTTLS first: the security mode is named, not the password', async () => {
    const { profile } = await host.call<ProfileView>('createProfile', { name: 'Relay', authType: 'standard' });
    await host.call('saveProfile', {
      profile: standardProfile(profile.id, smtp.port, { security: 'none' }),
      secrets: { password: SMTP_PASSWORD },
    });
    const sent = await host.dispatch('sendTestEmail', { id: profile.id, to: 'admin@example.test' });
    expect(sent).toMatchObject({
      ok: false,
      error: {
        code: 'smtp_tls',
        message: expect.stringMatching(/only after STARTTLS, and None was chosen/),
        hint: expect.stringMatching(/Choose STARTTLS/),
      },
    });
    expect(smtp.messages).toHaveLength(0);
  });

  it("POP3: Dovecot's plaintext refusal is the security mode, and no reason to refresh a token", async () => {
    const server = net.createServer((socket) => {
      socket.on('error', () => undefined);
      socket.write('+OK Dovecot ready.\r\n');
      socket.on('data', (chunk) => {
        const line = chunk.toString();
        if (line.startsWith('CAPA')) socket.write('+OK\r\nUSER\r\n.\r\n');
        else if (line.startsWith('USER'))
          socket.write('-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.\r\n');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const settings = pop3((server.address() as net.AddressInfo).port);
      const failure = await checkIncoming(settings, { user: 'u', password: 'p' }, new Transcript(new Redactor())).catch(
        (error: unknown) => error,
      );
      expect(isAuthFailure(failure)).toBe(false);
      expect(explainIncomingError(failure, settings, true)).toMatchObject({
        code: 'smtp_tls',
        message: expect.stringMatching(/accepts logins only over an encrypted connection, and None was chosen/),
        hint: expect.stringMatching(/STARTTLS \(port 110\) or SSL\/TLS \(port 995\)/),
      });
    } finally {
      server.close();
    }
  });

  it('a POP3 timeout on port 995 with None says that port expects SSL/TLS', () => {
    const timedOut = new Error('ETIMEDOUT: the server stopped answering');
    expect(explainIncomingError(timedOut, { ...pop3(995), host: 'mail.example.test' }, false)).toMatchObject({
      code: 'smtp_timeout',
      hint: 'Port 995 expects SSL/TLS from the first byte, and None was chosen: choose SSL/TLS.',
    });
    expect(explainIncomingError(timedOut, pop3(110), false).hint).toMatch(/firewall/);
  });
});
