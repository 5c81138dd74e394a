// mailprefs check FILE: logs in to the SMTP server (SMTP AUTH, nothing sent) and, where the
// profile has one, to the IMAP or POP3 server, with the app's code and explanations. Both are
// tried; the exit code is the first failure's.
import { appOnlyContext } from '../../src-main/mail/explain-app-only-refusal';
import nodemailer from 'nodemailer';
import type { ExportedProfile } from '../../src-shared/config-file';
import { AppError } from '../../src-shared/errors';
import { checkIncoming, explainIncomingError, isAuthFailure } from '../../src-main/incoming/incoming-service';
import { Transcript } from '../../src-main/incoming/transcript';
import { explainSmtpError } from '../../src-main/mail/explain-smtp-error';
import { transcriptLogger } from '../../src-main/mail/mail-service';
import { smtpOptions } from '../../src-main/mail/smtp-transport';
import { fileArgument, stringOption } from '../args';
import { COMMON_HELP, KEYS_HELP, PROFILE_HELP, STATE_HELP, type Command } from '../command';
import type { CliContext } from '../context';
import { incomingCredentials, smtpCredentials, tokenStoreFor } from '../credentials';
import { toFailure, type CliFailure } from '../failure';
import { loadProfile } from '../load-profile';
import { asProfile } from '../select-profile';
import type { TokenStore } from '../token-store';
import { withDebug } from './debug';

type Step = { step: 'smtp' | 'imap' | 'pop3'; server: string } & (
  { ok: true; [detail: string]: unknown } | { ok: false; exitCode: number; error: CliFailure['data'] }
);

export const checkCommand: Command = {
  name: 'check',
  summary: 'log in to the SMTP server, and to the IMAP/POP3 server where configured',
  help: `Usage: mailprefs check FILE [--profile NAME] [--state DIR] [--debug] [--json]

Logs in to the profile's SMTP server (SMTP AUTH with the password or XOAUTH2; no message is
sent) and, if the profile fetches mail, to its IMAP or POP3 server, and counts the messages.
Both are tried; the exit code is that of the first one that failed.

Options:
${PROFILE_HELP}
${STATE_HELP}
  --debug          print the protocol conversations (credentials removed) to stderr
${COMMON_HELP}

${KEYS_HELP}`,
  options: { profile: { type: 'string' }, state: { type: 'string' }, debug: { type: 'boolean' } },
  async run(ctx, args) {
    const file = fileArgument(args, 'check');
    const { exported } = await loadProfile(ctx, file, stringOption(args, 'profile'));
    const tokens = tokenStoreFor(ctx, exported, stringOption(args, 'state'));
    const debug = args.values['debug'] === true;
    const steps: Step[] = [await smtpStep(ctx, exported, tokens, debug)];
    if (exported.incoming) steps.push(await incomingStep(ctx, exported, tokens, debug));
    const failed = steps.filter((s): s is Extract<Step, { ok: false }> => !s.ok);
    return {
      human: steps.map(describe).join('\n'),
      json: { profile: exported.name, steps },
      ...(failed.length
        ? { exitCode: failed[0]!.exitCode as CliFailure['exitCode'], failures: failed.map((f) => f.error) }
        : {}),
    };
  },
};

async function smtpStep(
  ctx: CliContext,
  exported: ExportedProfile,
  tokens: TokenStore | null,
  debug: boolean,
): Promise<Step> {
  const profile = asProfile(exported);
  const server = `${profile.outgoing.host}:${profile.outgoing.port}`;
  const transcript = debug ? new Transcript(ctx.redactor) : undefined;
  const started = performance.now();
  try {
    const credentials = smtpCredentials(exported, tokens);
    if (tokens) await tokens.accessToken();
    const transport = nodemailer.createTransport({
      ...smtpOptions(profile, credentials),
      ...(transcript ? { logger: transcriptLogger(transcript), debug: true } : {}),
    });
    try {
      await withDebug(ctx, transcript, () => transport.verify());
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw explainSmtpError(error, profile.outgoing, profile.auth.type !== 'standard', appOnlyContext(exported.auth));
    } finally {
      transport.close();
    }
    const auth = credentials.oauth ? 'XOAUTH2' : credentials.password !== undefined ? 'password' : 'none';
    return { step: 'smtp', server, ok: true, auth, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    const failure = toFailure(error);
    return { step: 'smtp', server, ok: false, exitCode: failure.exitCode, error: failure.data };
  }
}

async function incomingStep(
  ctx: CliContext,
  exported: ExportedProfile,
  tokens: TokenStore | null,
  debug: boolean,
): Promise<Step> {
  const incoming = exported.incoming!;
  const server = `${incoming.host}:${incoming.port}`;
  const transcript = new Transcript(ctx.redactor);
  const started = performance.now();
  const attempt = async (force: boolean) =>
    checkIncoming(incoming, await incomingCredentials(exported, tokens, force), transcript);
  try {
    const result = await withDebug(ctx, debug ? transcript : undefined, async () => {
      try {
        try {
          return await attempt(false);
        } catch (error) {
          // An OAuth token the server refused: refresh once and try again, as the app does.
          if (!tokens || !isAuthFailure(error)) throw error;
          transcript.note('The server refused the access token; refreshing it and trying once more.');
          return await attempt(true);
        }
      } catch (error) {
        throw explainIncomingError(error, incoming, tokens !== null, appOnlyContext(exported.auth));
      }
    });
    return {
      step: incoming.protocol,
      server,
      ok: true,
      mechanism: result.mechanism,
      messages: result.messages,
      folders: result.folders,
      capabilities: result.capabilities,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    const failure = toFailure(error);
    return { step: incoming.protocol, server, ok: false, exitCode: failure.exitCode, error: failure.data };
  }
}

function describe(step: Step): string {
  const name = step.step.toUpperCase();
  if (!step.ok) return `${name} ${step.server}: FAILED (${step.error.message})`;
  if (step.step === 'smtp') return `${name} ${step.server}: ok (authentication: ${String(step['auth'])})`;
  return `${name} ${step.server}: ok (${String(step['mechanism'])}, ${String(step['messages'])} messages)`;
}
