// Standard (password) accounts against a real SMTP server on 127.0.0.1, through dispatch,
// exactly as the renderer reaches it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProfileView } from '../../src-shared/profile';
import type { TestSendResult } from '../../src-shared/ipc';
import { createTestHost, type TestHost } from '../support/main-host';
import { standardProfile } from '../support/profiles';
import { findSecrets } from '../support/secret-scan';
import { SMTP_PASSWORD, SMTP_USER, startSmtpServer, type TestSmtpServer } from '../support/smtp-server';

let host: TestHost;
let smtp: TestSmtpServer;

beforeEach(async () => {
  host = createTestHost();
  smtp = await startSmtpServer();
});

afterEach(async () => {
  await smtp.close();
  host.cleanup();
});

async function saved(
  overrides: Parameters<typeof standardProfile>[2] = {},
  password = SMTP_PASSWORD,
  port = smtp.port,
) {
  const created = await host.call<ProfileView>('createProfile', { name: 'Help desk', authType: 'standard' });
  return host.call<ProfileView>('saveProfile', {
    profile: standardProfile(created.profile.id, port, overrides),
    secrets: { password },
  });
}

async function sendFails(id: string) {
  const result = await host.dispatch('sendTestEmail', { id, to: 'admin@example.test' });
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('unreachable');
  return result.error;
}

describe('test send with a Standard account', () => {
  it('delivers over STARTTLS with the right envelope and headers', async () => {
    const view = await saved();
    const result = await host.call<TestSendResult>('sendTestEmail', { id: view.profile.id, to: 'admin@example.test' });

    expect(result.response).toMatch(/^250/);
    expect(result.accepted).toEqual(['admin@example.test']);
    expect(smtp.messages).toHaveLength(1);
    const [message] = smtp.messages;
    expect(message?.user).toBe(SMTP_USER);
    expect(message?.secure).toBe(true);
    expect(message?.rcptTo).toEqual(['admin@example.test']);
    expect(message?.headers['from']).toBe(`Help Desk <${SMTP_USER}>`);
    expect(message?.headers['to']).toBe('admin@example.test');
    expect(message?.headers['subject']).toBe('Mail Preferences test message');
    expect(message?.headers['reply-to']).toBe('support@example.test');
    expect(message?.headers['message-id']).toBe(result.messageId);

    const after = await host.call<ProfileView[]>('listProfiles');
    expect(after[0]?.status.state).toBe('verified');
    expect(after[0]?.status.lastVerifiedSend).toBe(result.sentAt);
  });

  it('explains a wrong password as an authentication error, without echoing it', async () => {
    const view = await saved({}, 'not-the-password-123');
    const error = await sendFails(view.profile.id);
    expect(error.code).toBe('smtp_auth');
    expect(error.message).toMatch(/rejected the login/);
    expect(error.hint).toMatch(/user name and password/);
    expect(JSON.stringify(error)).not.toContain('not-the-password-123');
    expect(smtp.messages).toHaveLength(0);
  });

  it('explains a server that is down as a connection error', async () => {
    const closedPort = smtp.port;
    await smtp.close();
    const view = await saved({}, SMTP_PASSWORD, closedPort);
    const error = await sendFails(view.profile.id);
    expect(error.code).toBe('smtp_connection');
    expect(error.message).toContain(`127.0.0.1:${closedPort}`);
    expect(error.hint).toMatch(/host and port/);
    smtp = await startSmtpServer(); // afterEach closes it again
  });

  it('refuses a self-signed certificate when validation is on, with a TLS error', async () => {
    const view = await saved({ validateCertificate: true });
    const error = await sendFails(view.profile.id);
    expect(error.code).toBe('smtp_tls');
    expect(error.message).toMatch(/self-signed/);
    expect(error.hint).toMatch(/certificate validation/);
    expect(smtp.messages).toHaveLength(0);
  });

  it('delivers to the same server when certificate validation is off', async () => {
    const view = await saved({ validateCertificate: false });
    await host.call('sendTestEmail', { id: view.profile.id, to: 'admin@example.test' });
    expect(smtp.messages).toHaveLength(1);
  });

  it('explains SSL/TLS chosen for a STARTTLS port', async () => {
    const view = await saved({ security: 'tls' });
    const error = await sendFails(view.profile.id);
    expect(error.code).toBe('smtp_tls');
    expect(error.hint).toMatch(/STARTTLS/);
  });

  it('refuses to send in the clear when STARTTLS is required but not offered', async () => {
    await smtp.close();
    smtp = await startSmtpServer({ tls: 'none' });
    const view = await saved({ security: 'starttls' });
    const error = await sendFails(view.profile.id);
    expect(error.code).toBe('smtp_tls');
    expect(error.message).toMatch(/does not offer STARTTLS/);
    expect(smtp.messages).toHaveLength(0);
  });

  it('delivers over implicit TLS (port-465 style)', async () => {
    await smtp.close();
    smtp = await startSmtpServer({ tls: 'tls' });
    const view = await saved({ security: 'tls' });
    await host.call('sendTestEmail', { id: view.profile.id, to: 'admin@example.test' });
    expect(smtp.messages[0]?.secure).toBe(true);
  });

  it('asks for a password when none is stored', async () => {
    const view = await saved({}, '');
    const error = await sendFails(view.profile.id);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/No password is stored/);
  });

  it('never writes the password in plaintext to the data directory or the log', async () => {
    const view = await saved();
    await host.call('sendTestEmail', { id: view.profile.id, to: 'admin@example.test' });
    await host.dispatch('saveProfile', { profile: { id: 'bad' }, secrets: { password: SMTP_PASSWORD } });
    expect(findSecrets(host.dataDirectory, [SMTP_PASSWORD])).toEqual([]);
  });
});

