// Start-up failures, with `electron` mocked: a step that throws (here the real safeStorage cipher
// factory on a system without encryption) ends in an error dialog and a non-zero exit.
import { describe, expect, it, vi } from 'vitest';
import { createSafeStorageCipher } from '../../../src-main/electron/safe-storage-cipher';
import {
  STARTUP_EXIT_CODE,
  STARTUP_FAILED_TITLE,
  STARTUP_STEPS,
  startupStep,
  startWhenReady,
} from '../../../src-main/electron/startup';

vi.mock('electron', () => ({}));

function fakeShell() {
  return {
    app: { whenReady: vi.fn(async () => undefined), exit: vi.fn() },
    dialog: { showErrorBox: vi.fn() },
    report: vi.fn(),
  };
}

const noEncryption = { isAsyncEncryptionAvailable: async () => false } as never;

describe('start-up', () => {
  it('shows a failing step in a dialog, with what failed and what to do, and exits non-zero', async () => {
    const { app, dialog, report } = fakeShell();
    let windowCreated = false;
    await startWhenReady(
      app,
      dialog,
      async () => {
        await startupStep(STARTUP_STEPS.secretStorage, () => createSafeStorageCipher(noEncryption, 'linux'));
        windowCreated = true;
      },
      report,
    );
    expect(windowCreated).toBe(false);
    expect(dialog.showErrorBox).toHaveBeenCalledTimes(1);
    const [title, text] = dialog.showErrorBox.mock.calls[0]!;
    expect(title).toBe(STARTUP_FAILED_TITLE);
    expect(text).toBe(
      'Opening the secret storage failed: Secret storage is not available on this system.\n\n' +
        `What to do: ${STARTUP_STEPS.secretStorage.todo}`,
    );
    expect(app.exit).toHaveBeenCalledWith(STARTUP_EXIT_CODE);
    expect(STARTUP_EXIT_CODE).not.toBe(0);
    expect(report).toHaveBeenCalledWith(expect.stringContaining('Opening the secret storage failed'));
  });

  it('explains an unexpected failure too, and still exits', async () => {
    const { app, dialog, report } = fakeShell();
    await startWhenReady(app, dialog, async () => Promise.reject(new Error('renderer bundle missing')), report);
    expect(dialog.showErrorBox.mock.calls[0]![1]).toMatch(
      /^Starting the app failed: renderer bundle missing\n\nWhat to do: start Mail Preferences again/,
    );
    expect(app.exit).toHaveBeenCalledWith(STARTUP_EXIT_CODE);
  });

  it('exits even if the dialog itself cannot be shown', async () => {
    const { app, report } = fakeShell();
    const dialog = {
      showErrorBox: vi.fn(() => {
        throw new Error('no display');
      }),
    };
    await startWhenReady(app, dialog, async () => Promise.reject(new Error('x')), report).catch(() => undefined);
    expect(app.exit).toHaveBeenCalledWith(STARTUP_EXIT_CODE);
  });

  it('neither shows a dialog nor exits when start-up succeeds', async () => {
    const { app, dialog, report } = fakeShell();
    const start = vi.fn(async () => undefined);
    await startWhenReady(app, dialog, start, report);
    expect(start).toHaveBeenCalledTimes(1);
    expect(dialog.showErrorBox).not.toHaveBeenCalled();
    expect(app.exit).not.toHaveBeenCalled();
  });
});
