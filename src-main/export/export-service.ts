// Export: profiles → canonical document → chosen format → (optionally) age-sealed → atomic 0600 file.
import path from 'node:path';
import { AppError } from '../../src-shared/errors';
import type { ExportFormat, ExportResult, SecretsChoice } from '../../src-shared/config-file';
import type { ProfileService } from '../profiles/profile-service';
import type { OperationGuard } from '../profiles/operation-guard';
import type { TokenService } from '../oauth/token-service';
import { GrantHandOff } from './grant-hand-off';
import type { ProviderEndpoints } from '../oauth/endpoints';
import type { Logger } from '../logging/logger';
import type { SecretVault } from '../vault/secret-vault';
import { writeDurably, type DurableWrite } from '../fs/atomic-file';
import { buildConfigDocument } from './config-document';
import type { FileDialogs } from './file-dialogs';
import { FORMATS } from './formats';
import { sealToRecipient, sealWithPassphrase } from './seal';
import { slug } from '../fs/file-name';

export interface ExportDeps {
  profiles: ProfileService;
  vault: SecretVault;
  endpoints: ProviderEndpoints;
  dialogs: FileDialogs;
  logger: Logger;
  now: () => Date;
  appVersion: string;
  tokens: TokenService;
  guard: OperationGuard;
}

export async function renderExport(
  deps: ExportDeps,
  ids: string[],
  format: ExportFormat,
  secrets: SecretsChoice,
): Promise<{ text: string; sealed: boolean }> {
  const definition = FORMATS[format];
  if (!definition.multipleProfiles && ids.length !== 1) {
    throw new AppError({
      code: 'invalid_input',
      message: `A ${format === 'dotenv' ? '.env' : 'properties'} file configures one account, and ${ids.length} profiles were chosen.`,
      hint: 'Choose one profile, or export JSON, which holds several.',
    });
  }
  const profiles = ids.map((id) => deps.profiles.get(id));
  const doc = await buildConfigDocument(profiles, {
    includeSecrets: secrets.mode !== 'omit',
    vault: deps.vault,
    endpoints: deps.endpoints,
    generator: `Mail Preferences ${deps.appVersion}`,
    now: deps.now(),
  });
  const text = definition.render(doc);
  if (secrets.mode === 'recipient') return { text: await sealToRecipient(text, secrets.recipient), sealed: true };
  if (secrets.mode === 'passphrase') return { text: await sealWithPassphrase(text, secrets.passphrase), sealed: true };
  return { text, sealed: false };
}

export async function exportProfiles(
  deps: ExportDeps,
  ids: string[],
  format: ExportFormat,
  secrets: SecretsChoice,
): Promise<ExportResult> {
  const handOff = secrets.mode === 'omit' ? null : new GrantHandOff(deps.profiles, deps.tokens, deps.guard);
  await handOff?.prepare(ids);
  const { text, sealed } = await renderExport(deps, ids, format, secrets);
  const first = deps.profiles.get(ids[0]!).profile.name;
  const base = ids.length === 1 ? slug(first) : 'mail-profiles';
  const defaultName = `${base}.${FORMATS[format].extension}${sealed ? '.age' : ''}`;
  const target = await deps.dialogs.chooseSaveFile(defaultName);
  if (!target) return { cancelled: true, path: null, bytes: 0, sealed, profiles: ids.length };
  // The server becomes the grant's only holder before the file exists; if writing fails, the
  // app takes it back (nobody else can have seen it).
  await handOff?.commit(path.basename(target), deps.now());
  let written: DurableWrite;
  try {
    written = writeDurably(target, text);
  } catch (cause) {
    await handOff?.undo();
    throw new AppError(
      {
        code: 'internal',
        message: `The file could not be written to ${path.dirname(target)}.`,
        hint: 'Choose a folder you can write to, with free space.',
        detail: cause instanceof Error ? cause.message : String(cause),
      },
      { cause },
    );
  }
  deps.logger.log('info', 'export', { format, sealed, secrets: secrets.mode, profiles: ids.length });
  if (written.directoryNotSynced) {
    // The export counts as done (the file is there); a power cut soon could still lose it.
    deps.logger.log('warn', 'export.directory_not_synced', { code: written.directoryNotSynced });
  }
  return { cancelled: false, path: target, bytes: Buffer.byteLength(text), sealed, profiles: ids.length };
}
