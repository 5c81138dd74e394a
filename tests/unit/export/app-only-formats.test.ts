// Profiles nobody signs in to, in every export format: the server must learn how to mint tokens
// (the grant type, the key id or certificate thumbprint) and must not be handed a refresh token
// that cannot exist, empty or as a placeholder.
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SECRET_PLACEHOLDER, type ConfigDocument } from '../../../src-shared/config-file';
import { renderDotenv } from '../../../src-main/export/formats/dotenv';
import { renderJson } from '../../../src-main/export/formats/json';
import { renderProperties } from '../../../src-main/export/formats/properties';

type ExportedProfile = ConfigDocument['profiles'][number];

const common = {
  description: '',
  incoming: null,
  alternateOutgoing: null,
  sender: { fromAddress: 'helpdesk@contoso.com', displayName: 'Help Desk', replyTo: '' },
  signature: { text: '', html: '' },
  senders: [],
  receivers: [],
  verified: null,
};

const serviceAccount = {
  ...common,
  name: 'Workspace service account',
  auth: {
    type: 'google',
    email: 'helpdesk@contoso.com',
    clientId: 'relay@project.iam.gserviceaccount.com',
    redirectPort: null,
    credential: 'service_account',
    keyId: 'a1b2c3d4e5',
  },
  outgoing: { host: 'smtp.gmail.com', port: 465, security: 'tls', validateCertificate: true },
  oauth: {
    user: 'helpdesk@contoso.com',
    tokenEndpoint: 'https://oauth2.googleapis.com/token',
    scope: 'https://mail.google.com/',
    clientAuthMethod: 'none',
  },
} as unknown as ExportedProfile;

const office365 = (appCredential: 'secret' | 'certificate') =>
  ({
    ...common,
    name: `Office 365 app-only (${appCredential})`,
    auth: {
      type: 'microsoft',
      email: 'helpdesk@contoso.com',
      clientId: '11111111-2222-4333-8444-555555555555',
      tenant: 'contoso.onmicrosoft.com',
      redirectPort: null,
      permission: 'application',
      appCredential,
      certificateThumbprint: appCredential === 'certificate' ? 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678' : '',
    },
    outgoing: { host: 'smtp.office365.com', port: 587, security: 'starttls', validateCertificate: true },
    oauth: {
      user: 'helpdesk@contoso.com',
      tokenEndpoint: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
      scope: 'https://outlook.office365.com/.default',
      clientAuthMethod: appCredential === 'certificate' ? 'private_key_jwt' : 'client_secret_post',
    },
  }) as unknown as ExportedProfile;

const doc = (profile: ExportedProfile, secrets: 'included' | 'omitted'): ConfigDocument => ({
  $schema: './mail-config.v2.schema.json',
  version: 2,
  generator: 'Mail Preferences test',
  exportedAt: '2026-01-01T00:00:00.000Z',
  secrets,
  profiles: [{ ...profile, secrets: secrets === 'included' ? { clientSecret: 'KEY-OR-SECRET-0001' } : {} }],
});

/** key=value lines of the .properties file; these values are plain ASCII, so only `\:`-style escapes to undo. */
const properties = (text: string) =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1).replace(/\\(.)/g, '$1')]),
  );

describe.each([
  ['a Google service account', serviceAccount, 'urn:ietf:params:oauth:grant-type:jwt-bearer', { keyId: 'a1b2c3d4e5' }],
  ['Office 365 app-only with a secret', office365('secret'), 'client_credentials', {}],
  [
    'Office 365 app-only with a certificate',
    office365('certificate'),
    'client_credentials',
    { thumbprint: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678' },
  ],
])('%s', (_name, profile, grantType, extra: { keyId?: string; thumbprint?: string }) => {
  it('JSON without secrets holds a placeholder for the key or secret only', () => {
    const written = JSON.parse(renderJson(doc(profile, 'omitted'))) as ConfigDocument;
    expect(written.profiles[0]!.secrets).toEqual({ clientSecret: SECRET_PLACEHOLDER });
  });

  it('.env says how to mint tokens and has no refresh token', () => {
    const env = parseEnv(renderDotenv(doc(profile, 'included')));
    expect(env['MAIL_OAUTH_GRANT_TYPE']).toBe(grantType);
    expect(env['MAIL_OAUTH_CLIENT_SECRET']).toBe('KEY-OR-SECRET-0001');
    expect(env['MAIL_OAUTH_KEY_ID']).toBe(extra.keyId);
    expect(env['MAIL_OAUTH_CERTIFICATE_THUMBPRINT']).toBe(extra.thumbprint);
    expect(env).not.toHaveProperty('MAIL_OAUTH_REFRESH_TOKEN');
  });

  it('.properties says how to mint tokens and has no refresh token', () => {
    const props = properties(renderProperties(doc(profile, 'included')));
    expect(props['mailprefs.oauth2.grant-type']).toBe(grantType);
    expect(props['mailprefs.oauth2.client-secret']).toBe('KEY-OR-SECRET-0001');
    expect(props['mailprefs.oauth2.key-id']).toBe(extra.keyId);
    expect(props['mailprefs.oauth2.certificate-thumbprint']).toBe(extra.thumbprint);
    expect(props).not.toHaveProperty('mailprefs.oauth2.refresh-token');
  });
});
