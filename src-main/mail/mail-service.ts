// The outgoing-mail side: a real SMTP conversation with the profile's server.
import { format } from 'node:util';
import nodemailer from 'nodemailer';
import type { Transcript } from '../incoming/transcript';
import { AppError } from '../../src-shared/errors';
import type { TestSendResult } from '../../src-shared/ipc';
import type { Profile } from '../../src-shared/profile';
import { explainSmtpError } from './explain-smtp-error';
import { assertLineSafe } from '../protocol/line-guard';
import { smtpOptions, type SmtpCredentials } from './smtp-transport';

export const TEST_SUBJECT = 'Mail Preferences test message';

export async function sendTestMessage(
  profile: Profile,
  credentials: SmtpCredentials,
  to: string,
  now: () => Date = () => new Date(),
  transcript?: Transcript,
  /** nodemailer's own per-send signal: aborting closes the connection, the send stops waiting. */
  signal?: AbortSignal,
): Promise<TestSendResult> {
  const { sender } = profile;
  const fromAddress = sender.fromAddress || credentials.oauth?.user || '';
  // Before the transport exists: nothing is sent when a header or envelope value is unsafe.
  assertLineSafe(
    { 'The display name': sender.displayName, 'The From address': fromAddress, 'The Reply-to address': sender.replyTo },
    'header',
  );
  assertLineSafe({ 'The recipient address': to });
  const transport = nodemailer.createTransport({
    ...smtpOptions(profile, credentials),
    ...(transcript ? { logger: transcriptLogger(transcript), debug: true } : {}),
  });
  const started = performance.now();
  const sentAt = now();
  try {
    const info = await transport.sendMail({
      from: { name: sender.displayName, address: fromAddress },
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
      // Supported by nodemailer 10 (README "Cancelling an individual SMTP send"); not in @types 8.
      ...(signal ? ({ signal } as object) : {}),
    });
    return {
      messageId: info.messageId,
      response: info.response,
      accepted: info.accepted.map(addressText),
      rejected: info.rejected.map(addressText),
      durationMs: Math.round(performance.now() - started),
      sentAt: sentAt.toISOString(),
      transcript: transcript?.lines ?? [],
    };
  } catch (error) {
    // A token problem surfaced through nodemailer's provisionCallback is already explained.
    if (error instanceof AppError) throw error;
    throw explainSmtpError(error, profile.outgoing, profile.auth.type !== 'standard');
  } finally {
    transport.close();
  }
}

/** nodemailer's logger interface, feeding the SMTP conversation into the transcript. */
export function transcriptLogger(transcript: Transcript) {
  const log = (entry: { tnx?: string }, message: string, ...args: unknown[]) => {
    const text = format(message, ...args);
    if (entry?.tnx === 'client') transcript.client(text);
    else if (entry?.tnx === 'server') transcript.server(text);
    else if (entry?.tnx === 'network' || entry?.tnx === 'smtp') transcript.note(text);
  };
  return { trace: log, debug: log, info: log, warn: log, error: log, fatal: log, level: () => undefined };
}

function addressText(value: string | { address: string }): string {
  return typeof value === 'string' ? value : value.address;
}
