// Asks for the passphrase on the terminal without echoing it (MAILPREFS_PASSPHRASE is for
// scripts). Reads the controlling terminal in raw mode, so nothing typed appears on screen.
import type { ReadStream } from 'node:tty';
import { CliFailure } from './failure';
import { EXIT } from './exit-codes';

const MAX_PASSPHRASE = 1024;

export async function promptPassphrase(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
): Promise<string> {
  const tty = input as ReadStream;
  if (!tty.isTTY || typeof tty.setRawMode !== 'function') {
    throw new CliFailure(EXIT.decrypt, {
      code: 'invalid_input',
      message: 'The config file is sealed with a passphrase, and there is no terminal to ask for it.',
      hint: "Set MAILPREFS_PASSPHRASE in the environment of the service (an EnvironmentFile or systemd credential only the service user can read), or seal the export to the server's age key and set AGE_IDENTITY_FILE.",
    });
  }
  // Echo off before the prompt shows, so nothing typed in answer to it can be echoed.
  tty.setRawMode(true);
  output.write('Passphrase for the config file: ');
  tty.resume();
  tty.setEncoding('utf8');
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = '';
      const onData = (chunk: string) => {
        for (const char of chunk) {
          if (char === '\r' || char === '\n' || char === '\u0004') {
            tty.off('data', onData);
            return resolve(typed);
          }
          if (char === '\u0003') {
            tty.off('data', onData);
            // Ctrl-C: an interruption, reported as shells do (130), not a usage error (1).
            return reject(
              new CliFailure(EXIT.cancelled, {
                code: 'cancelled',
                message: 'Cancelled at the passphrase prompt: nothing was read or saved.',
                hint: 'Run the command again.',
              }),
            );
          }
          if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
          else if (typed.length < MAX_PASSPHRASE) typed += char;
        }
      };
      tty.on('data', onData);
    });
  } finally {
    tty.setRawMode(false);
    tty.pause();
    output.write('\n');
  }
}
