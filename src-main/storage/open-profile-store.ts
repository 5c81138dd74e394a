// Start-up: read profiles.json once, bring a version-1 store (settings and vault.json apart) into
// the one-document layout, check the invariant, write the repaired document if anything changed,
// and only then drop vault.json. Each step is safe to interrupt: until the new document is
// written the old files are untouched; after it is written, a left-over vault.json is ignored
// (the document says version 2) and removed at the next start.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';
import type { Logger } from '../logging/logger';
import { emptyProfiles, STORE_VERSION, type ProfilesDocument } from '../profiles/profile-document';
import type { DocumentStore, StoreFactory } from './document-store';
import { removeLeftoverTemps } from '../fs/atomic-file';
import { ProfileStore, toDocument } from './profile-store';
import { checkStore } from './store-invariant';

export function openProfileStore(storeFactory: StoreFactory, logger: Logger, now: () => Date): ProfileStore {
  const { file, raw } = readOrExplain(() => storeFactory<ProfilesDocument>('profiles', emptyProfiles));
  const version = raw['version'];
  if (typeof version === 'number' && version > STORE_VERSION) {
    throw new AppError({
      code: 'internal',
      message: `The settings in ${file.path} were written by a newer Mail Preferences (store version ${version}).`,
      hint: 'Install that version again (or a newer one). Nothing was changed.',
    });
  }
  const vaultPath = path.join(path.dirname(file.path), 'vault.json');
  const legacy =
    version === 1 && existsSync(vaultPath)
      ? storeFactory<{ secrets?: unknown }>('vault', () => ({})).read()
      : undefined;
  const checked = checkStore(raw, legacy?.secrets, now);
  const migrated = version !== STORE_VERSION;
  if (checked.unreadable.length) {
    // Kept beside the store (ciphertext only, like the store itself) so nothing is lost silently.
    const aside = `${file.path}.unreadable-${now().getTime()}.json`;
    writeFileSync(aside, JSON.stringify(checked.unreadable, null, 2), { mode: 0o600 });
    logger.log('warn', 'store.unreadable', { count: checked.unreadable.length, file: aside });
  }
  if (migrated || checked.repairs.length) file.write(toDocument(checked.state));
  for (const repair of checked.repairs) logger.log('warn', 'store.repair', { repair });
  if (migrated && raw['version'] !== undefined)
    logger.log('info', 'store.migrated', { from: version, to: STORE_VERSION });
  if (existsSync(vaultPath)) rmSync(vaultPath, { force: true });
  removeLeftoverTemps(file.path);
  return new ProfileStore(file, checked.state, (error) =>
    logger.log('warn', 'store.deferred_write_failed', {
      code: (error as NodeJS.ErrnoException).code ?? 'unknown',
    }),
  );
}

/** conf parses the file when it opens it; either step can meet a damaged file. */
function readOrExplain(open: () => DocumentStore<ProfilesDocument>): {
  file: DocumentStore<ProfilesDocument>;
  raw: Record<string, unknown>;
} {
  let file: DocumentStore<ProfilesDocument>;
  let raw: unknown;
  try {
    file = open();
    raw = file.read();
  } catch (cause) {
    throw new AppError(
      {
        code: 'internal',
        message: `The settings file profiles.json cannot be read (${cause instanceof Error ? cause.message : 'unknown error'}). Nothing was changed.`,
        hint: 'Restore the file from a backup, or move it aside to start with no profiles.',
      },
      { cause },
    );
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new AppError({
      code: 'internal',
      message: `The settings file ${file.path} does not hold Mail Preferences settings. Nothing was changed.`,
      hint: 'Restore the file from a backup, or move it aside to start with no profiles.',
    });
  }
  return { file, raw: raw as Record<string, unknown> };
}
