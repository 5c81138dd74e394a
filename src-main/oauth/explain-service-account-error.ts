// What Google answers a service account's JWT bearer grant when the Workspace setup is
// incomplete, in words a Workspace admin can act on (the texts are Google's token endpoint's).
import { AppError, type ErrorCode } from '../../src-shared/errors';
import { describeOAuthError } from './explain-app-only-error';
import { explainOAuthError } from './explain-oauth-error';

export const DELEGATION_HINT =
  'In the Google Admin console: Security › Access and data control › API controls › Manage Domain Wide Delegation › Add new: the service account\'s Client ID (the numeric "client_id" in the key file, also on the service account\'s page) and the scope https://mail.google.com/. It can take a few minutes to apply.';

const KNOWN: { pattern: RegExp; code: ErrorCode; message: string; hint: string }[] = [
  {
    pattern: /unauthorized_client/,
    code: 'oauth_denied',
    message:
      'Google refused the service account (unauthorized_client): domain-wide delegation is not granted for it, or not for the mail scope.',
    hint: DELEGATION_HINT,
  },
  {
    pattern: /Invalid JWT Signature|invalid_signature|signature/i,
    code: 'oauth_config',
    message:
      'Google did not accept the signature: the key was deleted or replaced at Google, or belongs to another service account.',
    hint: 'Create a new key (IAM › Service accounts › this account › Keys › Add key › JSON) and import it again.',
  },
  {
    pattern: /Invalid email or User ID|invalid_subject|not in (the )?domain/i,
    code: 'oauth_denied',
    message:
      'Google refused the mailbox: it is not a user of the Workspace domain the service account is delegated in (a consumer Gmail address cannot be used).',
    hint: 'Enter the address of a mailbox in your Google Workspace domain, or grant the delegation in the domain the mailbox belongs to.',
  },
];

export function explainServiceAccountError(error: unknown): AppError {
  const text = describeOAuthError(error);
  const known = KNOWN.find((k) => k.pattern.test(text));
  if (!known) return explainOAuthError(error, 'token');
  return new AppError(
    { code: known.code, message: known.message, hint: known.hint, detail: text.slice(0, 1000) },
    { cause: error },
  );
}
