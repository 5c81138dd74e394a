// "Send test email" for any profile: gathers the credentials (password from the vault, or the
// token service for OAuth), sends, and records the verification. Sign-out and delete win: they
// abort the send (the connection is closed) and its status write never runs.
import { AppError } from '../../src-shared/errors';
import type { TestSendResult } from '../../src-shared/ipc';
import type { Services } from '../services';
import { sendTestMessage } from './mail-service';
import type { SmtpCredentials } from './smtp-transport';
import { Transcript, withTranscript } from '../incoming/transcript';
import { affectsDelivery } from '../profiles/status-rules';
import type { StoredProfile } from '../profiles/profile-document';

export async function sendTestEmail(
  s: Services,
  id: string,
  to: string,
  debug = false,
  /** A sender per purpose (profile.senders[].purpose); omitted: the profile's From. */
  senderPurpose?: string,
): Promise<TestSendResult> {
  const sentWith = s.profiles.stored(id);
  const ticket = s.guard.start(id);
  const { profile } = sentWith;
  const transcript = debug ? new Transcript(s.redactor) : undefined;
  let result: TestSendResult;
  try {
    const credentials = await smtpCredentialsFor(s, sentWith);
    result = await sendTestMessage(profile, credentials, to, s.now, transcript, ticket.cancel, {
      senderPurpose,
      route: s.smtpRoute,
    });
  } catch (caught) {
    const error = s.guard.cancelledOr(ticket, caught);
    // With debug on, the conversation up to the failure is part of the explanation.
    if (transcript && error instanceof AppError) throw withTranscript(error, transcript);
    throw error;
  }
  // Verified means "these settings delivered mail": written inside the transaction, and only if
  // what the send used is still what is stored (an edit made during the send voids it) and no
  // sign-out or delete came meanwhile (then `cancelled`, and nothing is written).
  await s.profiles.applyPatch(id, (current) => {
    s.guard.assertCurrent(ticket);
    // The credentials the send used: a new password, or a new client secret (an app-only token
    // is minted with it), was not what delivered this message.
    const credentialsChanged =
      current.secrets.password !== sentWith.secrets.password ||
      current.secrets.clientSecret !== sentWith.secrets.clientSecret;
    return credentialsChanged || affectsDelivery(sentWith.profile, current.profile)
      ? null
      : { status: { state: 'verified', lastVerifiedSend: result.sentAt, reason: null } };
  });
  return result;
}

/** What SMTP AUTH needs for the stored record (the caller has looked it up already). */
export async function smtpCredentialsFor(s: Services, record: StoredProfile): Promise<SmtpCredentials> {
  const { profile } = record;
  const { id, auth } = profile;
  if (auth.type === 'standard') {
    if (!auth.useAuthentication) return {};
    const password = await s.vault.open(record, 'password');
    if (password === undefined) {
      throw new AppError({
        code: 'invalid_input',
        message: 'No password is stored for this profile.',
        hint: 'Enter the password in the Authentication section, save, and send the test again.',
        fields: [{ path: 'secrets.password', message: 'Enter the password.' }],
      });
    }
    return { password };
  }
  const user = s.tokens.mailbox(profile);
  // Fail before connecting if there is no usable token at all.
  await s.tokens.accessToken(id);
  return { oauth: { user, provide: (renew) => s.tokens.accessToken(id, { force: renew }) } };
}
