// The outgoing-mail side: a real SMTP conversation with the profile's server.
import { format } from 'node:util';
import nodemailer from 'nodemailer';
import type { Transcript } from '../incoming/transcript';
import { AppError } from '../../src-shared/errors';
import type { TestSendResult } from '../../src-shared/ipc';
import type { Profile, ServerSettings } from '../../src-shared/profile';
import { resolveSender, unknownSenderExplanation, type ResolvedSender } from '../../src-shared/senders';
import { TEST_SUBJECT, testMessageBody } from '../../src-shared/test-message';
import { isConnectionFailure, NOT_FAILED_OVER_AUTH } from './failover';
import { explainSmtpError } from './explain-smtp-error';
import { appOnlyContext } from './explain-app-only-refusal';
import { assertLineSafe } from '../protocol/line-guard';
import type { SMTP_TIMEOUTS, SmtpRoute } from './smtp-transport';
import { smtpOptions, type SmtpCredentials } from './smtp-transport';
import type { CancelSignal } from '../profiles/operation-guard';
import { DeadlineSignal } from './smtp-deadline';

export { TEST_SUBJECT };

export interface SendOptions {
  /** A sender per purpose (profile.senders[].purpose); omitted: the profile's From. */
  senderPurpose?: string | undefined;
  /** Shorter connection/greeting timeouts (tests); the defaults are SMTP_TIMEOUTS. */
  timeouts?: Partial<typeof SMTP_TIMEOUTS>;
  /** Tests: a local server standing in for the profile's host (smtp-transport.ts). */
  route?: SmtpRoute | undefined;
  /** How long one server's conversation may take in all (tests); the default is SMTP_DEADLINE_MS. */
  deadlineMs?: number;
}

/**
 * The test send, for the app and for `mailprefs send`: the primary SMTP server, then — only if it
 * could not be reached (failover.ts) — the alternate. The result says which one accepted the
 * message and why the primary did not.
 */
export async function sendTestMessage(
  profile: Profile,
  credentials: SmtpCredentials,
  to: string,
  now: () => Date = () => new Date(),
  transcript?: Transcript,
  /** nodemailer's own per-send signal (duck-typed): aborting closes the connection, the send stops waiting. */
  signal?: CancelSignal,
  options: SendOptions = {},
): Promise<TestSendResult> {
  const sender = resolveSender(profile, options.senderPurpose, credentials.oauth?.user ?? '');
  if (!sender) {
    throw new AppError({ code: 'invalid_input', ...unknownSenderExplanation(profile, options.senderPurpose ?? '') });
  }
  // Before any transport exists: nothing is sent when a header or envelope value is unsafe.
  assertLineSafe(
    {
      'The display name': sender.displayName,
      'The From address': sender.address,
      'The Reply-to address': profile.sender.replyTo,
    },
    'header',
  );
  assertLineSafe({ 'The recipient address': to });
  const alternate = profile.alternateOutgoing;
  let primaryFailure: AppError | null = null;
  try {
    const result = await sendVia(profile, profile.outgoing, credentials, to, sender, now, transcript, signal, options);
    return { ...result, server: { role: 'primary', ...where(profile.outgoing) }, primaryFailure: null };
  } catch (caught) {
    const { raw, explained } = caught as Failure;
    if (!alternate || signal?.aborted || !isConnectionFailure(raw, explained)) {
      if (alternate && explained.code === 'smtp_auth') {
        throw new AppError(
          { ...explained.toData(), hint: `${explained.hint} ${NOT_FAILED_OVER_AUTH}` },
          { cause: raw },
        );
      }
      throw explained;
    }
    primaryFailure = explained;
    transcript?.note(
      `Primary server failed (${explained.message}); trying the alternate ${alternate.host}:${alternate.port}.`,
    );
  }
  try {
    const result = await sendVia(profile, alternate, credentials, to, sender, now, transcript, signal, options);
    return {
      ...result,
      server: { role: 'alternate', ...where(alternate) },
      primaryFailure: { message: primaryFailure.message, code: primaryFailure.code },
    };
  } catch (caught) {
    const { raw, explained } = caught as Failure;
    throw new AppError(
      {
        ...explained.toData(),
        message: `Neither SMTP server accepted the message. Primary ${addressOf(profile.outgoing)}: ${primaryFailure.message} Alternate ${addressOf(alternate)}: ${explained.message}`,
      },
      { cause: raw },
    );
  }
}

interface Failure {
  raw: unknown;
  explained: AppError;
}

const where = (s: ServerSettings) => ({ host: s.host, port: s.port, security: s.security });
const addressOf = (s: ServerSettings) => `${s.host}:${s.port}`;

/** One attempt on one server; throws a Failure (the raw error, for the failover rule, and its explanation). */
async function sendVia(
  profile: Profile,
  server: ServerSettings,
  credentials: SmtpCredentials,
  to: string,
  sender: ResolvedSender,
  now: () => Date,
  transcript: Transcript | undefined,
  signal: CancelSignal | undefined,
  options: SendOptions,
): Promise<Omit<TestSendResult, 'server' | 'primaryFailure'>> {
  let transport: ReturnType<typeof nodemailer.createTransport> | undefined;
  const started = performance.now();
  const sentAt = now();
  // Cancel, sign-out and delete (the caller's signal), and this server's total deadline.
  const deadline = new DeadlineSignal(signal, server, options.deadlineMs);
  try {
    transport = nodemailer.createTransport({
      ...smtpOptions(profile, credentials, server, options.route),
      ...options.timeouts,
      ...(transcript ? { logger: transcriptLogger(transcript), debug: true } : {}),
    });
    const body = testMessageBody(profile.name, server, sentAt.toISOString(), profile.signature);
    const info = await transport.sendMail({
      from: { name: sender.displayName, address: sender.address },
      to,
      ...(profile.sender.replyTo ? { replyTo: profile.sender.replyTo } : {}),
      subject: TEST_SUBJECT,
      text: body.text,
      ...(body.html ? { html: body.html } : {}),
      // Supported by nodemailer 10 (README "Cancelling an individual SMTP send"); not in @types 8.
      ...({ signal: deadline } as object),
    });
    return {
      messageId: info.messageId,
      response: info.response,
      accepted: info.accepted.map(addressText),
      rejected: info.rejected.map(addressText),
      sender: sender.address,
      durationMs: Math.round(performance.now() - started),
      sentAt: sentAt.toISOString(),
      transcript: transcript?.lines ?? [],
    };
  } catch (error) {
    // A token problem surfaced through nodemailer's provisionCallback is already explained.
    const explained =
      error instanceof AppError
        ? error
        : deadline.expired
          ? (deadline.reason as AppError)
          : explainSmtpError(error, server, profile.auth.type !== 'standard', appOnlyContext(profile.auth));
    throw { raw: error, explained } satisfies Failure;
  } finally {
    deadline.dispose();
    transport?.close();
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
