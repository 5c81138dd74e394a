// What every command gets: the environment, the streams, the clock, and one redactor that knows
// every secret read so far, so no output or error text can carry one.
import type { Redactor } from '../src-main/logging/redactor';
import type { ExitCode } from './exit-codes';

export interface CliContext {
  env: NodeJS.ProcessEnv;
  /** --json: results as one JSON object on stdout, nothing on stderr. */
  json: boolean;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  redactor: Redactor;
  now: () => Date;
  askPassphrase: () => Promise<string>;
}

export interface CommandResult {
  /** What a person reads (stdout). */
  human: string;
  /** What --json prints (with ok and exitCode added). */
  json: Record<string, unknown>;
  /** Set when the command completed but found a failure (check: one server failed). */
  exitCode?: ExitCode;
  /** The output is a secret on purpose (the access token): printed as is, not redacted. */
  revealsSecret?: boolean;
  /** The explanations of what failed, printed to stderr, when exitCode is set. */
  failures?: { message: string; hint: string; detail?: string | undefined }[];
}
