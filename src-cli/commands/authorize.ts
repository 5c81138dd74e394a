// mailprefs authorize --device FILE: the grant is born on the server that uses it. The provider
// hands out a user code (RFC 8628); the admin enters it in any browser, on any device, and signs
// in with the mailbox; the refresh token goes straight into this server's state directory and
// never travels in a file. The polling, slow_down and the errors are the app's own device grant.
import { AppError } from '../../src-shared/errors';
import { isAppOnly, type OAuthAuth } from '../../src-shared/oauth';
import type { ExportedProfile } from '../../src-shared/config-file';
import { deviceCodeGrant, GOOGLE_DEVICE_REFUSAL } from '../../src-main/oauth/grants/device-code';
import type { GrantedTokens } from '../../src-main/oauth/grants/store-grant';
import { providerAtTokenEndpoint } from '../../src-main/oauth/refresh-grant';
import type { ResolvedProvider } from '../../src-main/oauth/resolve-provider';
import { fileArgument, stringOption } from '../args';
import { COMMON_HELP, KEYS_HELP, PROFILE_HELP, STATE_HELP, type Command } from '../command';
import type { CliContext } from '../context';
import { requireTokenStore } from '../credentials';
import { EXIT } from '../exit-codes';
import { CliFailure } from '../failure';
import { loadProfile } from '../load-profile';
import { optionalSecret } from '../select-profile';
import type { TokenStore } from '../token-store';

export const authorizeCommand: Command = {
  name: 'authorize',
  summary: 'sign in on this server with a code entered in any browser (--device)',
  help: `Usage: mailprefs authorize --device FILE [--profile NAME] [--state DIR] [--json]

Creates the profile's grant on this server, so its refresh token is born where it is used and
never travels in a file. The provider gives a short code: open the address shown in a browser
on any device (a phone will do), enter the code and sign in with the profile's mailbox. The
command waits at the interval the provider asks for and ends when the sign-in is done, refused,
or the code expires (Ctrl-C stops it; nothing is saved). The tokens go to the state directory
(0700, files 0600); "mailprefs token" and "mailprefs send" use them from then on.

Works with Office 365 (delegated) and generic providers that offer device sign-in; the app
registration must allow public client flows (Microsoft: Authentication › "Allow public client
flows" = Yes). Google does not allow the Gmail scope in its device flow: authorize in Mail
Preferences instead, or use a Workspace service account. App-only profiles need no sign-in.

Options:
  --device         sign in with a code (the only way on a server without a browser)
${PROFILE_HELP}
${STATE_HELP}
${COMMON_HELP}
                   (here two objects, one per line: the code when it is issued, then the result)

${KEYS_HELP}`,
  options: { device: { type: 'boolean' }, profile: { type: 'string' }, state: { type: 'string' } },
  async run(ctx, args) {
    const file = fileArgument(args, 'authorize');
    if (!args.values['device']) {
      throw CliFailure.usage(
        'mailprefs authorize signs in with a code only: add --device.',
        'Run: mailprefs authorize --device FILE. (The browser sign-in with a redirect runs in Mail Preferences on a workstation.)',
      );
    }
    const { exported } = await loadProfile(ctx, file, stringOption(args, 'profile'));
    const auth = delegatedAuth(exported);
    const store = requireTokenStore(ctx, exported, stringOption(args, 'state'));
    const provider = await deviceProvider(exported, auth);
    const stored = await signIn(ctx, exported, auth, provider, store);
    const account = stored.account ?? store.user;
    return {
      human: `Authorized ${account} on this server. The grant is kept in ${stored.statePath}; "mailprefs token" and "mailprefs send" use it from now on.`,
      json: {
        event: 'authorized',
        profile: exported.name,
        user: store.user,
        account: stored.account,
        stateFile: stored.statePath,
        refreshToken: stored.refreshToken,
        expiresAt: new Date(stored.expiresAt).toISOString(),
      },
    };
  },
};

/** Only a person's sign-in makes a grant: not a password profile, not an app-only one, not Google. */
function delegatedAuth(exported: ExportedProfile): OAuthAuth {
  const { auth } = exported;
  if (auth.type === 'standard') {
    throw new CliFailure(EXIT.config, {
      code: 'invalid_input',
      message: `The profile "${exported.name}" signs in with a password: there is nothing to authorize.`,
      hint: 'Use "mailprefs send" or "mailprefs check" with it directly.',
    });
  }
  if (isAppOnly(auth)) {
    throw new CliFailure(EXIT.config, {
      code: 'invalid_input',
      message: `The profile "${exported.name}" uses the app's own credential (no sign-in): there is nothing to authorize.`,
      hint: 'Use "mailprefs token" or "mailprefs send": the token is minted from the exported credential.',
    });
  }
  if (auth.type === 'google') throw new CliFailure(EXIT.config, GOOGLE_DEVICE_REFUSAL.toData());
  return auth;
}

