// dotenv for containers and systemd EnvironmentFile. One profile per file; names are documented
// in docs/config-format.md. Values are double-quoted with escapes, which dotenv and systemd read.
import type { ConfigDocument } from '../../../src-shared/config-file';
import { secretKindsFor } from './json';
import { keyValueFile } from './key-value';

export function renderDotenv(doc: ConfigDocument): string {
  const { profile: p, set, text } = keyValueFile(doc, '.env', quote);
  set('MAIL_AUTH_TYPE', p.auth.type);
  set('MAIL_SMTP_HOST', p.outgoing.host);
  set('MAIL_SMTP_PORT', p.outgoing.port);
  set('MAIL_SMTP_SECURITY', p.outgoing.security);
  set('MAIL_SMTP_VALIDATE_CERTIFICATE', p.outgoing.validateCertificate);
  set('MAIL_FROM', p.sender.fromAddress || p.oauth?.user || '');
  set('MAIL_FROM_NAME', p.sender.displayName);
  set('MAIL_REPLY_TO', p.sender.replyTo);
  if (p.auth.type === 'standard') {
    set('MAIL_USE_AUTHENTICATION', p.auth.useAuthentication);
    set('MAIL_USERNAME', p.auth.username);
  } else if (p.oauth) {
    set('MAIL_USERNAME', p.oauth.user);
    set('MAIL_OAUTH_CLIENT_ID', p.auth.clientId);
    set('MAIL_OAUTH_TOKEN_ENDPOINT', p.oauth.tokenEndpoint);
    set('MAIL_OAUTH_SCOPE', p.oauth.scope);
    set('MAIL_OAUTH_CLIENT_AUTH_METHOD', p.oauth.clientAuthMethod);
    if (p.auth.type === 'microsoft') set('MAIL_OAUTH_TENANT', p.auth.tenant);
  }
  if (p.incoming) {
    set('MAIL_INCOMING_PROTOCOL', p.incoming.protocol);
    set('MAIL_INCOMING_HOST', p.incoming.host);
    set('MAIL_INCOMING_PORT', p.incoming.port);
    set('MAIL_INCOMING_SECURITY', p.incoming.security);
    set('MAIL_INCOMING_VALIDATE_CERTIFICATE', p.incoming.validateCertificate);
    set('MAIL_INCOMING_FOLDER', p.incoming.folder);
  }
  const names = {
    password: 'MAIL_PASSWORD',
    clientSecret: 'MAIL_OAUTH_CLIENT_SECRET',
    refreshToken: 'MAIL_OAUTH_REFRESH_TOKEN',
  };
  for (const kind of secretKindsFor(p)) set(names[kind], p.secrets[kind] ?? '');
  return text();
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
