// Which profile of the config a command uses (--profile NAME, matched without regard to case as
// the app's Import matches names; or the only one), and its secrets, refusing placeholders.
import { SECRET_PLACEHOLDER, type ConfigDocument, type ExportedProfile } from '../src-shared/config-file';
import { profileSchema, type Profile } from '../src-shared/profile';
import { PLACEHOLDER_ID } from '../src-main/export/parse-config-document';
import { EXIT } from './exit-codes';
import { CliFailure } from './failure';

export function selectProfile(doc: ConfigDocument, name: string | undefined): ExportedProfile {
  const names = doc.profiles.map((p) => `"${p.name}"`).join(', ');
  if (name === undefined) {
    if (doc.profiles.length === 1) return doc.profiles[0]!;
    throw CliFailure.usage(
      `The config file has ${doc.profiles.length} profiles (${names}): say which one with --profile NAME.`,
    );
  }
  const found = doc.profiles.find((p) => p.name.toLowerCase() === name.toLowerCase());
  if (found) return found;
  throw new CliFailure(EXIT.config, {
    code: 'invalid_input',
    message: `The config file has no profile named "${name}"; it has ${names}.`,
    hint: 'Use one of those names with --profile, or export the profile from Mail Preferences.',
  });
}

/** The profile as the app's mail and incoming code take it (the file was validated as one). */
export function asProfile(exported: ExportedProfile): Profile {
  const { oauth: _oauth, secrets: _secrets, ...fields } = exported;
  return profileSchema.parse({ ...fields, id: PLACEHOLDER_ID, active: true });
}

export type SecretName = keyof ExportedProfile['secrets'];

/** A secret the command needs: present, and not the placeholder an export without secrets writes. */
export function requireSecret(exported: ExportedProfile, name: SecretName): string {
  const value = exported.secrets[name];
  if (value && value !== SECRET_PLACEHOLDER) return value;
  throw missingSecret(exported, name);
}

/** What a config file without this secret (left out, or a placeholder) is told. */
export function missingSecret(exported: ExportedProfile, name: SecretName, moreHint = ''): CliFailure {
  const value = exported.secrets[name];
  return new CliFailure(EXIT.config, {
    code: 'invalid_input',
    message: `The profile "${exported.name}" has no ${SECRET_LABELS[name]} in this config file (secrets.${name}${value ? ` is ${SECRET_PLACEHOLDER}` : ' is missing'}).`,
    hint: `Export the profile again with its secrets sealed to the server's age key (or a passphrase), or fill in the value on the server.${moreHint}`,
    fields: [{ path: `secrets.${name}`, message: `Enter the ${SECRET_LABELS[name]}.` }],
  });
}

export function optionalSecret(exported: ExportedProfile, name: SecretName): string | undefined {
  const value = exported.secrets[name];
  return value && value !== SECRET_PLACEHOLDER ? value : undefined;
}

const SECRET_LABELS: Record<SecretName, string> = {
  password: 'password',
  clientSecret: 'client secret',
  refreshToken: 'refresh token',
};