describe('SMTP debug transcript', () => {
  it('shows the conversation with the AUTH exchange and password removed', async () => {
    const view = await saved();
    const result = await host.call<TestSendResult>('sendTestEmail', {
      id: view.profile.id,
      to: 'admin@example.test',
      debug: true,
    });
    const lines = result.transcript.map((l) => `${l.dir}: ${l.text}`);
    expect(lines.some((l) => /^c: EHLO /.test(l))).toBe(true);
    expect(lines.some((l) => /^c: STARTTLS/.test(l))).toBe(true);
    expect(lines.some((l) => /^c: AUTH PLAIN/.test(l))).toBe(true);
    expect(lines.some((l) => /^s: 235/.test(l))).toBe(true);
    const text = JSON.stringify(result.transcript);
    expect(text).not.toContain(SMTP_PASSWORD);
    expect(text).not.toContain(Buffer.from(`\u0000${SMTP_USER}\u0000${SMTP_PASSWORD}`).toString('base64'));
  });

  it('without debug, no transcript is collected', async () => {
    const view = await saved();
    const result = await host.call<TestSendResult>('sendTestEmail', { id: view.profile.id, to: 'admin@example.test' });
    expect(result.transcript).toEqual([]);
  });

  it('a failed send with debug on carries the redacted conversation in the detail', async () => {
    const view = await saved({}, 'Bad-Password-For-Debug');
    const result = await host.dispatch('sendTestEmail', { id: view.profile.id, to: 'admin@example.test', debug: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.detail).toMatch(/C: AUTH PLAIN/);
    expect(result.error.detail).toMatch(/S: 535/);
    expect(JSON.stringify(result)).not.toContain('Bad-Password-For-Debug');
  });
});

describe('a stored value with a line break never becomes a header, recipient or command', () => {
  // Written past the schema (as a value saved by an older version, or imported, would be).
  const injections: [string, (id: string) => Promise<unknown>, RegExp][] = [
    [
      'display name',
      async (id) =>
        host.services.profiles.update(id, (p) => ({
          ...p,
          sender: { ...p.sender, displayName: 'Help Desk\r\nBcc: victim@example.test' },
        })),
      /^The display name cannot contain line breaks.*new header/,
    ],
    [
      'From address',
      async (id) =>
        host.services.profiles.update(id, (p) => ({
          ...p,
          sender: { ...p.sender, fromAddress: `${SMTP_USER}>\r\nRCPT TO:<victim@example.test` },
        })),
      /^The From address cannot contain line breaks/,
    ],
    [
      'Reply-to address',
      async (id) =>
        host.services.profiles.update(id, (p) => ({
          ...p,
          sender: { ...p.sender, replyTo: 'support@example.test\r\nBcc: victim@example.test' },
        })),
      /^The Reply-to address cannot contain line breaks/,
    ],
    [
      'password',
      (id) => host.services.vault.update(id, { password: `${SMTP_PASSWORD}\r\nRCPT TO:<victim@example.test>` }),
      /^The password cannot contain line breaks.*new command/,
    ],
  ];

  for (const [field, inject, message] of injections) {
    it(`a ${field} with CR LF is refused before anything is sent`, async () => {
      const view = await saved();
      await inject(view.profile.id);
      const error = await sendFails(view.profile.id);
      expect(error).toMatchObject({ code: 'invalid_input', message });
      expect(JSON.stringify(error)).not.toContain('victim@');
      // Nothing reached the server: no message, so no extra header and no extra recipient.
      expect(smtp.messages).toHaveLength(0);
    });
  }

  it('the same profile sends normally once the value is clean, so the refusal above is the guard', async () => {
    const view = await saved();
    await host.call('sendTestEmail', { id: view.profile.id, to: 'admin@example.test' });
    expect(smtp.messages.map((m) => m.rcptTo)).toEqual([['admin@example.test']]);
  });
});
