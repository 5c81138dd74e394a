// Entry point of `mailprefs` (bundled to out/cli/mailprefs.mjs by `npm run build:cli`).
import { Redactor } from '../src-main/logging/redactor';
import { setLoopbackHttpAllowed } from '../src-shared/validators';
import { promptPassphrase } from './passphrase-prompt';
import { run } from './run';

// Plain http only for a test authorization server on 127.0.0.1, and only when asked for:
// everything real is https (the installed app holds the same rule).
setLoopbackHttpAllowed(process.env['MAILPREFS_ALLOW_LOOPBACK_HTTP'] === '1');

const code = await run(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  redactor: new Redactor(),
  now: () => new Date(),
  askPassphrase: () => promptPassphrase(),
});

// Flush stdout and stderr (pipes are asynchronous), then exit: a server's half-closed socket must
// not keep the process, and its caller, waiting.
await Promise.all([process.stdout, process.stderr].map((s) => new Promise((resolve) => s.write('', resolve))));
process.exit(code);
