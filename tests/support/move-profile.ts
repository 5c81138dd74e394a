// What an admin does to move a profile to another workstation, through the app's own IPC:
// export it sealed with a passphrase from one install, import that file into another.
import type { ExportResult, ImportPreview } from '../../src-shared/config-file';
import type { ProfileView } from '../../src-shared/profile';
import type { FileDialogs } from '../../src-main/export/file-dialogs';
import type { TestHost } from './main-host';

/**
 * Exports `id` from `from` (whose save dialog must give a path) sealed with `passphrase`, and
 * imports the file into the install `makeTarget` creates (its open dialog chooses that file).
 * Returns the target and the imported profile.
 */
export async function moveProfile(
  from: TestHost,
  id: string,
  makeTarget: (dialogs: FileDialogs) => TestHost,
  passphrase = 'Moving-Day-Passphrase-42',
): Promise<{ target: TestHost; imported: ProfileView; file: string }> {
  const exported = await from.call<ExportResult>('exportProfiles', {
    ids: [id],
    format: 'json',
    secrets: { mode: 'passphrase', passphrase },
  });
  if (!exported.path) throw new Error('the export was cancelled: give the source install a save dialog');
  const file = exported.path;
  const target = makeTarget({ chooseSaveFile: async () => null, chooseOpenFile: async () => file });
  let preview = (await target.call<ImportPreview | null>('chooseImportFile'))!;
  if (preview.needs === 'passphrase') {
    preview = await target.call<ImportPreview>('previewImport', { sessionId: preview.sessionId, passphrase });
  }
  await target.call('applyImport', { sessionId: preview.sessionId });
  const name = from.services.profiles.get(id).profile.name;
  const imported = target.services.profiles.list().find((view) => view.profile.name === name);
  if (!imported) throw new Error(`no profile named ${name} after the import`);
  return { target, imported, file };
}
