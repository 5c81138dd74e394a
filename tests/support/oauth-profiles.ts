// Valid OAuth profiles pointing at the test servers.
import { newProfile } from '../../src-shared/new-profile';
import type { Profile } from '../../src-shared/profile';
import { APP_CLIENT_ID, CLIENT_ID, RS_ID, RS_SECRET, TENANT_ID, type TestAuthServer } from './auth-server';
import { startDovecot, type TestDovecot } from './dovecot';
import { appOnlyVerdict, EXCHANGE_APP_ONLY_REFUSAL, type MailboxPermissions } from './mailbox-permissions';
import type { XoauthRefusal } from './smtp-server';

export function oauthProfile(
  server: TestAuthServer,
  id: string,
  smtpPort: number,
  overrides: {
    email?: string;
    scope?: string;
    clientAuthMethod?: 'client_secret_post' | 'client_secret_basic' | 'none';
    tenant?: string;
  } = {},
): Profile {
  const base = newProfile(id, `${server.kind} account`, server.kind);
  const email = overrides.email ?? '';
  const auth: Profile['auth'] =
    server.kind === 'google'
      ? { type: 'google', email, clientId: CLIENT_ID, redirectPort: null, credential: 'user', keyId: '' }
      : server.kind === 'microsoft'
        ? {
            type: 'microsoft',
            email,
            clientId: CLIENT_ID,
            tenant: overrides.tenant ?? TENANT_ID,
            redirectPort: null,
            permission: 'delegated',
            appCredential: 'secret',
            certificateThumbprint: '',
          }
        : {
            type: 'generic',
            email,
            clientId: CLIENT_ID,
            issuer: server.issuer,
            authorizationEndpoint: '',
            tokenEndpoint: '',
            deviceAuthorizationEndpoint: '',
            scope: overrides.scope ?? 'openid email offline_access smtp',
            clientAuthMethod: overrides.clientAuthMethod ?? 'client_secret_post',
            redirectPort: null,
          };
  return {
    ...base,
    auth,
    outgoing: { host: '127.0.0.1', port: smtpPort, security: 'starttls', validateCertificate: false },
    sender: { fromAddress: '', displayName: 'Help Desk', replyTo: '' },
  };
}

/** The mailbox the test app-only client has an Exchange mailbox permission on. */
export const APP_MAILBOX = 'helpdesk@contoso.test';
/** A mailbox in the same tenant the app was given no permission on. */
export const UNGRANTED_MAILBOX = 'payroll@contoso.test';
/** Exchange's mailbox permissions for the test servers: the app-only client may use APP_MAILBOX only. */
export const APP_PERMISSIONS: MailboxPermissions = { [APP_CLIENT_ID]: [APP_MAILBOX] };

/**
 * Dovecot as Exchange Online for app-only tests: delegated tokens by introspection, app-only ones
 * for APP_MAILBOX only (UNGRANTED_MAILBOX exists, with no permission for the app).
 */
export function startExchangeDovecot(auth: Pick<TestAuthServer, 'issuer'>): Promise<TestDovecot> {
  return startDovecot({
    issuer: auth.issuer,
    rsId: RS_ID,
    rsSecret: RS_SECRET,
    mailboxes: [APP_MAILBOX, UNGRANTED_MAILBOX],
    appOnlyPermissions: APP_PERMISSIONS,
  });
}

/** An Office 365 profile with an application permission (no sign-in) for the test app-only client. */
export function appOnlyProfile(id: string, smtpPort: number, mailbox = APP_MAILBOX): Profile {
  const base = newProfile(id, 'App-only mailbox', 'microsoft');
  return {
    ...base,
    auth: {
      type: 'microsoft',
      email: mailbox,
      clientId: APP_CLIENT_ID,
      tenant: TENANT_ID,
      redirectPort: null,
      permission: 'application',
      appCredential: 'secret',
      certificateThumbprint: '',
    },
    outgoing: { host: '127.0.0.1', port: smtpPort, security: 'starttls', validateCertificate: false },
    sender: { fromAddress: '', displayName: 'Help Desk', replyTo: '' },
  };
}

/**
 * An SMTP XOAUTH2 check that asks the authorization server, like Gmail or Exchange do. App-only
 * tokens (no person) pass only for a mailbox in `permissions`, else Exchange's 535 5.7.3.
 */
export function introspectingXoauth2(server: TestAuthServer, permissions: MailboxPermissions = {}) {
  return async (auth: {
    username?: string | undefined;
    accessToken?: string | undefined;
  }): Promise<boolean | XoauthRefusal> => {
    if (!auth.accessToken) return false;
    const info = await server.introspect(auth.accessToken);
    const verdict = appOnlyVerdict(permissions, info, auth.username);
    if (verdict === 'allowed') return true;
    if (verdict === 'refused') return EXCHANGE_APP_ONLY_REFUSAL;
    return info.active === true && (info.email ?? info.sub)?.toLowerCase() === auth.username?.toLowerCase();
  };
}
