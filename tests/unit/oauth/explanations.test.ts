// Every row of PROVIDERS.md's "what admins run into" table gets a plain-words explanation.
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { explainSmtpError } from '../../../src-main/mail/explain-smtp-error';
import { explainOAuthError } from '../../../src-main/oauth/explain-oauth-error';
import type { ServerSettings } from '../../../src-shared/profile';

const server: ServerSettings = {
  host: 'smtp.office365.com',
  port: 587,
  security: 'starttls',
  validateCertificate: true,
};

describe('SMTP replies', () => {
  it.each([
    [
      '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.',
      /SMTP AUTH is turned off/,
      /Set-CASMailbox/,
    ],
    ['535 5.7.3 Authentication unsuccessful', /did not accept the credentials/, /SMTP\.Send/],
    [
      '550 5.7.30 Basic authentication is not supported for Client Submission.',
      /no longer accepts passwords/,
      /Office 365 \(OAuth 2\.0\)/,
    ],
    ['534-5.7.9 Application-specific password required.', /app password or OAuth/, /Google \(OAuth 2\.0\)/],
  ])('%s', (response, message, hint) => {
    const error = explainSmtpError({ code: 'EAUTH', responseCode: Number(response.slice(0, 3)), response }, server);
    expect(error.code).toBe('smtp_auth');
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(hint);
    expect(error.detail).toContain(response);
  });

  it('classifies connection, DNS and timeout failures', () => {
    expect(explainSmtpError({ code: 'ESOCKET', message: 'connect ECONNREFUSED 127.0.0.1:25' }, server).code).toBe(
      'smtp_connection',
    );
    expect(
      explainSmtpError({ code: 'EDNS', message: 'getaddrinfo ENOTFOUND smtp.office365.com' }, server).message,
    ).toMatch(/could not be found/);
    expect(explainSmtpError({ code: 'ETIMEDOUT', message: 'Connection timeout' }, server).code).toBe('smtp_timeout');
    expect(
      explainSmtpError({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 unknown user' }, server).code,
    ).toBe('smtp_rejected');
  });

  it('explains an OAuth token the server refused', () => {
    const error = explainSmtpError(
      { code: 'EAUTH', responseCode: 535, response: '535 5.7.8 Error: authentication failed' },
      server,
      true,
    );
    expect(error.message).toMatch(/refused the OAuth access token/);
  });
});

function bodyError(error: string, description: string): oauth.ResponseBodyError {
  const response = new Response(JSON.stringify({ error, error_description: description }), { status: 400 });
  return new oauth.ResponseBodyError('server responded with an error in the response body', {
    cause: { error, error_description: description },
    response,
  });
}

describe('authorization server errors', () => {
  it.each([
    [
      'invalid_request',
      'AADSTS50011: The redirect URI specified in the request does not match',
      'oauth_config',
      /Redirect URI/,
    ],
    ['consent_required', 'AADSTS65001: The user or administrator has not consented', 'oauth_denied', /admin consent/],
    ['unauthorized_client', "AADSTS700016: Application with identifier 'x' was not found", 'oauth_config', /Client ID/],
    ['invalid_client', 'AADSTS7000215: Invalid client secret provided.', 'oauth_config', /new client secret/],
    [
      'invalid_client',
      'AADSTS7000222: The provided client secret keys are expired.',
      'oauth_config',
      /new client secret/,
    ],
    [
      'invalid_client',
      'AADSTS700025: Client is public so neither client_assertion nor client_secret should be presented.',
      'oauth_config',
      /Clear the Client secret/,
    ],
    [
      'invalid_grant',
      'AADSTS70043: The refresh token has expired due to sign-in frequency',
      'oauth_reauthorize',
      /Authorize again/,
    ],
    [
      'invalid_grant',
      'AADSTS700082: The refresh token has expired due to inactivity.',
      'oauth_reauthorize',
      /Authorize again/,
    ],
    ['invalid_grant', 'Token has been expired or revoked.', 'oauth_reauthorize', /Testing/],
    ['disallowed_useragent', 'embedded', 'oauth_config', /Copy link/],
    ['redirect_uri_mismatch', 'Bad Request', 'oauth_config', /Desktop app/],
  ])('%s: %s', (code, description, expected, hint) => {
    const explained = explainOAuthError(bodyError(code, description), 'token');
    expect(explained.code).toBe(expected);
    expect(explained.hint).toMatch(hint);
    expect(explained.detail).toContain(code);
  });

  it('says when the provider cannot be reached', () => {
    const network = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    expect(explainOAuthError(network, 'refresh')).toMatchObject({
      code: 'oauth_network',
      message: /could not be reached/,
    });
  });

  it('falls back to a generic token error that names the OAuth error code', () => {
    expect(explainOAuthError(bodyError('temporarily_unavailable', 'try later'), 'token')).toMatchObject({
      code: 'oauth_token',
      message: /\(temporarily_unavailable\)/,
    });
  });
});
