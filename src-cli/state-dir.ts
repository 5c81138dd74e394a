// The state directory: where `mailprefs token` keeps the rotated refresh token and the current
// access token. No OS keyring exists on a headless server, so the protection is the file mode:
// the directory is 0700 and every file 0600, owned by the user running mailprefs. Writes are
// atomic (temp file, fsync, rename, fsync of the directory): a crash leaves the old state or the
// new one, never half of one, and never loses a rotated refresh token that was written.
import { chmodSync, lstatSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { writeDurably } from '../src-main/fs/atomic-file';
import { EXIT } from './exit-codes';
import { CliFailure } from './failure';

export interface StateEnvironment {
  MAILPREFS_STATE_DIR?: string | undefined;
  /** systemd's StateDirectory= sets this for the service. */
  STATE_DIRECTORY?: string | undefined;
  XDG_STATE_HOME?: string | undefined;
  HOME?: string | undefined;
}

/** --state, else $MAILPREFS_STATE_DIR, else systemd's $STATE_DIRECTORY, else $XDG_STATE_HOME/mailprefs, else ~/.local/state/mailprefs. */
export function stateDirectory(option: string | undefined, env: StateEnvironment): string {
  if (option) return path.resolve(option);
  if (env.MAILPREFS_STATE_DIR) return path.resolve(env.MAILPREFS_STATE_DIR);
  // systemd may list several directories separated by ':'; the first is the service's own.
  if (env.STATE_DIRECTORY) return path.resolve(env.STATE_DIRECTORY.split(':')[0]!);
  if (env.XDG_STATE_HOME) return path.join(path.resolve(env.XDG_STATE_HOME), 'mailprefs');
  return path.join(env.HOME || homedir(), '.local', 'state', 'mailprefs');
}

/** Creates the directory owner-only, or checks an existing one is ours and tightens its mode. */
export function ensureStateDirectory(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    if (!stat.isDirectory()) throw stateFailure(`${dir} is not a directory.`, 'Choose another --state directory.');
    const uid = process.getuid?.();
    if (uid !== undefined && stat.uid !== uid) {
      throw stateFailure(
        `The state directory ${dir} belongs to another user (uid ${stat.uid}), so its secrets are not this user's to keep.`,
        'Run mailprefs as the user who owns the directory, or choose a directory of your own with --state.',
      );
    }
    if (process.platform !== 'win32' && (stat.mode & 0o777) !== 0o700) chmodSync(dir, 0o700);
  } catch (error) {
    if (error instanceof CliFailure) throw error;
    throw stateFailure(
      `The state directory ${dir} could not be created or used (${errnoOf(error)}).`,
      'Create it for the user running mailprefs (mode 0700), or choose another with --state or MAILPREFS_STATE_DIR.',
      error,
    );
  }
}

/** The file's text, or null if there is none. A file another user could read is refused. */
export function readStateFile(file: string): string | null {
  let stat;
  try {
    stat = lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw stateFailure(`The state file ${file} could not be read.`, 'Check its owner and mode (0600).', error);
  }
  if (!stat.isFile()) throw stateFailure(`${file} is not a regular file.`, 'Remove it; mailprefs will write it again.');
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    throw stateFailure(
      `The state file ${file} can be read by other users (mode ${(stat.mode & 0o777).toString(8)}), so the tokens in it may have leaked.`,
      'Delete the file, authorize again in Mail Preferences if others may have read it, and export again.',
    );
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw stateFailure(
      `The state file ${file} could not be read (${errnoOf(error)}).`,
      'Run mailprefs as the user that owns the state directory, or give that user the file (mode 0600).',
      error,
    );
  }
}

/** Replaced whole and durably (src-main/fs/atomic-file.ts); a failure leaves the old state. */
export function writeStateFile(file: string, text: string): void {
  try {
    writeDurably(file, text);
  } catch (error) {
    throw stateFailure(
      `The state file ${file} could not be written (${errnoOf(error)}).`,
      'Check that the state directory is writable by the user running mailprefs and that the disk is not full.',
      error,
    );
  }
}

/** What the system said, for a message: the errno code (ENOSPC), or the error itself. */
export function errnoOf(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);
}

export function stateFailure(message: string, hint: string, cause?: unknown): CliFailure {
  return new CliFailure(EXIT.state, { code: 'internal', message, hint }, cause ? { cause } : undefined);
}
