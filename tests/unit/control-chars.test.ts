// Every value that ends up on a protocol line, in a header, in an authorization request or on a
// line of an exported file refuses CR, LF, NUL and the other control characters, with a message
// naming the field and the reason.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { exportedProfileSchema } from '../../src-shared/config-file';
import { ipcContract, secretUpdateSchema } from '../../src-shared/ipc';
import { newProfile } from '../../src-shared/new-profile';
import { profileSchema, type AuthType, type Profile } from '../../src-shared/profile';
import { hasControlChars } from '../../src-shared/validators';

/** CR, LF, NUL, other C0 (ESC, TAB, BEL, US), DEL, C1 (NEL) and the Unicode line separator. */
const CONTROLS = ['\r', '\n', '\r\n', '\0', '\x1b', '\t', '\x07', '\x1f', '\x7f', '\x85', '\u2028'];

function valid(type: AuthType): Profile {
  const p = newProfile(randomUUID(), 'Help desk', type);
  const common = {
    ...p,
    description: 'Sends ticket notifications',
    outgoing: { ...p.outgoing, host: 'smtp.example.com' },
    incoming: {
      protocol: 'imap' as const,
      host: 'imap.example.com',
      port: 993,
      security: 'tls' as const,
      validateCertificate: true,
      folder: 'INBOX',
      fetchIntervalMinutes: 5,
    },
    sender: { fromAddress: 'helpdesk@example.com', displayName: 'Help Desk', replyTo: 'support@example.com' },
  };
  switch (type) {
    case 'standard':
      return { ...common, auth: { type, useAuthentication: true, username: 'helpdesk@example.com' } };
    case 'google':
      return {
        ...common,
        auth: {
          type,
          email: 'helpdesk@example.com',
          clientId: 'client-1',
          redirectPort: null,
          credential: 'user',
          keyId: '',
        },
      };
    case 'microsoft':
      return {
        ...common,
        auth: {
          type,
          email: 'helpdesk@example.com',
          clientId: 'client-1',
          tenant: 'contoso.com',
          redirectPort: null,
          permission: 'delegated',
          appCredential: 'secret',
          certificateThumbprint: '',
        },
      };
    case 'generic':
      return {
        ...common,
        auth: {
          type,
          email: 'helpdesk@example.com',
          clientId: 'client-1',
          issuer: 'https://id.example.com',
          authorizationEndpoint: 'https://id.example.com/authorize',
          tokenEndpoint: 'https://id.example.com/token',
          deviceAuthorizationEndpoint: '',
          scope: 'openid smtp',
          clientAuthMethod: 'client_secret_post',
          redirectPort: null,
        },
      };
  }
}

/** [path in the profile, auth type whose profile has it, label the message must name]. */
const FIELDS: [string, AuthType, RegExp][] = [
  ['name', 'standard', /^The profile name /],
  ['description', 'standard', /^The description /],
  ['auth.username', 'standard', /^The user name /],
  ['auth.email', 'google', /^The mailbox address /],
  ['auth.clientId', 'google', /^The client ID /],
  ['auth.email', 'microsoft', /^The mailbox address /],
  ['auth.tenant', 'microsoft', /^The tenant /],
  ['auth.email', 'generic', /^The mailbox address /],
  ['auth.clientId', 'generic', /^The client ID /],
  ['auth.issuer', 'generic', /^The issuer /],
  ['auth.authorizationEndpoint', 'generic', /^The authorization endpoint /],
  ['auth.tokenEndpoint', 'generic', /^The token endpoint /],
  ['auth.scope', 'generic', /^The scopes /],
  ['outgoing.host', 'standard', /^The host name /],
  ['incoming.host', 'standard', /^The host name /],
  ['incoming.folder', 'standard', /^The folder name /],
  ['sender.fromAddress', 'standard', /^The From address /],
  ['sender.displayName', 'standard', /^The display name /],
  ['sender.replyTo', 'standard', /^The Reply-to address /],
];

function withValue(profile: Profile, path: string, value: string): unknown {
  const copy = structuredClone(profile) as unknown as Record<string, Record<string, unknown>>;
  const [head, tail] = path.split('.') as [string, string | undefined];
  if (tail === undefined) (copy as unknown as Record<string, unknown>)[head] = value;
  else copy[head]![tail] = value;
  return copy;
}

