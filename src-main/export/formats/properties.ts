// Java properties in Spring Boot's spring.mail.* convention (JavaMail session properties under
// spring.mail.properties.*), with what Spring has no key for under mailprefs.*. The file is pure
// ASCII (everything else as \uXXXX), so java.util.Properties.load(InputStream), which reads
// ISO-8859-1, load(Reader) with UTF-8, and Spring Boot's own loader (ISO-8859-1) read the same.
import type { ConfigDocument } from '../../../src-shared/config-file';
import { appOnlyGrant } from './app-only-grant';
import { type Encoded, type KeyValueFormat, keyValueFile } from './key-value';

export function renderProperties(doc: ConfigDocument): string {
  const { profile: p, set, text } = keyValueFile(doc, PROPERTIES);
  const js = 'spring.mail.properties.mail.smtp';
  const tls = p.outgoing.security === 'tls';
  set('spring.mail.host', p.outgoing.host, 'outgoing.host');
  set('spring.mail.port', p.outgoing.port, 'outgoing.port');
  set('spring.mail.protocol', tls ? 'smtps' : 'smtp', 'outgoing.security');
  set('spring.mail.default-encoding', 'UTF-8', 'outgoing.security');
  const oauth = p.auth.type !== 'standard';
  const useAuth = oauth || (p.auth.type === 'standard' && p.auth.useAuthentication);
  set(
    'spring.mail.username',
    p.auth.type === 'standard' ? p.auth.username : (p.oauth?.user ?? ''),
    p.auth.type === 'standard' ? 'auth.username' : 'oauth.user',
  );
  if (p.auth.type === 'standard' && useAuth) set('spring.mail.password', p.secrets.password ?? '', 'secrets.password');
  const prefix = tls ? 'spring.mail.properties.mail.smtps' : js;
  set(`${prefix}.auth`, useAuth, 'auth.type');
  if (p.outgoing.security === 'starttls') {
    set(`${js}.starttls.enable`, true, 'outgoing.security');
    set(`${js}.starttls.required`, true, 'outgoing.security');
  }
  if (tls) set(`${prefix}.ssl.enable`, true, 'outgoing.security');
  if (p.outgoing.security !== 'none') {
    set(`${prefix}.ssl.checkserveridentity`, p.outgoing.validateCertificate, 'outgoing.validateCertificate');
    if (!p.outgoing.validateCertificate) set(`${prefix}.ssl.trust`, p.outgoing.host, 'outgoing.host');
  }
  if (oauth) set(`${prefix}.auth.mechanisms`, 'XOAUTH2', 'auth.type');
  set('mailprefs.auth-type', p.auth.type, 'auth.type');
  set(
    'mailprefs.from',
    p.sender.fromAddress || p.oauth?.user || '',
    p.sender.fromAddress ? 'sender.fromAddress' : 'oauth.user',
  );
  set('mailprefs.from-name', p.sender.displayName, 'sender.displayName');
  set('mailprefs.reply-to', p.sender.replyTo, 'sender.replyTo');
  if (p.oauth && p.auth.type !== 'standard') {
    set('mailprefs.oauth2.client-id', p.auth.clientId, 'auth.clientId');
    set('mailprefs.oauth2.token-endpoint', p.oauth.tokenEndpoint, 'oauth.tokenEndpoint');
    set('mailprefs.oauth2.scope', p.oauth.scope, 'oauth.scope');
    set('mailprefs.oauth2.client-auth-method', p.oauth.clientAuthMethod, 'oauth.clientAuthMethod');
    if (p.auth.type === 'microsoft') set('mailprefs.oauth2.tenant', p.auth.tenant, 'auth.tenant');
    set('mailprefs.oauth2.client-secret', p.secrets.clientSecret ?? '', 'secrets.clientSecret');
    // App-only: the client secret (or key) mints tokens (app-only-grant.ts); there is no refresh token.
    const grant = appOnlyGrant(p);
    if (grant) for (const { name, value, field } of grant) set(`mailprefs.oauth2.${name}`, value, field);
    else set('mailprefs.oauth2.refresh-token', p.secrets.refreshToken ?? '', 'secrets.refreshToken');
  }
  if (p.incoming) {
    set('mailprefs.incoming.protocol', p.incoming.protocol, 'incoming.protocol');
    set('mailprefs.incoming.host', p.incoming.host, 'incoming.host');
    set('mailprefs.incoming.port', p.incoming.port, 'incoming.port');
    set('mailprefs.incoming.security', p.incoming.security, 'incoming.security');
    set('mailprefs.incoming.validate-certificate', p.incoming.validateCertificate, 'incoming.validateCertificate');
    set('mailprefs.incoming.folder', p.incoming.folder, 'incoming.folder');
    set('mailprefs.incoming.fetch-interval-minutes', p.incoming.fetchIntervalMinutes, 'incoming.fetchIntervalMinutes');
  }
  const alt = p.alternateOutgoing;
  if (alt) {
    set('mailprefs.smtp-alternate.host', alt.host, 'alternateOutgoing.host');
    set('mailprefs.smtp-alternate.port', alt.port, 'alternateOutgoing.port');
    set('mailprefs.smtp-alternate.security', alt.security, 'alternateOutgoing.security');
    set(
      'mailprefs.smtp-alternate.validate-certificate',
      alt.validateCertificate,
      'alternateOutgoing.validateCertificate',
    );
  }
  if (p.verified) {
    set('mailprefs.verified', p.verified.by, 'verified.by');
    set('mailprefs.verified.at', p.verified.at, 'verified.at');
  }
  // Line breaks are written as \n by encodeProperties, so a multi-line signature stays one property.
  if (p.signature.text) set('mailprefs.signature.text', p.signature.text, 'signature.text');
  if (p.signature.html) set('mailprefs.signature.html', p.signature.html, 'signature.html');
  // Spring Boot's indexed list binding: @ConfigurationProperties("mailprefs") List<Sender> senders.
  p.senders.forEach((s, i) => {
    set(`mailprefs.senders[${i}].purpose`, s.purpose, 'senders.purpose', i);
    set(
      `mailprefs.senders[${i}].address`,
      s.address || p.sender.fromAddress || p.oauth?.user || '',
      'senders.address',
      i,
    );
    if (s.displayName) set(`mailprefs.senders[${i}].display-name`, s.displayName, 'senders.displayName', i);
    else set(`mailprefs.senders[${i}].display-name`, p.sender.displayName, 'sender.displayName');
  });
  p.receivers.forEach((r, i) => {
    set(`mailprefs.receivers[${i}].name`, r.name, 'receivers.name', i);
    // Spring binds a comma-separated value to a List<String>; addresses cannot hold a comma.
    set(`mailprefs.receivers[${i}].addresses`, r.addresses.join(','), 'receivers.addresses', i);
  });
  return text();
}

