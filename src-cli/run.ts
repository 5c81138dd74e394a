// Dispatches `mailprefs <command> …`: parses the arguments, runs the command, prints its result
// or its failure, and returns the exit code. No process.exit here, so tests can call it.
import { parseCommandArgs } from './args';
import type { Command } from './command';
import { authorizeCommand } from './commands/authorize';
import { checkCommand } from './commands/check';
import { sendCommand } from './commands/send';
import { tokenCommand } from './commands/token';
import { validateCommand } from './commands/validate';
import type { CliContext } from './context';
import { EXIT, EXIT_CODE_HELP, type ExitCode } from './exit-codes';
import { CliFailure, toFailure } from './failure';
import { printFailure, printResult } from './output';
import { VERSION } from './version';

export const COMMANDS: Command[] = [tokenCommand, sendCommand, checkCommand, validateCommand, authorizeCommand];

export const MAIN_HELP = `mailprefs ${VERSION}: use a Mail Preferences export on a server.

Usage: mailprefs <command> FILE [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run "mailprefs <command> --help" for a command's options.

FILE is a JSON config exported by Mail Preferences: plain, sealed to the server's age key
(set AGE_IDENTITY_FILE to the key file), or sealed with a passphrase (set
MAILPREFS_PASSPHRASE, or type it at the prompt).

Environment:
  AGE_IDENTITY_FILE     age key file (from age-keygen) for files sealed to a key
  MAILPREFS_PASSPHRASE  passphrase for files sealed with one
  MAILPREFS_STATE_DIR   where tokens are kept (see "mailprefs token --help")

${EXIT_CODE_HELP}

Guide: docs/server-setup.md`;

export async function run(argv: string[], ctx: Omit<CliContext, 'json'>): Promise<ExitCode> {
  const [name, ...rest] = argv;
  const json = rest.includes('--json') || argv.includes('--json');
  const out = { stdout: ctx.stdout, stderr: ctx.stderr, redactor: ctx.redactor, json };
  try {
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
      ctx.stdout.write(`${topic ? topic.help : MAIN_HELP}\n`);
      return name ? EXIT.ok : EXIT.usage;
    }
    if (name === '--version' || name === '-V') {
      ctx.stdout.write(`${VERSION}\n`);
      return EXIT.ok;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) {
      throw CliFailure.usage(
        `Unknown command "${name}".`,
        `Use one of: ${COMMANDS.map((c) => c.name).join(', ')}. Run "mailprefs --help".`,
      );
    }
    const args = parseCommandArgs(rest, command.options);
    if (args.values['help']) {
      ctx.stdout.write(`${command.help}\n`);
      return EXIT.ok;
    }
    const result = await command.run({ ...ctx, json }, args);
    printResult(out, result);
    return result.exitCode ?? EXIT.ok;
  } catch (error) {
    const failure = toFailure(error);
    printFailure(out, failure);
    return failure.exitCode;
  }
}
