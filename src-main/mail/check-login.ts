// "Check the login": proves an account without sending anything. SMTP AUTH on the outgoing
// server (nodemailer's verify: connect, TLS, AUTH, QUIT) and, when the profile has one, the
// incoming login. An authorization ends with it, so a freshly authorized profile shows
// "Verified: the server accepted the login" only when the servers really took the token, and a
// tenant with SMTP AUTH disabled (535 5.7.139) is caught before the first real send.
import nodemailer from 'nodemailer';
import { AppError } from '../../src-shared/errors';
import type { LoginCheck } from '../../src-shared/ipc';
import { testIncoming } from '../incoming/incoming-service';
import { affectsDelivery } from '../profiles/status-rules';
import type { Services } from '../services';
import { explainSmtpError } from './explain-smtp-error';
import { smtpCredentialsFor } from './send-test';
import { smtpOptions } from './smtp-transport';
import { DeadlineSignal } from './smtp-deadline';
import type { CancelSignal } from '../profiles/operation-guard';

/**
 * Runs the check and records its result: Verified (login accepted) or Not verified with the
 * reason. Like the test send, the write happens only if the settings the check used are still
 * the stored ones, no other result was recorded, and no sign-out or delete came meanwhile. Never throws for a refused login:
 * the answer says what failed, so an authorization that worked is not reported as failed.
 */
export async function checkLogin(
  s: Services,
  id: string,
  /** The SMTP conversation's total deadline (tests); the default is SMTP_DEADLINE_MS. */
  options: { deadlineMs?: number } = {},
): Promise<LoginCheck> {
  const checkedWith = s.profiles.stored(id);
  const { profile } = checkedWith;
  const ticket = s.guard.start(id);
  const smtp = { host: profile.outgoing.host, port: profile.outgoing.port };
  const incoming = profile.incoming ? { protocol: profile.incoming.protocol, host: profile.incoming.host } : null;
  let failure: AppError | null = null;
  try {
    const transport = nodemailer.createTransport(
      smtpOptions(profile, await smtpCredentialsFor(s, checkedWith), profile.outgoing, s.smtpRoute),
    );
    // Sign-out, delete, and the conversation's total deadline all stop the wait.
    const deadline = new DeadlineSignal(ticket.cancel, profile.outgoing, options.deadlineMs);
    try {
      await abortable(transport.verify(), deadline);
    } catch (error) {
      throw error instanceof AppError
        ? error
        : explainSmtpError(error, profile.outgoing, profile.auth.type !== 'standard');
    } finally {
      deadline.dispose();
      transport.close();
    }
    if (profile.incoming) await testIncoming(s, id, false);
  } catch (caught) {
    const error = s.guard.cancelledOr(ticket, caught);
    if (error instanceof AppError && error.code === 'cancelled') throw error;
    failure =
      error instanceof AppError
        ? error
        : new AppError({
            code: 'internal',
            message: 'The login check failed unexpectedly.',
            hint: 'Send a test email to check the account.',
          });
  }
  const checkedAt = s.now().toISOString();
  await s.profiles.applyPatch(id, (current) => {
    s.guard.assertCurrent(ticket);
    const changed =
      affectsDelivery(checkedWith.profile, current.profile) ||
      current.secrets.password !== checkedWith.secrets.password ||
      // A test send (or another check) recorded its own result meanwhile: that one stands.
      JSON.stringify(current.status) !== JSON.stringify(checkedWith.status);
    if (changed) return null;
    return {
      status: failure
        ? { state: 'not_verified', lastVerifiedSend: null, lastVerifiedLogin: null, reason: failure.message }
        : { state: 'verified', lastVerifiedSend: null, lastVerifiedLogin: checkedAt, reason: null },
    };
  });
  return failure
    ? { ok: false, checkedAt, smtp, incoming, error: failure.toData() }
    : { ok: true, checkedAt, smtp, incoming };
}

/**
 * nodemailer's verify() takes no signal: a sign-out, delete or the deadline stops waiting for it.
 * Its connection is not reachable from here; the server's silence (socketTimeout) or its own
 * close ends it.
 */
function abortable<T>(promise: Promise<T>, signal: CancelSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}
