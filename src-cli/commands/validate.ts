// mailprefs validate FILE: the app's Import checks (version, schema, unknown fields, with field
// paths), plus what a server needs on top: the secrets each profile signs in with, present and
// not placeholders, and a token endpoint that may receive them.
import type { ConfigDocument, ExportedProfile } from '../../src-shared/config-file';
import type { FieldError } from '../../src-shared/errors';
import { isAppOnly } from '../../src-shared/oauth';
import { isSecureUrl, secureUrlMessage } from '../../src-shared/validators';
import { fileArgument, stringOption } from '../args';
import { COMMON_HELP, KEYS_HELP, type Command } from '../command';
import { EXIT } from '../exit-codes';
import { CliFailure } from '../failure';
import { loadConfig } from '../load-profile';
import { optionalSecret, selectProfile, type SecretName } from '../select-profile';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check the config file: format version, schema (with field paths), secrets present',
  help: `Usage: mailprefs validate FILE [--profile NAME] [--json]

Checks FILE as Mail Preferences' Import does (format version, every field, unknown fields,
with the path of each problem, e.g. profiles[0].outgoing.port), and that every profile (or
the one named) has the secrets it signs in with: not left out, not ${'__SET_ON_SERVER__'}.
A sealed FILE is opened first, so a wrong key is found here too.

Options:
  --profile NAME   check only this profile
${COMMON_HELP}

${KEYS_HELP}`,
  options: { profile: { type: 'string' } },
  async run(ctx, args) {
    const file = fileArgument(args, 'validate');
    const { doc, sealed } = await loadConfig(ctx, file);
    const name = stringOption(args, 'profile');
    const profiles = name === undefined ? doc.profiles : [selectProfile(doc, name)];
    const problems = profiles.flatMap((p) => serverProblems(p, doc.profiles.indexOf(p)));
    if (problems.length) {
      throw new CliFailure(EXIT.config, {
        code: 'invalid_input',
        message: `The config file is valid, but not ready for the server: ${problems
          .slice(0, 3)
          .map((f) => `${f.path}: ${f.message}`)
          .join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`,
        hint: "Export the profiles again with their secrets sealed to the server's age key (or a passphrase), or fill in the values.",
        fields: problems,
      });
    }
    return {
      human: [
        `${file}: valid config (version ${doc.version}, ${sealedText(sealed)}, exported ${doc.exportedAt} by ${doc.generator})`,
        ...profiles.map(
          (p) =>
            `  ${p.name}: ${p.auth.type}, SMTP ${p.outgoing.host}:${p.outgoing.port}${incomingText(p)}${
              signsInOnServer(p) ? `\n    ${SIGN_IN_HERE}` : ''
            }`,
        ),
      ].join('\n'),
      json: {
        version: doc.version,
        sealed,
        generator: doc.generator,
        exportedAt: doc.exportedAt,
        profiles: profiles.map((p) => ({
          name: p.name,
          authType: p.auth.type,
          smtp: `${p.outgoing.host}:${p.outgoing.port}`,
          incoming: p.incoming ? `${p.incoming.protocol} ${p.incoming.host}:${p.incoming.port}` : null,
          signInOnServer: signsInOnServer(p),
        })),
      },
    };
  },
};

/**
 * A delegated profile exported before anyone authorized it, for a grant made on the server: no
 * refresh token in the file is then expected, not a problem.
 */
export function signsInOnServer(p: ExportedProfile): boolean {
  return (
    p.auth.type !== 'standard' &&
    !isAppOnly(p.auth) &&
    p.secrets.refreshToken === undefined &&
    Boolean(p.oauth?.deviceAuthorizationEndpoint)
  );
}

function serverProblems(p: ExportedProfile, index: number): FieldError[] {
  const at = (path: string, message: string) => ({ path: `profiles[${index}].${path}`, message });
  const clientSecret: SecretName[] = p.oauth?.clientAuthMethod === 'none' ? [] : ['clientSecret'];
  const needed: SecretName[] =
    p.auth.type === 'standard'
      ? p.auth.useAuthentication
        ? ['password']
        : []
      : isAppOnly(p.auth)
        ? ['clientSecret']
        : signsInOnServer(p)
          ? clientSecret
          : ['refreshToken', ...clientSecret];
  const problems = needed
    .filter((secret) => optionalSecret(p, secret) === undefined)
    .map((secret) =>
      at(
        `secrets.${secret}`,
        `missing or a placeholder: the server cannot sign in without it${
          secret === 'refreshToken' && p.oauth?.deviceAuthorizationEndpoint
            ? ' (or remove the placeholder and sign in here: mailprefs authorize --device FILE)'
            : ''
        }.`,
      ),
    );
  if (p.auth.type !== 'standard') {
    if (!p.oauth) problems.push(at('oauth', 'missing: an OAuth profile needs its token endpoint, user and scope.'));
    else if (!isSecureUrl(p.oauth.tokenEndpoint)) problems.push(at('oauth.tokenEndpoint', secureUrlMessage()));
  }
  return problems;
}

const SIGN_IN_HERE =
  'No refresh token in the file: sign in on this server once with "mailprefs authorize --device FILE" (the grant is then kept in the state directory).';

function sealedText(sealed: 'identity' | 'passphrase' | null): string {
  return sealed === 'identity'
    ? 'sealed to an age key'
    : sealed === 'passphrase'
      ? 'sealed with a passphrase'
      : 'not sealed';
}

function incomingText(p: ConfigDocument['profiles'][number]): string {
  return p.incoming ? `, ${p.incoming.protocol.toUpperCase()} ${p.incoming.host}:${p.incoming.port}` : '';
}