async function deviceProvider(exported: ExportedProfile, auth: OAuthAuth): Promise<ResolvedProvider> {
  const oauth = exported.oauth!;
  if (!oauth.deviceAuthorizationEndpoint) {
    throw new CliFailure(EXIT.config, {
      code: 'invalid_input',
      message: `The config file names no device sign-in address for "${exported.name}" (oauth.deviceAuthorizationEndpoint).`,
      hint: "Export the profile again with this version of Mail Preferences. If it still has none, the provider's metadata offers no device sign-in: authorize in Mail Preferences instead.",
      fields: [{ path: 'oauth.deviceAuthorizationEndpoint', message: 'missing.' }],
    });
  }
  const scopes = oauth.scope.split(/\s+/).filter(Boolean);
  const atEndpoint = await providerAtTokenEndpoint({
    clientId: auth.clientId,
    tokenEndpoint: oauth.tokenEndpoint,
    clientAuthMethod: oauth.clientAuthMethod,
    clientSecret: optionalSecret(exported, 'clientSecret'),
    deviceAuthorizationEndpoint: oauth.deviceAuthorizationEndpoint,
  });
  return { ...atEndpoint, scopes, extraParams: {}, openid: scopes.includes('openid'), forgetMetadata: () => undefined };
}

interface Stored {
  statePath: string;
  expiresAt: number;
  account: string | null;
  /** Whether the provider gave a refresh token (without one the grant ends with the access token). */
  refreshToken: boolean;
}

async function signIn(
  ctx: CliContext,
  exported: ExportedProfile,
  auth: OAuthAuth,
  provider: ResolvedProvider,
  store: TokenStore,
): Promise<Stored> {
  const interrupted = new AbortController();
  const onSignal = () =>
    interrupted.abort(
      new AppError({
        code: 'cancelled',
        message: 'The sign-in was interrupted: nothing was saved.',
        hint: 'Run "mailprefs authorize --device" again when you are ready; the code shown before no longer counts.',
      }),
    );
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const session = await deviceCodeGrant.start<Stored>({
      profileId: exported.name,
      auth,
      provider,
      ticket: { profileId: exported.name, generation: 0, signal: interrupted.signal, cancel: interrupted.signal },
      logger: { log: () => undefined, flush: () => undefined, close: () => undefined, file: '' },
      cancelledOr: (error) => (interrupted.signal.aborted ? interrupted.signal.reason : error),
      store: (tokens) => keep(exported, store, tokens),
    });
    try {
      const device = session.start.device!;
      const expiresAt = new Date(ctx.now().getTime() + (session.expiresInMs ?? 0));
      prompt(ctx, device, expiresAt);
      return await session.outcome;
    } finally {
      await session.cancel();
    }
  } catch (error) {
    // The app's words for an expired code name its button; on a server the step is the command.
    if (error instanceof AppError && error.code === 'oauth_timeout') {
      throw new CliFailure(
        EXIT.network,
        { ...error.toData(), hint: 'Run "mailprefs authorize --device" again and enter the new code within its time.' },
        { cause: error },
      );
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The code, where the admin sees it: on stderr for a person, a JSON line on stdout for a script. */
function prompt(
  ctx: CliContext,
  device: { userCode: string; verificationUri: string; verificationUriComplete: string | null },
  expiresAt: Date,
): void {
  if (ctx.json) {
    ctx.stdout.write(
      `${JSON.stringify({
        ok: true,
        event: 'device_code',
        userCode: device.userCode,
        verificationUri: device.verificationUri,
        verificationUriComplete: device.verificationUriComplete,
        expiresAt: expiresAt.toISOString(),
      })}\n`,
    );
    return;
  }
  const until = expiresAt.toISOString().replace('T', ' ').slice(0, 16);
  ctx.stderr.write(
    [
      'To sign in, open this address in a browser on any device:',
      '',
      `    ${device.verificationUri}`,
      '',
      `and enter the code:  ${device.userCode}`,
      '',
      `Sign in with the profile's mailbox. The code works until ${until} UTC. Waiting… (Ctrl-C stops.)`,
      '',
    ].join('\n'),
  );
}

/** The signed-in account must be the profile's mailbox: a grant for another would send as someone else. */
async function keep(exported: ExportedProfile, store: TokenStore, tokens: GrantedTokens): Promise<Stored> {
  const account = tokens.account;
  if (account && account.includes('@') && account.toLowerCase() !== store.user.toLowerCase()) {
    throw new CliFailure(EXIT.reauthorize, {
      code: 'oauth_denied',
      message: `Signed in as ${account}, but the profile "${exported.name}" sends as ${store.user}: nothing was saved.`,
      hint: `Run "mailprefs authorize --device" again and sign in with ${store.user} (in a private browser window if another account is signed in).`,
    });
  }
  const saved = await store.storeGrant(tokens);
  return { ...saved, account, refreshToken: tokens.refreshToken !== null };
}
