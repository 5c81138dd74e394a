// The command line: `mailprefs <command> FILE [options]`, parsed with node:util's parseArgs
// (strict: an unknown or misspelt option is a usage error, never ignored).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliFailure } from './failure';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes. */
export const COMMON_OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

export function parseCommandArgs(args: string[], options: OptionSpec): ParsedArgs {
  try {
    const { positionals, values } = parseArgs({
      args,
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
    return { positionals, values: values as ParsedArgs['values'] };
  } catch (error) {
    // parseArgs says what is wrong ("Unknown option '--prfile'"); keep its words.
    throw CliFailure.usage(error instanceof Error ? error.message : String(error));
  }
}

/** The one FILE argument a command takes. */
export function fileArgument(parsed: ParsedArgs, command: string): string {
  const [file, ...extra] = parsed.positionals;
  if (!file) throw CliFailure.usage(`"mailprefs ${command}" needs the config file: mailprefs ${command} FILE.`);
  if (extra.length) throw CliFailure.usage(`Unexpected argument "${extra[0]}" after the config file.`);
  return file;
}

export function stringOption(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}
