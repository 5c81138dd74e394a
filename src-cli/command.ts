// The shape of one subcommand: its options, its --help text, and what it does.
import type { OptionSpec, ParsedArgs } from './args';
import type { CliContext, CommandResult } from './context';

export interface Command {
  name: string;
  summary: string;
  /** The full --help text of the command. */
  help: string;
  options: OptionSpec;
  run(ctx: CliContext, args: ParsedArgs): Promise<CommandResult>;
}

export const PROFILE_HELP = `  --profile NAME   the profile to use (names match without regard to case);
                   needed when the file holds more than one`;
export const STATE_HELP = `  --state DIR      where tokens are kept (default: $MAILPREFS_STATE_DIR, systemd's
                   $STATE_DIRECTORY, $XDG_STATE_HOME/mailprefs, ~/.local/state/mailprefs)`;
export const COMMON_HELP = `  --json           one JSON object on stdout ({"ok":…,"exitCode":…}), nothing on stderr
  -h, --help       this help`;
export const KEYS_HELP = `A sealed FILE is opened with the age key in $AGE_IDENTITY_FILE, or the passphrase in
$MAILPREFS_PASSPHRASE (else asked for on the terminal, without echo).`;
