// Reads an exported config the way the app's Import does (bounded read, strict UTF-8, the same
// parser with field paths), opening a sealed file first: with the age key in AGE_IDENTITY_FILE,
// or the passphrase in MAILPREFS_PASSPHRASE, else asked for on the terminal.
import { readFileSync } from 'node:fs';
import type { ConfigDocument } from '../src-shared/config-file';
import { AppError } from '../src-shared/errors';
import { decodeImportText, readImportFile } from '../src-main/export/import-file';
import { parseDocument } from '../src-main/export/parse-config-document';
import { openSealed, sealedKind } from '../src-main/export/seal';
import { EXIT } from './exit-codes';
import { CliFailure, withExitCode } from './failure';

export interface ConfigEnvironment {
  AGE_IDENTITY_FILE?: string | undefined;
  MAILPREFS_PASSPHRASE?: string | undefined;
}

export interface ReadConfig {
  doc: ConfigDocument;
  sealed: 'identity' | 'passphrase' | null;
}

export async function readConfig(
  file: string,
  env: ConfigEnvironment,
  askPassphrase: () => Promise<string>,
): Promise<ReadConfig> {
  const bytes = readOrExplain(file);
  const sealed = configStep(() => sealedKind(bytes));
  let plaintext = bytes;
  if (sealed === 'identity') plaintext = await unsealWithIdentity(bytes, env.AGE_IDENTITY_FILE);
  else if (sealed === 'passphrase') {
    const passphrase = env.MAILPREFS_PASSPHRASE || (await askPassphrase());
    plaintext = await unsealOrExplain(bytes, { passphrase });
  }
  // Sealed or not, the same strict reading: UTF-8 (a BOM dropped), or a refusal.
  const text = configStep(() => decodeImportText(plaintext));
  return { doc: configStep(() => parseDocument(text)), sealed };
}

function readOrExplain(file: string): Uint8Array {
  return configStep(() => readImportFile(file));
}

async function unsealWithIdentity(bytes: Uint8Array, identityFile: string | undefined): Promise<Uint8Array> {
  if (!identityFile) {
    throw new CliFailure(EXIT.decrypt, {
      code: 'invalid_input',
      message: "The config file is sealed to an age key, and AGE_IDENTITY_FILE does not say where the server's key is.",
      hint: 'Set AGE_IDENTITY_FILE to the key file made with age-keygen (the one whose age1… public key was given at export).',
    });
  }
  const identities = readIdentities(identityFile);
  let last: unknown;
  for (const identity of identities) {
    try {
      return await openSealed(bytes, { identity });
    } catch (error) {
      last = error;
    }
  }
  throw withExitCode(last, EXIT.decrypt);
}

/** The AGE-SECRET-KEY-1… lines of an age identity file (comments and blank lines skipped). */
function readIdentities(identityFile: string): string[] {
  let text: string;
  try {
    text = readFileSync(identityFile, 'utf8');
  } catch (cause) {
    throw new CliFailure(
      EXIT.decrypt,
      {
        code: 'invalid_input',
        message: `The age key file ${identityFile} (AGE_IDENTITY_FILE) could not be read (${(cause as NodeJS.ErrnoException).code ?? 'error'}).`,
        hint: 'Check the path and that the user running mailprefs may read the file.',
      },
      { cause },
    );
  }
  const identities = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.startsWith('AGE-SECRET-KEY-'));
  if (!identities.length) {
    throw new CliFailure(EXIT.decrypt, {
      code: 'invalid_input',
      message: `${identityFile} (AGE_IDENTITY_FILE) holds no age secret key.`,
      hint: 'Point AGE_IDENTITY_FILE at the file age-keygen wrote: it has a line starting with AGE-SECRET-KEY-1.',
    });
  }
  return identities;
}

async function unsealOrExplain(bytes: Uint8Array, key: { passphrase: string }): Promise<Uint8Array> {
  try {
    return await openSealed(bytes, key);
  } catch (error) {
    throw withExitCode(error, EXIT.decrypt);
  }
}

/** Reading and parsing failures are config failures (exit 2), with the parser's explanation. */
function configStep<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof AppError) throw withExitCode(error, EXIT.config);
    throw error;
  }
}