function messageAt(
  result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } },
  path: string,
) {
  return result.error?.issues.find((i) => i.path.join('.') === path)?.message;
}

describe('control characters in profile fields', () => {
  it('the valid profiles used here pass, so each refusal below is caused by the control character', () => {
    for (const type of ['standard', 'google', 'microsoft', 'generic'] as const) {
      expect(profileSchema.safeParse(valid(type)).success).toBe(true);
    }
  });

  for (const [path, type, label] of FIELDS) {
    it(`${path} (${type}) refuses each control character inside the value, naming the field`, () => {
      for (const c of CONTROLS) {
        const result = profileSchema.safeParse(withValue(valid(type), path, `ab${c}cd`));
        expect(result.success, JSON.stringify(c)).toBe(false);
        const message = messageAt(result, path);
        expect(message, JSON.stringify(c)).toMatch(label);
        expect(message).toMatch(/cannot contain line breaks or control characters: /);
      }
    });
  }

  it('says why: a new command, a new header, another request parameter or a broken file line', () => {
    const reason = (type: AuthType, path: string) =>
      messageAt(profileSchema.safeParse(withValue(valid(type), path, 'a\nb')), path);
    expect(reason('standard', 'auth.username')).toMatch(/the mail server would read them as a new command/);
    expect(reason('standard', 'sender.displayName')).toMatch(/start a new header in the message/);
    expect(reason('generic', 'auth.scope')).toMatch(/authorization server/);
    expect(reason('standard', 'name')).toMatch(/exported settings files/);
  });

  it('a line break at either end is trimmed away, never stored', () => {
    const parsed = profileSchema.parse(withValue(valid('standard'), 'sender.displayName', '\r\nHelp Desk\r\n'));
    expect(parsed.sender.displayName).toBe('Help Desk');
  });

  it('an imported profile is held to the same rule', () => {
    const p = valid('standard');
    const exported = {
      name: p.name,
      description: 'a\r\nMAIL_PASSWORD=x',
      auth: p.auth,
      outgoing: p.outgoing,
      incoming: p.incoming,
      sender: p.sender,
      oauth: null,
      secrets: {},
    };
    const result = exportedProfileSchema.safeParse(exported);
    expect(messageAt(result, 'description')).toMatch(/^The description cannot contain line breaks/);
  });
});

describe('control characters in secrets and other IPC values', () => {
  it('the password and the client secret refuse each control character, even at either end (never trimmed)', () => {
    for (const c of CONTROLS) {
      for (const value of [`x${c}DELE 1`, `${c}x`, `x${c}`]) {
        const result = secretUpdateSchema.safeParse({ password: value, clientSecret: value });
        expect(messageAt(result, 'password')).toBe(
          'The password cannot contain line breaks or control characters: the mail server would read them as a new command.',
        );
        expect(messageAt(result, 'clientSecret')).toMatch(/^The client secret cannot contain line breaks/);
      }
    }
    expect(secretUpdateSchema.safeParse({ password: 'pässwörd with spaces & symbols!' }).success).toBe(true);
  });

  it('the test recipient and a new profile name refuse them too', () => {
    const id = randomUUID();
    for (const c of CONTROLS) {
      const send = ipcContract.sendTestEmail.args.safeParse({ id, to: `admin${c}@example.com` });
      expect(messageAt(send, 'to')).toMatch(/^The email address cannot contain line breaks/);
      const create = ipcContract.createProfile.args.safeParse({ name: `A${c}B`, authType: 'standard' });
      expect(messageAt(create, 'name')).toMatch(/^The profile name cannot contain line breaks/);
    }
  });
});

describe('hasControlChars', () => {
  it('finds every C0 control, DEL, every C1 control and U+2028/2029, and nothing printable', () => {
    for (let c = 0; c < 0x20; c++) expect(hasControlChars(`a${String.fromCharCode(c)}b`), `U+${c}`).toBe(true);
    for (let c = 0x7f; c <= 0x9f; c++) expect(hasControlChars(String.fromCharCode(c)), `U+${c}`).toBe(true);
    expect(hasControlChars('\u2028')).toBe(true);
    expect(hasControlChars('\u2029')).toBe(true);
    for (const ok of ['', 'Help Desk', 'Grüße – 名前 😀', 'p@ss w0rd!~', '\u00a0'])
      expect(hasControlChars(ok)).toBe(false);
  });
});
