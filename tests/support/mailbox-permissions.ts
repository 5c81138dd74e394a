// Exchange Online's rule for app-only tokens, for the test mail servers: a token from the client
// credentials grant names no person (introspection gives a client_id and no sub), so the server
// accepts it only for a mailbox that app was given permission on (Exchange: New-ServicePrincipal,
// then Add-MailboxPermission). Everything else gets Exchange's own reply.
import type { Introspection } from './auth-server';

/** Client id → the mailboxes its service principal has permission on. */
export type MailboxPermissions = Readonly<Record<string, readonly string[]>>;

/** What Exchange Online answers AUTH XOAUTH2 with when the app has no permission on the mailbox. */
export const EXCHANGE_APP_ONLY_REFUSAL = { code: 535, text: '5.7.3 Authentication unsuccessful' } as const;

export type AppOnlyVerdict = 'not_app_only' | 'allowed' | 'refused';

export function appOnlyVerdict(
  permissions: MailboxPermissions,
  info: Introspection,
  user: string | undefined,
): AppOnlyVerdict {
  if (!info.active || info.sub !== undefined || !info.client_id) return 'not_app_only';
  // Own property only: a client id such as "constructor" is not a key of every object.
  const granted = Object.hasOwn(permissions, info.client_id) ? permissions[info.client_id]! : [];
  const mailbox = (user ?? '').toLowerCase();
  return mailbox !== '' && granted.some((m) => m.toLowerCase() === mailbox) ? 'allowed' : 'refused';
}
