// mailprefs send FILE --to ADDRESS: the app's "Send test email", from the server, with the same
// SMTP conversation (src-main/mail): the same failover to the alternate server, the same senders
// per purpose, the same explained errors.
import type { TestSendResult } from '../../src-shared/ipc';
import { resolveSender, unknownSenderExplanation } from '../../src-shared/senders';
import { isValidEmail } from '../../src-shared/validators';
import { Transcript } from '../../src-main/incoming/transcript';
import { sendTestMessage } from '../../src-main/mail/mail-service';
import { fileArgument, stringOption } from '../args';
import { COMMON_HELP, KEYS_HELP, PROFILE_HELP, STATE_HELP, type Command } from '../command';
import { smtpCredentials, tokenStoreFor } from '../credentials';
import { EXIT } from '../exit-codes';
import { CliFailure } from '../failure';
import { loadProfile } from '../load-profile';
import { asProfile } from '../select-profile';
import { withDebug } from './debug';

export const sendCommand: Command = {
  name: 'send',
  summary: 'send a test message through the profile’s SMTP server (or its alternate)',
  help: `Usage: mailprefs send FILE --to ADDRESS [--sender PURPOSE] [--profile NAME] [--state DIR]
                      [--debug] [--json]

Sends a test message to ADDRESS with the profile's SMTP server, sender and credentials
(password, or XOAUTH2 with an access token from the state directory, refreshed as needed),
and prints which server accepted it, the server's reply and the message id.

If the profile has an alternate SMTP server and the primary cannot be reached (connection
refused, no answer in time, TLS handshake failed), the message goes to the alternate, and the
output says why the primary failed. A refused login or a refused message is not retried on the
alternate: it would get the same credentials and the same message.

Options:
  --to ADDRESS      the recipient (required)
  --sender PURPOSE  send as the profile's sender for PURPOSE (as named in the Sender section,
                    without regard to case); default: the profile's From address
${PROFILE_HELP}
${STATE_HELP}
  --debug          print the SMTP conversation (credentials removed) to stderr
${COMMON_HELP}

${KEYS_HELP}`,
  options: {
    to: { type: 'string' },
    sender: { type: 'string' },
    profile: { type: 'string' },
    state: { type: 'string' },
    debug: { type: 'boolean' },
  },
  async run(ctx, args) {
    const file = fileArgument(args, 'send');
    const to = stringOption(args, 'to');
    if (!to) throw CliFailure.usage('"mailprefs send" needs the recipient: --to ADDRESS.');
    if (!isValidEmail(to)) throw CliFailure.usage(`"${to}" is not an email address (--to).`);
    const senderPurpose = stringOption(args, 'sender');
    if (senderPurpose === '') throw CliFailure.usage('--sender needs a purpose; leave it out to use the From address.');
    const { exported } = await loadProfile(ctx, file, stringOption(args, 'profile'));
    const profile = asProfile(exported);
    // Before any token refresh or connection: a purpose the file does not have is a wrong
    // command line for this file (exit 2, like an unknown --profile), with the ones it has.
    if (senderPurpose !== undefined && !resolveSender(profile, senderPurpose)) {
      throw new CliFailure(EXIT.config, { code: 'invalid_input', ...unknownSenderExplanation(profile, senderPurpose) });
    }
    const tokens = tokenStoreFor(ctx, exported, stringOption(args, 'state'));
    const credentials = smtpCredentials(exported, tokens);
    // Fail before connecting if there is no usable token at all (as the app does).
    if (tokens) await tokens.accessToken();
    const transcript = args.values['debug'] ? new Transcript(ctx.redactor) : undefined;
    const result = await withDebug(ctx, transcript, () =>
      sendTestMessage(profile, credentials, to, ctx.now, transcript, undefined, { senderPurpose }),
    );
    return {
      human: describe(result, senderPurpose),
      json: {
        profile: exported.name,
        server: `${result.server.host}:${result.server.port}`,
        serverRole: result.server.role,
        primaryFailure: result.primaryFailure,
        sender: result.sender,
        senderPurpose: senderPurpose ?? null,
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

function describe(result: TestSendResult, senderPurpose: string | undefined): string {
  const { server, primaryFailure } = result;
  const via = `${server.host}:${server.port}${server.role === 'alternate' ? ' (the alternate server)' : ''}`;
  return [
    `sent to ${result.accepted.join(', ')} via ${via}: ${result.response}`,
    primaryFailure ? `the primary server failed, so the alternate was used: ${primaryFailure.message}` : '',
    `from ${result.sender}${senderPurpose ? ` (sender for ${JSON.stringify(senderPurpose)})` : ''}`,
    `message id ${result.messageId}`,
  ]
    .filter(Boolean)
    .join('\n');
}
