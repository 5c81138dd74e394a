// The credentials the app's SMTP and IMAP/POP3 code take, from an exported profile: its password,
// or access tokens from the state directory's token store.
import type { ExportedProfile } from '../src-shared/config-file';
import type { IncomingCredentials } from '../src-main/incoming/imap-check';
import type { SmtpCredentials } from '../src-main/mail/smtp-transport';
import type { CliContext } from './context';
import { requireSecret } from './select-profile';
import { stateDirectory } from './state-dir';
import { TokenStore } from './token-store';

/** The token store of an OAuth profile; null for Standard (password) profiles. */
export function tokenStoreFor(ctx: CliContext, exported: ExportedProfile, stateOption: string | undefined) {
  return exported.auth.type === 'standard' ? null : requireTokenStore(ctx, exported, stateOption);
}

/** The token store; for a Standard profile, a config failure that says there is no token. */
export function requireTokenStore(ctx: CliContext, exported: ExportedProfile, stateOption: string | undefined) {
  return new TokenStore({ dir: stateDirectory(stateOption, ctx.env), exported, redactor: ctx.redactor, now: ctx.now });
}

export function smtpCredentials(exported: ExportedProfile, tokens: TokenStore | null): SmtpCredentials {
  const { auth } = exported;
  if (auth.type === 'standard') return auth.useAuthentication ? { password: requireSecret(exported, 'password') } : {};
  const store = tokens!;
  return { oauth: { user: store.user, provide: (renew) => store.accessToken({ force: renew }) } };
}

export async function incomingCredentials(
  exported: ExportedProfile,
  tokens: TokenStore | null,
  force: boolean,
): Promise<IncomingCredentials> {
  const { auth } = exported;
  if (auth.type === 'standard') return { user: auth.username, password: requireSecret(exported, 'password') };
  const store = tokens!;
  const { token } = await store.accessToken({ force });
  return { user: store.user, accessToken: token };
}
