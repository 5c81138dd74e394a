// dotenv for containers and systemd EnvironmentFile. One profile per file; names are documented
// in docs/config-format.md. Every value is written so that four readers read it back exactly:
// npm dotenv, Node's own parser (util.parseEnv, node --env-file), python-dotenv (interpolation
// on, its default) and POSIX sh (`set -a; . ./mail.env`). What none of their quotings share is
// refused (tests/integration/env-file-parsers.test.ts checks both halves with all four).
import type { ConfigDocument } from '../../../src-shared/config-file';
import { appOnlyGrant } from './app-only-grant';
import { secretKindsFor } from './json';
import { type Encoded, type KeyValueFormat, keyValueFile } from './key-value';
import { encodeProperties } from './properties';

/** python-dotenv's ${NAME} / ${NAME:-default}, expanded in every value, quoted or not (dotenv/variables.py). */
const PYTHON_INTERPOLATION = /\$\{[^}:]*(?::-[^}]*)?\}/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Single quotes when the value has no `'`, no `\\` and does not end in `\`: every reader takes
 * what is between them literally, except python-dotenv, which turns `\\` into `\` and `\'` into
 * `'`. Otherwise double quotes when no reader changes what is between them: no `"` or backtick,
 * no `\` that sh, python-dotenv, dotenv or Node would read as an escape, and no `$` that sh (or
 * bash) would expand. Line breaks and tabs are written as they are, inside the quotes. Anything
 * else is refused: a carriage return (dropped or read as a line break by three of the readers),
 * NUL (no shell variable holds it), text that is not valid Unicode, and python-dotenv's ${…}.
 */
export function encodeDotenv(value: string): Encoded {
  const refuse = (refused: string): Encoded => ({
    refused,
    alternatives: 'refused' in encodeProperties(value) ? 'JSON' : 'JSON or .properties',
  });
  if (value.includes('\0')) return refuse('it holds a NUL character, which a shell variable cannot hold');
  if (value.includes('\r')) {
    return refuse('it holds a carriage return, which dotenv, Node and python-dotenv drop or read as a line break');
  }
  if (LONE_SURROGATE.test(value)) return refuse('it is not valid Unicode text');
  if (PYTHON_INTERPOLATION.test(value)) {
    return refuse('it holds ${…}, which python-dotenv replaces with the value of another variable, even inside quotes');
  }
  const single = singleQuoteProblem(value);
  if (!single) return { text: `'${value}'` };
  const double = doubleQuoteProblem(value);
  if (!double) return { text: `"${value}"` };
  return refuse(
    `it holds ${single} and ${double}, so neither single nor double quotes are read the same by dotenv, Node, python-dotenv and sh`,
  );
}

function singleQuoteProblem(value: string): string | null {
  if (value.includes("'")) return 'a single quote';
  if (value.includes('\\\\')) return 'two backslashes in a row (python-dotenv reads one)';
  if (value.endsWith('\\')) return 'a backslash at the end';
  return null;
}

/** After `\` inside double quotes, what some reader unescapes: python-dotenv \\ \' \" \a \b \f \n \r \t \v, sh \\ \$ \` \" and a line break, dotenv and Node \n (dotenv \r). */
const ESCAPED_AFTER_BACKSLASH = '\\\'"abfnrtv$`\n';
/** After `$` inside double quotes, what starts an expansion in sh: a name, a digit, a special parameter, ${, $(, and bash's $[. */
const EXPANDED_AFTER_DOLLAR = /[A-Za-z0-9_@*#?$!{([-]/;

function doubleQuoteProblem(value: string): string | null {
  if (value.includes('"')) return 'a double quote';
  if (value.includes('`')) return 'a backtick (command substitution in sh)';
  for (let i = 0; i < value.length; i++) {
    const next = value[i + 1];
    if (value[i] === '\\' && (next === undefined || ESCAPED_AFTER_BACKSLASH.includes(next))) {
      return next === undefined ? 'a backslash at the end' : 'a backslash that starts an escape';
    }
    if (value[i] === '$' && next !== undefined && EXPANDED_AFTER_DOLLAR.test(next)) {
      return 'a $ that sh expands';
    }
  }
  return null;
}

/** Printable text (letters, marks, digits, punctuation, symbols, spaces); anything else as \uXXXX. */
function commentText(text: string): string {
  return text.replace(/[^\p{L}\p{M}\p{N}\p{P}\p{S} ]/gu, (c) =>
    c
      .split('')
      .map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join(''),
  );
}

const DOTENV: KeyValueFormat = { label: '.env', encode: encodeDotenv, comment: commentText };

export function renderDotenv(doc: ConfigDocument): string {
  const { profile: p, set, text } = keyValueFile(doc, DOTENV);
  set('MAIL_AUTH_TYPE', p.auth.type, 'auth.type');
  set('MAIL_SMTP_HOST', p.outgoing.host, 'outgoing.host');
  set('MAIL_SMTP_PORT', p.outgoing.port, 'outgoing.port');
  set('MAIL_SMTP_SECURITY', p.outgoing.security, 'outgoing.security');
  set('MAIL_SMTP_VALIDATE_CERTIFICATE', p.outgoing.validateCertificate, 'outgoing.validateCertificate');
  set(
    'MAIL_FROM',
    p.sender.fromAddress || p.oauth?.user || '',
    p.sender.fromAddress ? 'sender.fromAddress' : 'oauth.user',
  );
  set('MAIL_FROM_NAME', p.sender.displayName, 'sender.displayName');
  set('MAIL_REPLY_TO', p.sender.replyTo, 'sender.replyTo');
  if (p.auth.type === 'standard') {
    set('MAIL_USE_AUTHENTICATION', p.auth.useAuthentication, 'auth.useAuthentication');
    set('MAIL_USERNAME', p.auth.username, 'auth.username');
  } else if (p.oauth) {
    set('MAIL_USERNAME', p.oauth.user, 'oauth.user');
    set('MAIL_OAUTH_CLIENT_ID', p.auth.clientId, 'auth.clientId');
    set('MAIL_OAUTH_TOKEN_ENDPOINT', p.oauth.tokenEndpoint, 'oauth.tokenEndpoint');
    set('MAIL_OAUTH_SCOPE', p.oauth.scope, 'oauth.scope');
    set('MAIL_OAUTH_CLIENT_AUTH_METHOD', p.oauth.clientAuthMethod, 'oauth.clientAuthMethod');
    if (p.auth.type === 'microsoft') set('MAIL_OAUTH_TENANT', p.auth.tenant, 'auth.tenant');
    // Only app-only files say it: the reader mints tokens itself (app-only-grant.ts), no refresh token.
    for (const { name, value, field } of appOnlyGrant(p) ?? []) {
      set(`MAIL_OAUTH_${name.toUpperCase().replaceAll('-', '_')}`, value, field);
    }
  }
  if (p.incoming) {
    set('MAIL_INCOMING_PROTOCOL', p.incoming.protocol, 'incoming.protocol');
    set('MAIL_INCOMING_HOST', p.incoming.host, 'incoming.host');
    set('MAIL_INCOMING_PORT', p.incoming.port, 'incoming.port');
    set('MAIL_INCOMING_SECURITY', p.incoming.security, 'incoming.security');
    set('MAIL_INCOMING_VALIDATE_CERTIFICATE', p.incoming.validateCertificate, 'incoming.validateCertificate');
    set('MAIL_INCOMING_FOLDER', p.incoming.folder, 'incoming.folder');
    set('MAIL_INCOMING_FETCH_INTERVAL_MINUTES', p.incoming.fetchIntervalMinutes, 'incoming.fetchIntervalMinutes');
  }
  if (p.alternateOutgoing) {
    set('MAIL_SMTP_ALT_HOST', p.alternateOutgoing.host, 'alternateOutgoing.host');
    set('MAIL_SMTP_ALT_PORT', p.alternateOutgoing.port, 'alternateOutgoing.port');
    set('MAIL_SMTP_ALT_SECURITY', p.alternateOutgoing.security, 'alternateOutgoing.security');
    set(
      'MAIL_SMTP_ALT_VALIDATE_CERTIFICATE',
      p.alternateOutgoing.validateCertificate,
      'alternateOutgoing.validateCertificate',
    );
  }
  if (p.verified) {
    set('MAIL_VERIFIED', p.verified.by, 'verified.by');
    set('MAIL_VERIFIED_AT', p.verified.at, 'verified.at');
  }
  // Multi-line text goes through the same encoder: line feeds inside quotes are read alike by all four readers.
  if (p.signature.text) set('MAIL_SIGNATURE_TEXT', p.signature.text, 'signature.text');
  if (p.signature.html) set('MAIL_SIGNATURE_HTML', p.signature.html, 'signature.html');
  // Numbered from 1 (shell variable names cannot hold the purpose text itself).
  p.senders.forEach((s, i) => {
    set(`MAIL_SENDER_${i + 1}_PURPOSE`, s.purpose, 'senders.purpose', i);
    set(`MAIL_SENDER_${i + 1}_ADDRESS`, s.address || p.sender.fromAddress || p.oauth?.user || '', 'senders.address', i);
    if (s.displayName) set(`MAIL_SENDER_${i + 1}_NAME`, s.displayName, 'senders.displayName', i);
    else set(`MAIL_SENDER_${i + 1}_NAME`, p.sender.displayName, 'sender.displayName');
  });
  p.receivers.forEach((r, i) => {
    set(`MAIL_RECEIVERS_${i + 1}_NAME`, r.name, 'receivers.name', i);
    // Addresses cannot hold a comma (validators.isValidEmail), so a comma-separated list is unambiguous.
    set(`MAIL_RECEIVERS_${i + 1}_ADDRESSES`, r.addresses.join(','), 'receivers.addresses', i);
  });
  const names = {
    password: 'MAIL_PASSWORD',
    clientSecret: 'MAIL_OAUTH_CLIENT_SECRET',
    refreshToken: 'MAIL_OAUTH_REFRESH_TOKEN',
  };
  for (const kind of secretKindsFor(p)) set(names[kind], p.secrets[kind] ?? '', `secrets.${kind}`);
  return text();
}
