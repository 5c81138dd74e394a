// The errors admins hit, as the providers really send them: a token endpoint answering with
// Microsoft's and Google's JSON bodies, and an SMTP server answering with Exchange's replies.
// Each must reach the admin (through dispatch, as the window calls it) with the cause and the fix.
import { describe, expect, it } from 'vitest';
import type { AppErrorData } from '../../src-shared/errors';
import type { ProfileView } from '../../src-shared/profile';
import { expiredAuthorization, faultProviderRig } from '../support/fault-profile';
import { createTestHost, type TestHost } from '../support/main-host';
import { standardProfile } from '../support/profiles';
import { SMTP_PASSWORD, startSmtpServer, type TestSmtpServer } from '../support/smtp-server';

const MS = (code: number, text: string, error = 'invalid_grant') => ({
  error,
  error_description: `AADSTS${code}: ${text} Trace ID: 0a1b2c3d-0000-4000-8000-000000000000 Correlation ID: 4e5f6a7b-0000-4000-8000-000000000000 Timestamp: 2026-12-02 01:00:00Z`,
  error_codes: [code],
  timestamp: '2026-12-02 01:00:00Z',
  trace_id: '0a1b2c3d-0000-4000-8000-000000000000',
  correlation_id: '4e5f6a7b-0000-4000-8000-000000000000',
  error_uri: `https://login.microsoftonline.com/error?code=${code}`,
});

const TOKEN_FAULTS: [string, number, Record<string, unknown>, RegExp, RegExp][] = [
  [
    'AADSTS50011',
    400,
    MS(
      50011,
      "The redirect URI 'http://127.0.0.1:53682/oauth/microsoft' specified in the request does not match the redirect URIs configured for the application.",
      'invalid_request',
    ),
    /redirect URI/,
    /Mobile and desktop applications/,
  ],
  [
    'AADSTS65001',
    400,
    MS(
      65001,
      "The user or administrator has not consented to use the application with ID '11111111-2222-4333-8444-555555555555'.",
    ),
    /Consent/,
    /admin consent/,
  ],
  [
    'AADSTS700016',
    400,
    MS(
      700016,
      "Application with identifier '11111111-2222-4333-8444-555555555555' was not found in the directory 'contoso.com'.",
      'unauthorized_client',
    ),
    /does not know this application/,
    /Client ID/,
  ],
  [
    'AADSTS7000215',
    401,
    MS(
      7000215,
      'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
      'invalid_client',
    ),
    /client secret is wrong/,
    /paste its Value/,
  ],
  [
    'AADSTS7000222',
    401,
    MS(
      7000222,
      "The provided client secret keys for app '11111111-2222-4333-8444-555555555555' are expired.",
      'invalid_client',
    ),
    /expired/,
    /new client secret/,
  ],
  [
    'AADSTS700025',
    401,
    MS(
      700025,
      "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
      'invalid_client',
    ),
    /public client/,
    /Clear the Client secret/,
  ],
  [
    'AADSTS70043',
    400,
    MS(70043, 'The refresh token has expired or is invalid due to sign-in frequency checks by conditional access.'),
    /refresh token has expired/,
    /Authorize again/,
  ],
  [
    'AADSTS700082',
    400,
    MS(700082, 'The refresh token has expired due to inactivity.'),
    /refresh token has expired/,
    /Authorize again/,
  ],
  [
    'AADSTS9002313',
    400,
    MS(9002313, 'Invalid request. Request is malformed or invalid.', 'invalid_request'),
    /malformed/,
    /Overview page/,
  ],
  [
    'Google invalid_grant',
    400,
    { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
    /no longer accepts the stored authorization/,
    /Testing/,
  ],
  [
    'Google redirect_uri_mismatch',
    400,
    { error: 'redirect_uri_mismatch', error_description: 'Bad Request' },
    /redirect URI/,
    /Desktop app/,
  ],
  [
    'Google admin_policy_enforced',
    400,
    {
      error: 'admin_policy_enforced',
      error_description: 'Access to your account data is restricted by policies within your organization.',
    },
    /administrator's policy/,
    /API controls/,
  ],
];

const SMTP_FAULTS: [string, 'auth' | 'data', number, string, RegExp, RegExp][] = [
  [
    '535 5.7.139',
    'auth',
    535,
    '5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.',
    /SMTP AUTH is turned off/,
    /Set-CASMailbox/,
  ],
  [
    '535 5.7.3',
    'auth',
    535,
    '5.7.3 Authentication unsuccessful [SN4PR0501CA0054.namprd05.prod.outlook.com]',
    /did not accept the credentials/,
    /SMTP\.Send/,
  ],
  [
    '550 5.7.30',
    'auth',
    550,
    '5.7.30 Basic authentication is not supported for Client Submission.',
    /no longer accepts passwords/,
    /OAuth 2\.0/,
  ],
  [
    '554 5.2.0',
    'data',
    554,
    '5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with message Cannot submit message.',
    /Send As denied/,
    /Add-RecipientPermission/,
  ],
];

async function failure(host: TestHost, method: string, args: unknown): Promise<AppErrorData> {
  const result = await host.dispatch(method, args);
  if (result.ok) throw new Error(`${method} succeeded where it should have failed`);
  return result.error;
}

describe('token endpoint errors, as Microsoft and Google send them', () => {
  const rig = faultProviderRig();

  it.each(TOKEN_FAULTS)('%s', async (_name, status, body, message, hint) => {
    const { faults, host, id } = rig;
    // An authorization whose access token ran out: the next use refreshes, and meets the fault.
    await expiredAuthorization(host, id);
    faults.answer(status, body);
    const error = await failure(host, 'sendTestEmail', { id, to: 'admin@example.test' });
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(hint);
    // The provider's own words stay available for a support ticket.
    expect(error.detail ?? '').toContain(String(body['error']));
  });
});

describe('SMTP replies, as Exchange sends them', () => {
  it.each(SMTP_FAULTS)('%s', async (_name, at, code, text, message, hint) => {
    const smtp: TestSmtpServer = await startSmtpServer({ fault: { at, code, text } });
    const host = createTestHost();
    try {
      const { profile } = await host.call<ProfileView>('createProfile', { name: 'Relay', authType: 'standard' });
      await host.call('saveProfile', {
        profile: standardProfile(profile.id, smtp.port, { name: 'Relay' }),
        secrets: { password: SMTP_PASSWORD },
      });
      const error = await failure(host, 'sendTestEmail', { id: profile.id, to: 'admin@example.test' });
      expect(error.message).toMatch(message);
      expect(error.hint).toMatch(hint);
      expect(error.detail ?? '').toContain(text.slice(0, 20));
    } finally {
      await smtp.close();
      host.cleanup();
    }
  });
});
