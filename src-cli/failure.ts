// A failure with the exit code it ends the command with. Everything thrown below main() becomes
// one: an AppError keeps its explanation and gets the exit code its error code maps to.
import { AppError, type AppErrorData } from '../src-shared/errors';
import { EXIT, exitCodeFor, type ExitCode } from './exit-codes';

export class CliFailure extends Error {
  constructor(
    readonly exitCode: ExitCode,
    readonly data: AppErrorData,
    options?: { cause?: unknown },
  ) {
    super(data.message, options);
    this.name = 'CliFailure';
  }

  static usage(message: string, hint = 'Run "mailprefs --help" for the commands and their options.'): CliFailure {
    return new CliFailure(EXIT.usage, { code: 'invalid_request', message, hint });
  }
}

/** The same explanation with another exit code (an unseal failure is "decrypt", not "config"). */
export function withExitCode(error: unknown, exitCode: ExitCode): CliFailure {
  const failure = toFailure(error);
  return new CliFailure(exitCode, failure.data, { cause: error });
}

export function toFailure(error: unknown): CliFailure {
  if (error instanceof CliFailure) return error;
  if (error instanceof AppError) return new CliFailure(exitCodeFor(error.code), error.toData(), { cause: error });
  return new CliFailure(
    EXIT.internal,
    {
      code: 'internal',
      message: `Unexpected error: ${error instanceof Error ? error.message : String(error)}`,
      hint: 'This is a bug in mailprefs; please report it with the command and this output.',
    },
    { cause: error },
  );
}
