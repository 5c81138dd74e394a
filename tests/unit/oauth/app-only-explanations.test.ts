// App-only (Office 365 application permission) failures in words an admin can act on: the token
// endpoint's AADSTS codes, and Exchange's refusals at the mail server.
import { describe, expect, it } from 'vitest';
import { explainIncomingError } from '../../../src-main/incoming/incoming-service';
import { explainSmtpError } from '../../../src-main/mail/explain-smtp-error';
import { explainAppOnlyError } from '../../../src-main/oauth/explain-app-only-error';
import { explainOAuthError } from '../../../src-main/oauth/explain-oauth-error';
import { AppError } from '../../../src-shared/errors';
import type { IncomingSettings, ServerSettings } from '../../../src-shared/profile';

const server: ServerSettings = {
  host: 'smtp.office365.com',
  port: 587,
  security: 'starttls',
  validateCertificate: true,
};
const app = { clientId: '11111111-2222-4333-8444-555555555555', mailbox: 'desk@contoso.com' };

function oauthError(error: string, description: string): Error {
  return Object.assign(new Error('server responded with an error in the response body'), {
    name: 'ResponseBodyError',
    error,
    error_description: description,
  });
}

describe('token endpoint errors for app-only profiles', () => {
  it.each([
    ['invalid_client', 'AADSTS7000215: Invalid client secret provided.', /client secret/, /Certificates & secrets/],
    [
      'invalid_client',
      'AADSTS7000222: The provided client secret keys are expired.',
      /client secret/,
      /New client secret/,
    ],
    ['invalid_client', 'client authentication failed', /client secret \(AADSTS7000215/, /Secret ID/],
    [
      'invalid_grant',
      'AADSTS65001: The user or administrator has not consented',
      /admin consent/,
      /Grant admin consent/,
    ],
    ['invalid_request', 'AADSTS90094: The grant requires admin permission.', /admin consent/, /SMTP\.SendAsApp/],
    [
      'unauthorized_client',
      'AADSTS700016: Application not found in the directory',
      /does not know this application/,
      /tenant/,
    ],
  ])('%s %s', (error, description, message, hint) => {
    // As the grant module hands it over: already run through the general catalogue.
    const explained = explainAppOnlyError(explainOAuthError(oauthError(error, description), 'token'));
    expect(explained).toBeInstanceOf(AppError);
    expect(explained.message).toMatch(message);
    expect(explained.hint).toMatch(hint);
    expect(explained.detail).toContain(description);
  });

  it('AADSTS90094 is in the general catalogue too (delegated sign-ins meet it as well)', () => {
    expect(explainOAuthError(oauthError('invalid_request', 'AADSTS90094: admin'), 'token').message).toMatch(/Consent/);
  });

  it('anything else falls through to the general explanation', () => {
    const network = Object.assign(new Error('fetch failed'), {
      cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
    });
    expect(explainAppOnlyError(network).code).toBe('oauth_network');
  });
});

describe("Exchange's refusals of an app-only token", () => {
  it('535 5.7.3: service principal or mailbox permission missing, with the PowerShell to run', () => {
    const response = '535 5.7.3 Authentication unsuccessful [SN4PR0601CA0005.namprd06.prod.outlook.com]';
    const error = explainSmtpError({ code: 'EAUTH', responseCode: 535, response }, server, true, app);
    expect(error.code).toBe('smtp_auth');
    expect(error.message).toMatch(/refused it for desk@contoso\.com \(5\.7\.3\)/);
    expect(error.hint).toContain(`New-ServicePrincipal -AppId ${app.clientId}`);
    expect(error.hint).toContain('Add-MailboxPermission -Identity desk@contoso.com');
    expect(error.hint).toMatch(/SMTP\.SendAsApp.*admin consent/);
    expect(error.detail).toContain(response);
  });

  it('535 5.7.139 with SMTP AUTH disabled: Set-CASMailbox for the mailbox', () => {
    const response = '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox.';
    const error = explainSmtpError({ code: 'EAUTH', responseCode: 535, response }, server, true, app);
    expect(error.message).toMatch(/SMTP AUTH is turned off/);
    expect(error.hint).toMatch(/Set-CASMailbox -Identity desk@contoso\.com -SmtpClientAuthenticationDisabled \$false/);
  });

  it('535 5.7.139 otherwise: the mailbox permission again', () => {
    const response =
      '535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully.';
    const error = explainSmtpError({ code: 'EAUTH', responseCode: 535, response }, server, true, app);
    expect(error.message).toMatch(/\(5\.7\.139\)/);
    expect(error.hint).toMatch(/Add-MailboxPermission/);
  });

  it('delegated profiles keep their own explanation of 5.7.3', () => {
    const response = '535 5.7.3 Authentication unsuccessful';
    const error = explainSmtpError({ code: 'EAUTH', responseCode: 535, response }, server, true);
    expect(error.hint).not.toMatch(/Add-MailboxPermission/);
  });
});

describe('IMAP and POP refusals of an app-only token', () => {
  const imap: IncomingSettings = {
    protocol: 'imap',
    host: 'outlook.office365.com',
    port: 993,
    security: 'tls',
    validateCertificate: true,
    folder: 'INBOX',
    fetchIntervalMinutes: 5,
  };

  it('AUTHENTICATE failed: the mailbox permission, with IMAP.AccessAsApp', () => {
    const error = explainIncomingError(
      { authenticationFailed: true, responseText: 'AUTHENTICATE failed.' },
      imap,
      true,
      app,
    );
    expect(error.message).toMatch(/refused it for desk@contoso\.com/);
    expect(error.hint).toMatch(/Add-MailboxPermission -Identity desk@contoso\.com/);
    expect(error.hint).toMatch(/IMAP\.AccessAsApp/);
  });

  it('a temporary failure on the server side is not called a refusal', () => {
    const error = explainIncomingError(
      { authenticationFailed: true, responseText: '[UNAVAILABLE] Temporary authentication failure.' },
      imap,
      true,
      app,
    );
    expect(error.message).toMatch(/temporary failure/);
    expect(error.hint).not.toMatch(/Add-MailboxPermission/);
  });
});
