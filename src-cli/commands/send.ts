// mailprefs send FILE --to ADDRESS: the app's "Send test email", from the server, with the same
// SMTP conversation (src-main/mail) and the same explained errors.
import { isValidEmail } from '../../src-shared/validators';
import { Transcript } from '../../src-main/incoming/transcript';
import { sendTestMessage } from '../../src-main/mail/mail-service';
import { fileArgument, stringOption } from '../args';
import { COMMON_HELP, KEYS_HELP, PROFILE_HELP, STATE_HELP, type Command } from '../command';
import { smtpCredentials, tokenStoreFor } from '../credentials';
import { CliFailure } from '../failure';
import { loadProfile } from '../load-profile';
import { asProfile } from '../select-profile';
import { withDebug } from './debug';

export const sendCommand: Command = {
  name: 'send',
  summary: 'send a test message through the profile’s SMTP server',
  help: `Usage: mailprefs send FILE --to ADDRESS [--profile NAME] [--state DIR] [--debug] [--json]

Sends a test message to ADDRESS with the profile's SMTP server, sender and credentials
(password, or XOAUTH2 with an access token from the state directory, refreshed as needed),
and prints the server's reply and the message id.

Options:
  --to ADDRESS     the recipient (required)
${PROFILE_HELP}
${STATE_HELP}
  --debug          print the SMTP conversation (credentials removed) to stderr
${COMMON_HELP}

${KEYS_HELP}`,
  options: {
    to: { type: 'string' },
    profile: { type: 'string' },
    state: { type: 'string' },
    debug: { type: 'boolean' },
  },
  async run(ctx, args) {
    const file = fileArgument(args, 'send');
    const to = stringOption(args, 'to');
    if (!to) throw CliFailure.usage('"mailprefs send" needs the recipient: --to ADDRESS.');
    if (!isValidEmail(to)) throw CliFailure.usage(`"${to}" is not an email address (--to).`);
    const { exported } = await loadProfile(ctx, file, stringOption(args, 'profile'));
    const tokens = tokenStoreFor(ctx, exported, stringOption(args, 'state'));
    const credentials = smtpCredentials(exported, tokens);
    // Fail before connecting if there is no usable token at all (as the app does).
    if (tokens) await tokens.accessToken();
    const transcript = args.values['debug'] ? new Transcript(ctx.redactor) : undefined;
    const result = await withDebug(ctx, transcript, () =>
      sendTestMessage(asProfile(exported), credentials, to, ctx.now, transcript),
    );
    const { host, port } = exported.outgoing;
    return {
      human: `sent to ${result.accepted.join(', ')} via ${host}:${port}: ${result.response}\nmessage id ${result.messageId}`,
      json: {
        profile: exported.name,
        server: `${host}:${port}`,
        messageId: result.messageId,
        response: result.response,
        accepted: result.accepted,
        rejected: result.rejected,
        durationMs: result.durationMs,
        ...(transcript ? { transcript: transcript.lines } : {}),
      },
    };
  },
};
