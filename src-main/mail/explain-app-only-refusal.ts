// Why Exchange Online refuses a valid app-only token at the mail server, and what an Exchange
// admin runs to fix it. With an application permission the token names no mailbox: Exchange
// checks that the app has a service principal in Exchange and permission on this mailbox, and
// answers "535 5.7.3 Authentication unsuccessful" (SMTP) or "AUTHENTICATE failed" (IMAP/POP)
// when it has not. The same words serve the app's test and `mailprefs check`.
import type { ErrorCode } from '../../src-shared/errors';
import { isAppOnly } from '../../src-shared/oauth';
import type { AuthSettings } from '../../src-shared/profile';

export interface AppOnlyContext {
  clientId: string;
  mailbox: string;
}

export type MailProtocol = 'SMTP' | 'IMAP' | 'POP3';

/** The application permission each protocol needs (Office 365 Exchange Online, admin consent). */
export const APP_PERMISSIONS: Record<MailProtocol, string> = {
  SMTP: 'SMTP.SendAsApp',
  IMAP: 'IMAP.AccessAsApp',
  POP3: 'POP.AccessAsApp',
};

/** The context an app-only profile's explanations need; undefined for every other profile. */
export function appOnlyContext(auth: AuthSettings): AppOnlyContext | undefined {
  return isAppOnly(auth) && auth.type === 'microsoft' ? { clientId: auth.clientId, mailbox: auth.email } : undefined;
}

export function appOnlyRefusal(
  context: AppOnlyContext,
  protocol: MailProtocol,
  reply: string,
): { code: ErrorCode; message: string; hint: string } {
  const smtpDisabled = /SmtpClientAuthentication is disabled/i.test(reply);
  const { clientId, mailbox } = context;
  const powershell =
    `Connect-ExchangeOnline; New-ServicePrincipal -AppId ${clientId} -ObjectId <Object ID from Entra ID → Enterprise applications → this app>; ` +
    `Add-MailboxPermission -Identity ${mailbox} -User <that Object ID> -AccessRights FullAccess`;
  return {
    code: 'smtp_auth',
    message: smtpDisabled
      ? `Exchange Online refused the app's token for ${mailbox}: SMTP AUTH is turned off for this mailbox or tenant.`
      : `Exchange Online accepted the app's token but refused it for ${mailbox}${/5\.7\.(3|139)\b/.test(reply) ? ` (${reply.match(/5\.7\.(3|139)\b/)![0]})` : ''}: the app has no Exchange service principal, or no permission on this mailbox.`,
    hint: smtpDisabled
      ? `Enable Authenticated SMTP for the mailbox: Set-CASMailbox -Identity ${mailbox} -SmtpClientAuthenticationDisabled $false (Exchange Online PowerShell).`
      : `An Exchange administrator registers the app in Exchange and gives it the mailbox, in Exchange Online PowerShell: ${powershell}. ` +
        `Check too that the ${APP_PERMISSIONS[protocol]} application permission (Office 365 Exchange Online) has admin consent. Changes can take up to 30 minutes to apply.`,
  };
}
