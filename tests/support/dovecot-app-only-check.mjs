// Dovecot checkpassword program for the test Dovecot (dovecot.ts): Exchange Online's rule for
// app-only tokens. Dovecot gives "user\0token\0" on fd 3 (the XOAUTH2 token is the "password").
// The token is introspected at the test authorization server; a token with no person (client
// credentials: a client_id, no sub) is accepted only for a mailbox its client has permission on.
// Exit 1 for anything else, so Dovecot's next passdb (oauth2, delegated tokens) decides; 111 when
// the authorization server cannot be asked. Runs as: node this-file CONFIG.json REPLY-PROGRAM.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const [configFile, reply] = process.argv.slice(2);
const REFUSED = 1;
const TEMPORARY_FAILURE = 111;

async function main() {
  const config = JSON.parse(readFileSync(configFile, 'utf8'));
  const [user = '', token = ''] = readFileSync(3).toString('utf8').split('\0');
  if (!user || !token) return REFUSED;
  let info;
  try {
    const response = await fetch(config.introspectionUrl, {
      method: 'POST',
      headers: {
        authorization: 'Basic ' + Buffer.from(`${config.rsId}:${config.rsSecret}`).toString('base64'),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token }),
      signal: AbortSignal.timeout(5000),
    });
    info = await response.json();
  } catch {
    return TEMPORARY_FAILURE;
  }
  if (info?.active !== true || info.sub !== undefined || typeof info.client_id !== 'string') return REFUSED;
  const permissions = config.permissions;
  const granted = Object.hasOwn(permissions, info.client_id) ? permissions[info.client_id] : [];
  if (!granted.some((mailbox) => mailbox.toLowerCase() === user.toLowerCase())) return REFUSED;
  // Success: run the reply program Dovecot named, with fd 4 for its answer (checkpassword protocol).
  const result = spawnSync(reply, [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ignore', 4],
    env: { ...process.env, USER: user.toLowerCase() },
  });
  return result.status ?? TEMPORARY_FAILURE;
}

main().then(
  (code) => process.exit(code),
  () => process.exit(TEMPORARY_FAILURE),
);
