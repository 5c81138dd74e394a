// The outgoing-mail side: a real SMTP conversation with the profile's server.
import nodemailer from 'nodemailer';
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
      from: { name: sender.displayName, address: sender.fromAddress },
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
      accepted: info.accepted.map(String),
      rejected: info.rejected.map(String),
      durationMs: Math.round(performance.now() - started),
      sentAt: sentAt.toISOString(),
    };
  } catch (error) {
    throw explainSmtpError(error, profile.outgoing);
  } finally {
    transport.close();
  }
}
