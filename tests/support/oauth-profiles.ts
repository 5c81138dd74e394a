// Valid OAuth profiles pointing at the test servers.
import { newProfile } from '../../src-shared/new-profile';
import type { Profile } from '../../src-shared/profile';
import { CLIENT_ID, TENANT_ID, type TestAuthServer } from './auth-server';

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
      ? { type: 'google', email, clientId: CLIENT_ID, redirectPort: null }
      : server.kind === 'microsoft'
        ? {
            type: 'microsoft',
            email,
            clientId: CLIENT_ID,
            tenant: overrides.tenant ?? TENANT_ID,
            redirectPort: null,
            permission: 'delegated',
          }
        : {
            type: 'generic',
            email,
            clientId: CLIENT_ID,
            issuer: server.issuer,
            authorizationEndpoint: '',
            tokenEndpoint: '',
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

/** An SMTP XOAUTH2 check that asks the authorization server, like Gmail or Exchange do. */
export function introspectingXoauth2(server: TestAuthServer) {
  return async (auth: { username?: string | undefined; accessToken?: string | undefined }) => {
    if (!auth.accessToken) return false;
    const info = await server.introspect(auth.accessToken);
    return info.active === true && (info.email ?? info.sub)?.toLowerCase() === auth.username?.toLowerCase();
  };
}
