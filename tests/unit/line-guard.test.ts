// The last check before a socket write: each mail client refuses a stored value with a control
// character (saved before the schema refused them, or imported) with invalid_input, naming the
// field and never echoing the value, and without opening a connection.
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { checkImap } from '../../src-main/incoming/imap-check';
import { Pop3Session } from '../../src-main/incoming/pop3-client';
import { Transcript } from '../../src-main/incoming/transcript';
import { Redactor } from '../../src-main/logging/redactor';
import { smtpOptions } from '../../src-main/mail/smtp-transport';
import { assertLineSafe } from '../../src-main/protocol/line-guard';
import { standardProfile } from '../support/profiles';

const INJECTIONS = ['x\r\nDELE 1', 'x\nQUIT', 'x\rRSET', 'x\0y', 'x\ty', 'x\x1by', 'x\x7fy'];

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('assertLineSafe', () => {
  it('refuses each control character with invalid_input naming the field, without the value', () => {
    for (const value of INJECTIONS) {
      const error = refusal(() => assertLineSafe({ 'The user name': 'ok', 'The password': value }));
      expect(error.code).toBe('invalid_input');
      expect(error.message).toBe(
        'The password cannot contain line breaks or control characters: the mail server would read them as a new command. Nothing was sent to the server.',
      );
      expect(error.hint).toMatch(/enter the password again without line breaks/);
      expect(JSON.stringify(error.toData())).not.toContain(value);
    }
  });

  it('says "a new header" for header values, and lets clean and absent values through', () => {
    expect(refusal(() => assertLineSafe({ 'The display name': 'A\r\nBcc: x@y' }, 'header')).message).toMatch(
      /^The display name .*start a new header/,
    );
    expect(() => assertLineSafe({ a: 'Grüße, Help Desk!', b: undefined, c: '' })).not.toThrow();
  });
});

describe('SMTP options', () => {
  const base = () => standardProfile(randomUUID(), 2525);

  it('refuse a user name, password, host or XOAUTH2 user with a control character', () => {
    const p = base();
    for (const value of INJECTIONS) {
      expect(refusal(() => smtpOptions(p, { password: value })).message).toMatch(/^The password /);
      const user = { ...p, auth: { ...p.auth, username: value } } as typeof p;
      expect(refusal(() => smtpOptions(user, { password: 'pw' })).message).toMatch(/^The user name /);
      const host = { ...p, outgoing: { ...p.outgoing, host: `smtp${value}` } };
      expect(refusal(() => smtpOptions(host, { password: 'pw' })).message).toMatch(/^The SMTP host name /);
      const oauth = {
        ...p,
        auth: { type: 'google', email: '', clientId: 'c', redirectPort: null, credential: 'user', keyId: '' },
      } as typeof p;
      const provide = async () => ({ token: 't', expiresAt: 0 });
      expect(refusal(() => smtpOptions(oauth, { oauth: { user: value, provide } })).message).toMatch(
        /^The mailbox address /,
      );
    }
    expect(smtpOptions(p, { password: 'pw' }).auth).toMatchObject({
      user: p.auth.type === 'standard' && p.auth.username,
    });
  });
});

describe('IMAP and POP3 clients', () => {
  let server: net.Server;
  let port: number;
  let connections: number;

  beforeEach(async () => {
    connections = 0;
    server = net.createServer((socket) => {
      connections++;
      socket.end('* OK ready\r\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const settings = (over: { host?: string; folder?: string } = {}) => ({
    protocol: 'imap' as const,
    host: over.host ?? '127.0.0.1',
    port,
    security: 'none' as const,
    validateCertificate: false,
    folder: over.folder ?? 'INBOX',
    fetchIntervalMinutes: 5,
  });
  const transcript = () => new Transcript(new Redactor());

  it('IMAP refuses a password, user, token, folder or host with a control character before connecting', async () => {
    const cases: [Parameters<typeof checkImap>[0], Parameters<typeof checkImap>[1], RegExp][] = [
      [settings(), { user: 'u', password: 'x\r\nA1 DELETE INBOX' }, /^The password /],
      [settings(), { user: 'u\r\nA1 LOGOUT', password: 'p' }, /^The user name /],
      [settings(), { user: 'u', accessToken: 'tok\x01en' }, /^The access token /],
      [settings({ folder: 'INBOX\r\nA2 DELETE Sent' }), { user: 'u', password: 'p' }, /^The folder name /],
      [settings({ host: '127.0.0.1\n' }), { user: 'u', password: 'p' }, /^The IMAP host name /],
    ];
    for (const [server, credentials, message] of cases) {
      await expect(checkImap(server, credentials, transcript())).rejects.toMatchObject({
        code: 'invalid_input',
        message,
      });
    }
    expect(connections).toBe(0);
  });

  it('POP3 refuses a host with a control character before connecting', async () => {
    await expect(
      Pop3Session.connect({ ...settings({ host: '127.0.0.1\r\n' }), timeoutMs: 1000, transcript: transcript() }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: /^The POP3 host name / });
    expect(connections).toBe(0);
  });
});
