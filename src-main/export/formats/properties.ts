// Java properties in Spring Boot's spring.mail.* convention (JavaMail session properties under
// spring.mail.properties.*), with what Spring has no key for under mailprefs.*.
import type { ConfigDocument } from '../../../src-shared/config-file';
import { keyValueFile } from './key-value';

export function renderProperties(doc: ConfigDocument): string {
  const { profile: p, set, text } = keyValueFile(doc, 'properties', escape);
  const js = 'spring.mail.properties.mail.smtp';
  const tls = p.outgoing.security === 'tls';
  set('spring.mail.host', p.outgoing.host);
  set('spring.mail.port', p.outgoing.port);
  set('spring.mail.protocol', tls ? 'smtps' : 'smtp');
  set('spring.mail.default-encoding', 'UTF-8');
  const oauth = p.auth.type !== 'standard';
  const useAuth = oauth || (p.auth.type === 'standard' && p.auth.useAuthentication);
  set('spring.mail.username', p.auth.type === 'standard' ? p.auth.username : (p.oauth?.user ?? ''));
  if (p.auth.type === 'standard' && useAuth) set('spring.mail.password', p.secrets.password ?? '');
  const prefix = tls ? 'spring.mail.properties.mail.smtps' : js;
  set(`${prefix}.auth`, useAuth);
  if (p.outgoing.security === 'starttls') {
    set(`${js}.starttls.enable`, true);
    set(`${js}.starttls.required`, true);
  }
  if (tls) set(`${prefix}.ssl.enable`, true);
  if (p.outgoing.security !== 'none') {
    set(`${prefix}.ssl.checkserveridentity`, p.outgoing.validateCertificate);
    if (!p.outgoing.validateCertificate) set(`${prefix}.ssl.trust`, p.outgoing.host);
  }
  if (oauth) set(`${prefix}.auth.mechanisms`, 'XOAUTH2');
  set('mailprefs.auth-type', p.auth.type);
  set('mailprefs.from', p.sender.fromAddress || p.oauth?.user || '');
  set('mailprefs.from-name', p.sender.displayName);
  set('mailprefs.reply-to', p.sender.replyTo);
  if (p.oauth && p.auth.type !== 'standard') {
    set('mailprefs.oauth2.client-id', p.auth.clientId);
    set('mailprefs.oauth2.token-endpoint', p.oauth.tokenEndpoint);
    set('mailprefs.oauth2.scope', p.oauth.scope);
    set('mailprefs.oauth2.client-auth-method', p.oauth.clientAuthMethod);
    if (p.auth.type === 'microsoft') set('mailprefs.oauth2.tenant', p.auth.tenant);
    set('mailprefs.oauth2.client-secret', p.secrets.clientSecret ?? '');
    set('mailprefs.oauth2.refresh-token', p.secrets.refreshToken ?? '');
  }
  if (p.incoming) {
    set('mailprefs.incoming.protocol', p.incoming.protocol);
    set('mailprefs.incoming.host', p.incoming.host);
    set('mailprefs.incoming.port', p.incoming.port);
    set('mailprefs.incoming.security', p.incoming.security);
    set('mailprefs.incoming.validate-certificate', p.incoming.validateCertificate);
    set('mailprefs.incoming.folder', p.incoming.folder);
  }
  return text();
}

/** java.util.Properties escaping: backslash, separators, leading space, non-Latin-1 as \\uXXXX. */
function escape(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/[=:#!]/g, (c) => `\\${c}`)
    .replace(/^ /, '\\ ')
    .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
