// Builds nodemailer's SMTP options from a profile. Pure: no connection is made here.
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Profile, ServerSettings } from '../../src-shared/profile';
import { assertLineSafe } from '../protocol/line-guard';

/** nodemailer's provisionCallback: hands out an access token, `renew` after the server refused one. */
export type TokenProvider = (renew: boolean) => Promise<{ token: string; expiresAt: number }>;

export interface SmtpCredentials {
  password?: string | undefined;
  /** OAuth profiles: the mailbox and where its access tokens come from (XOAUTH2). */
  oauth?: { user: string; provide: TokenProvider };
}

/**
 * Where a connection to host:port really goes. In the app DNS decides (no route). Tests give one
 * so that a local server stands in for smtp.office365.com: the certificate is still checked
 * against the profile's host name, as it would be against the real server.
 */
export type SmtpRoute = (host: string, port: number) => { host: string; port: number };

export const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export const EHLO_NAME = 'mail-preferences.localhost';

/** Throws invalid_input if a value nodemailer would put on a command line holds a control character. */
export function smtpOptions(
  profile: Profile,
  credentials: SmtpCredentials,
  /** The primary (profile.outgoing) or the alternate server: each is line-guarded here. */
  outgoing: ServerSettings = profile.outgoing,
  route?: SmtpRoute,
): SMTPTransport.Options {
  const { auth } = profile;
  assertLineSafe({
    'The SMTP host name': outgoing.host,
    'The EHLO name': EHLO_NAME,
    'The user name': auth.type === 'standard' && auth.useAuthentication ? auth.username : undefined,
    'The password': auth.type === 'standard' && auth.useAuthentication ? credentials.password : undefined,
    'The mailbox address': credentials.oauth?.user,
  });
  const target = route?.(outgoing.host, outgoing.port) ?? { host: outgoing.host, port: outgoing.port };
  const routed = target.host !== outgoing.host;
  const options: SMTPTransport.Options = {
    host: target.host,
    port: target.port,
    // SSL/TLS: TLS from the first byte. STARTTLS: upgrade required. None: never upgrade, so the
    // admin's choice is what is tested (nodemailer would otherwise upgrade opportunistically).
    secure: outgoing.security === 'tls',
    requireTLS: outgoing.security === 'starttls',
    ignoreTLS: outgoing.security === 'none',
    tls: {
      rejectUnauthorized: outgoing.validateCertificate,
      minVersion: 'TLSv1.2',
      ...(routed ? { servername: outgoing.host } : {}),
    },
    name: EHLO_NAME,
    ...SMTP_TIMEOUTS,
  };
  if (auth.type === 'standard' && auth.useAuthentication) {
    options.auth = { user: auth.username, pass: credentials.password ?? '' };
  } else if (auth.type !== 'standard' && credentials.oauth) {
    const { user, provide } = credentials.oauth;
    options.auth = {
      type: 'OAuth2',
      user,
      // Our token service decides when to refresh, so its rotation and single-flight rules apply.
      provisionCallback: (_user, renew, callback) => {
        provide(renew).then(
          ({ token, expiresAt }) => callback(null, token, expiresAt),
          (error: Error) => callback(error),
        );
      },
    };
  }
  return options;
}
