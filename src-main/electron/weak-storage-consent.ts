// Asks the admin, once, whether to accept secrets stored without a keyring. The answer is kept
// in settings so the question is not repeated on every start.
import type { Dialog } from 'electron';

export const WEAK_STORAGE_MESSAGE = {
  title: 'No secure secret storage',
  message: 'This computer has no keyring, so passwords and tokens cannot be properly protected.',
  detail:
    'Electron would fall back to "basic_text": secrets are obscured with a fixed key, and anyone who can read ' +
    'your files can recover them. Install and unlock GNOME Keyring or KWallet and restart the app, or ' +
    'continue only on a machine you alone control.',
  buttons: ['Quit', 'Continue without protection'],
};

export async function askToAcceptWeakStorage(dialog: Pick<Dialog, 'showMessageBox'>): Promise<boolean> {
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    ...WEAK_STORAGE_MESSAGE,
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  });
  return response === 1;
}