/**
 * java.util.Properties escaping: backslash, line breaks, tab and form feed as \\ \n \r \t \f, a
 * leading space as "\ ", the separators and comment marks escaped, and everything outside
 * printable ASCII (controls, non-ASCII, each half of a surrogate pair) as \uXXXX. A value holding
 * "${" is refused: Spring resolves it as a placeholder when the property is read (see
 * docs/config-format.md for the escape that was considered and why it is not written).
 */
export function encodeProperties(value: string): Encoded {
  if (value.includes('${')) {
    return {
      refused:
        'it holds "${", which Spring reads as a placeholder and replaces with another setting (or fails to start)',
      alternatives: 'JSON',
    };
  }
  let text = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    const code = value.charCodeAt(i);
    if (Object.hasOwn(SHORT_ESCAPES, c)) text += SHORT_ESCAPES[c];
    else if (code < 0x20 || code > 0x7e) text += `\\u${code.toString(16).padStart(4, '0')}`;
    else if ('=:#!'.includes(c) || (c === ' ' && i === 0)) text += `\\${c}`;
    else text += c;
  }
  return { text };
}

const SHORT_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\f': '\\f' };

/** Comment text: printable ASCII only (the file is read as ISO-8859-1), anything else as \uXXXX. */
function commentText(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const PROPERTIES: KeyValueFormat = { label: '.properties', encode: encodeProperties, comment: commentText };
