// A sender per purpose and the signature, as the SMTP server receives them: the chosen sender is
// the From header and the envelope sender, the signature follows the "-- " separator, and an HTML
// signature adds an HTML part. A purpose the profile does not have is refused before connecting.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { TestSendResult } from '../../src-shared/ipc';
import type { ProfileView } from '../../src-shared/profile';
import { createTestHost, type TestHost } from '../support/main-host';
import { standardProfile } from '../support/profiles';
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

async function savedWith(extra: Partial<ProfileView['profile']>): Promise<string> {
  const created = await host.call<ProfileView>('createProfile', { name: 'Help desk', authType: 'standard' });
  const view = await host.call<ProfileView>('saveProfile', {
    profile: { ...standardProfile(created.profile.id, smtp.port), ...extra },
    secrets: { password: SMTP_PASSWORD },
  });
  return view.profile.id;
}

it('sends as the sender chosen by purpose, with the signature after the separator', async () => {
  const id = await savedWith({
    senders: [
      { purpose: 'General notifications', address: '', displayName: '' },
      { purpose: 'Management reports', address: 'reports@example.test', displayName: 'Reports Desk' },
    ],
    signature: { text: 'IT Service Desk\nExt. 4242', html: '' },
  });
  await host.call<TestSendResult>('sendTestEmail', { id, to: 'admin@example.test', sender: 'management reports' });
  const [message] = smtp.messages;
  expect(message?.headers['from']).toBe('Reports Desk <reports@example.test>');
  expect(message?.mailFrom).toBe('reports@example.test');
  expect(message?.raw.replace(/\r\n/g, '\n')).toContain('\n-- \nIT Service Desk\nExt. 4242');

  // A purpose without its own address falls back to the profile's From and display name.
  await host.call<TestSendResult>('sendTestEmail', { id, to: 'admin@example.test', sender: 'General notifications' });
  expect(smtp.messages[1]?.headers['from']).toBe(`Help Desk <${SMTP_USER}>`);
});

it('an HTML signature adds an HTML part; the plain part keeps the text signature', async () => {
  const id = await savedWith({ signature: { text: 'Service Desk', html: '<p><b>Service Desk</b></p>' } });
  await host.call<TestSendResult>('sendTestEmail', { id, to: 'admin@example.test' });
  const raw = smtp.messages[0]!.raw;
  expect(raw).toMatch(/Content-Type: multipart\/alternative/i);
  expect(raw).toMatch(/Content-Type: text\/html/i);
  // The HTML part is quoted-printable: undo its soft line breaks before looking for the signature.
  expect(raw.replace(/=\r?\n/g, '')).toContain('<p><b>Service Desk</b></p>');
  expect(raw.replace(/\r\n/g, '\n')).toContain('\n-- \nService Desk\n');
});

it('a purpose the profile does not have is refused, and nothing is sent', async () => {
  const id = await savedWith({ senders: [{ purpose: 'Reports', address: 'r@example.test', displayName: '' }] });
  const result = await host.dispatch('sendTestEmail', { id, to: 'admin@example.test', sender: 'Payroll' });
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.message).toContain('"Payroll"');
  expect(result.error.hint).toContain('Reports');
  expect(smtp.messages).toHaveLength(0);
});
