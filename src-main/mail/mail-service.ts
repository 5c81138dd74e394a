// The outgoing-mail side: a real SMTP conversation with the profile's server.
import nodemailer from 'nodemailer';
import { AppError } from '../../src-shared/errors';
import type { TestSendResult } from '../../src-shared/ipc';
import type { Profile } from '../../src-shared/profile';
import { explainSmtpError } from './explain-smtp-error';
import { smtpOptions, type SmtpCredentials } from './smtp-transport';

export const TEST_SUBJECT = 'Mail Preferences test message';

export async function sendTestMessage(
  profile: Profile,
  credentials: SmtpCredentials,
  to: string,
  now: () => Date = () => new Date(),
): Promise<TestSendResult> {
  const transport = nodemailer.createTransport(smtpOptions(profile, credentials));
  const started = performance.now();
  const sentAt = now();
  try {
    const { sender } = profile;
    const info = await transport.sendMail({
      from: { name: sender.displayName, address: sender.fromAddress || credentials.oauth?.user || '' },
      to,
      ...(sender.replyTo ? { replyTo: sender.replyTo } : {}),
      subject: TEST_SUBJECT,
      text: [
        `This message was sent by Mail Preferences to test the profile "${profile.name}".`,
        '',
        `Server: ${profile.outgoing.host}:${profile.outgoing.port} (${profile.outgoing.security})`,
        `Sent at: ${sentAt.toISOString()}`,
        '',
        'If you received it, the account can send mail.',
      ].join('\n'),
    });
    return {
      messageId: info.messageId,
      response: info.response,
      accepted: info.accepted.map(addressText),
      rejected: info.rejected.map(addressText),
      durationMs: Math.round(performance.now() - started),
      sentAt: sentAt.toISOString(),
    };
  } catch (error) {
    // A token problem surfaced through nodemailer's provisionCallback is already explained.
    if (error instanceof AppError) throw error;
    throw explainSmtpError(error, profile.outgoing, profile.auth.type !== 'standard');
  } finally {
    transport.close();
  }
}

function addressText(value: string | { address: string }): string {
  return typeof value === 'string' ? value : value.address;
}
