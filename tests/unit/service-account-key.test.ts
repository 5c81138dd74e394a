// The service account key file is hostile input: only a real key file's fields are taken.
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { profileSchema } from '../../src-shared/profile';
import { newProfile } from '../../src-shared/new-profile';
import { parseServiceAccountKey } from '../../src-shared/service-account-key';

const pem = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const good = {
  type: 'service_account',
  private_key_id: 'abc123',
  private_key: pem,
  client_email: 'sender@project.iam.gserviceaccount.com',
  token_uri: 'https://oauth2.googleapis.com/token',
};
const parse = (doc: unknown) => parseServiceAccountKey(JSON.stringify(doc));

describe('parseServiceAccountKey', () => {
  it('takes client_email, private_key_id and the key as one line of base64 (no PEM header or line breaks)', () => {
    const parsed = parse(good);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.key).toMatchObject({ clientEmail: good.client_email, privateKeyId: 'abc123' });
    expect(parsed.key.privateKey).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(pem.replace(/-----[A-Z ]+-----|\s/g, '')).toBe(parsed.key.privateKey);
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['an array', '[]', /JSON object/],
    ['an OAuth client file', JSON.stringify({ installed: { client_id: 'x' } }), /not a service account key/],
    ['no client_email', JSON.stringify({ ...good, client_email: 'nobody' }), /client_email/],
    ['a bad key id', JSON.stringify({ ...good, private_key_id: 'a\nb' }), /private_key_id/],
    [
      'a certificate instead of a key',
      JSON.stringify({ ...good, private_key: '-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n' }),
      /PEM private key/,
    ],
    ['http token_uri', JSON.stringify({ ...good, token_uri: 'http://oauth2.googleapis.com/token' }), /https/],
    ['a huge file', JSON.stringify({ ...good, pad: 'x'.repeat(70_000) }), /too large/],
    ['fields only on the prototype', `{"__proto__": ${JSON.stringify(good)}}`, /not a service account key/],
  ])('refuses %s with a message that says what is wrong', (_what, text, message) => {
    const parsed = parseServiceAccountKey(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });

  it('never throws, whatever the text (fast-check)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const parsed = parseServiceAccountKey(text);
        expect(typeof parsed.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});

describe('a service account profile', () => {
  const base = newProfile('7b4a1e9e-1c9a-4b8e-9f3e-2a6c1d5e8f01', 'Relay', 'google');
  const profile = (auth: Partial<Extract<typeof base.auth, { type: 'google' }>>) => ({
    ...base,
    outgoing: { ...base.outgoing },
    auth: { ...base.auth, ...auth },
  });

  it('needs the mailbox to send as, and the service account address from the key file', () => {
    const issues = profileSchema.safeParse(profile({ credential: 'service_account', email: '', clientId: 'x' }));
    expect(issues.success).toBe(false);
    const paths = issues.success ? [] : issues.error.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['auth.email', 'auth.clientId']));
    expect(
      profileSchema.safeParse(
        profile({ credential: 'service_account', email: 'helpdesk@example.com', clientId: good.client_email }),
      ).success,
    ).toBe(true);
  });

  it('profiles from before service accounts read as sign-in profiles', () => {
    const { credential: _c, keyId: _k, ...old } = base.auth as Extract<typeof base.auth, { type: 'google' }>;
    const parsed = profileSchema.parse({ ...base, auth: { ...old, clientId: 'c.apps.googleusercontent.com' } });
    expect(parsed.auth).toMatchObject({ credential: 'user', keyId: '' });
  });
});
