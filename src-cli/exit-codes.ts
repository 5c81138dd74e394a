// The exit codes `mailprefs` promises to scripts (documented in docs/server-setup.md and --help),
// and which AppError codes lead to which.
import type { ErrorCode } from '../src-shared/errors';

export const EXIT = {
  ok: 0,
  /** Wrong command line: unknown command or option, missing argument, several profiles and no --profile. */
  usage: 1,
  /** The config file is unreadable, not a config file, fails the schema, or lacks a secret it needs. */
  config: 2,
  /** The provider no longer accepts the grant (revoked, expired): authorize again in the app and re-export. */
  reauthorize: 3,
  /** A server or the network failed: unreachable, timed out, TLS, an unexpected reply. Worth retrying. */
  network: 4,
  /** The sealed config could not be opened: no key given, wrong key, wrong passphrase. */
  decrypt: 5,
  /** A server refused the credentials or the message (password wrong, client secret wrong, sender refused). */
  refused: 6,
  /** The state directory could not be used (permissions, owner, a damaged state file, lock timeout). */
  state: 7,
  /** Interrupted (Ctrl-C, SIGTERM) before it finished; nothing was saved (128 + SIGINT, as shells report it). */
  cancelled: 130,
  /** A bug: please report it with the output of --json. */
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODE_HELP = `Exit codes:
  0  success
  1  usage error (unknown command or option, missing argument, no --profile with several profiles)
  2  config file invalid or unreadable (schema, version, missing secrets, unknown profile
     or sender purpose)
  3  no valid authorization: authorize again in Mail Preferences and export again, or sign
     in on this server with "mailprefs authorize --device FILE"
  4  network or server failure (unreachable, timeout, TLS, unexpected reply): retrying may help
  5  sealed config could not be decrypted (no key, wrong key, wrong passphrase)
  6  credentials or message refused by the server (password, client secret, sender, recipient)
  7  state directory unusable (permissions, owner, damaged state file, lock timeout)
 70  internal error
130  interrupted (Ctrl-C) before it finished: nothing was saved`;

const BY_ERROR_CODE: Partial<Record<ErrorCode, ExitCode>> = {
  invalid_input: EXIT.config,
  invalid_request: EXIT.usage,
  oauth_reauthorize: EXIT.reauthorize,
  cancelled: EXIT.cancelled,
  oauth_denied: EXIT.reauthorize,
  oauth_network: EXIT.network,
  oauth_timeout: EXIT.network,
  smtp_connection: EXIT.network,
  smtp_timeout: EXIT.network,
  smtp_tls: EXIT.network,
  smtp_protocol: EXIT.network,
  oauth_token: EXIT.network,
  smtp_auth: EXIT.refused,
  smtp_rejected: EXIT.refused,
  forbidden_sender: EXIT.refused,
  oauth_config: EXIT.refused,
};

export function exitCodeFor(code: ErrorCode): ExitCode {
  return BY_ERROR_CODE[code] ?? EXIT.internal;
}
