// mailprefs token FILE: prints a valid access token (for msmtp's passwordeval, curl's
// --oauth2-bearer, a Java or Python token supplier), refreshing ahead of expiry.
import { fileArgument, stringOption } from '../args';
import { PROFILE_HELP, STATE_HELP, COMMON_HELP, KEYS_HELP, type Command } from '../command';
import { requireTokenStore } from '../credentials';
import { loadProfile } from '../load-profile';

export const tokenCommand: Command = {
  name: 'token',
  summary: 'print a valid OAuth access token for the profile, refreshing it when needed',
  help: `Usage: mailprefs token FILE [--profile NAME] [--state DIR] [--json]

Prints a valid OAuth 2.0 access token for the profile's mailbox on stdout, and nothing else.
The stored token is printed while it has more than 5 minutes left; otherwise the refresh
token is used once (concurrent calls wait for that one refresh), and a rotated refresh token
is kept in the state directory (0700, files 0600) for the next call. An Office 365 app-only
profile (application permission) has no refresh token: the token is minted with the client
credentials grant from the exported client secret, and only the access token is kept.

Options:
${PROFILE_HELP}
${STATE_HELP}
${COMMON_HELP}

${KEYS_HELP}

Example (msmtp):  passwordeval "mailprefs token /etc/mailprefs/mail.json.age"`,
  options: { profile: { type: 'string' }, state: { type: 'string' } },
  async run(ctx, args) {
    const file = fileArgument(args, 'token');
    const { exported } = await loadProfile(ctx, file, stringOption(args, 'profile'));
    const store = requireTokenStore(ctx, exported, stringOption(args, 'state'));
    const issued = await store.accessToken();
    return {
      revealsSecret: true,
      human: issued.token,
      json: {
        profile: exported.name,
        user: store.user,
        accessToken: issued.token,
        tokenType: 'Bearer',
        expiresAt: new Date(issued.expiresAt).toISOString(),
        refreshed: issued.refreshed,
      },
    };
  },
};
