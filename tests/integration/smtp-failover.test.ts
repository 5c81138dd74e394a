// Failover between two real SMTP servers on 127.0.0.1: the alternate is used only when the
// primary cannot be reached, and never after the primary refused the login.
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { sendTestMessage } from '../../src-main/mail/mail-service';
import { standardProfile } from '../support/profiles';
import { SMTP_PASSWORD, startSmtpServer, type TestSmtpServer } from '../support/smtp-server';

const servers: TestSmtpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close().catch(() => undefined)));
});
const ID = '00000000-0000-4000-8000-000000000001';

async function pair(firstTls: 'starttls' | 'none' = 'starttls') {
  const first = await startSmtpServer({ tls: firstTls });
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

  it('primary refuses the login: no failover, and the hint says why', async () => {
    const { second, profile } = await pair();
    const error = await sendTestMessage(profile, { password: 'wrong' }, 'ops@example.test').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('smtp_auth');
    expect((error as AppError).hint).toMatch(/alternate server was not tried/);
    expect(second.messages).toHaveLength(0);
  });
});
