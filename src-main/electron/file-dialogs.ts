// Export/import file choice through the OS dialogs, attached to the app window.
import type { BrowserWindow, Dialog } from 'electron';
import type { FileDialogs } from '../export/file-dialogs';

export function electronFileDialogs(
  dialog: Pick<Dialog, 'showSaveDialog' | 'showOpenDialog'>,
  getWindow: () => BrowserWindow | undefined,
): FileDialogs {
  return {
    async chooseSaveFile(defaultName) {
      const window = getWindow();
      const options = {
        title: 'Export mail profiles',
        defaultPath: defaultName,
        properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
      };
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async chooseOpenFile() {
      const window = getWindow();
      const options = {
        title: 'Import mail profiles',
        properties: ['openFile' as const],
        filters: [
          { name: 'Mail Preferences config', extensions: ['json', 'age'] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };
}
