// Start-up that cannot fail silently: a step that throws (no keyring, unreadable data folder)
// is shown in a dialog saying what failed and what to do, and the process exits non-zero,
// instead of an unhandled rejection that leaves a windowless process running.
import type { App, Dialog } from 'electron';

/** A start-up step that failed, with the step's name and the admin's way out. */
export class StartupFailure extends Error {
  constructor(
    readonly step: string,
    readonly todo: string,
    options: { cause: unknown },
  ) {
    super(`${step} failed: ${messageOf(options.cause)}`, options);
    this.name = 'StartupFailure';
  }
}

export interface StartupStep {
  step: string;
  todo: string;
}

/** The steps that depend on the machine rather than on the app, with the way out of each. */
export const STARTUP_STEPS = {
  secretStorage: {
    step: 'Opening the secret storage',
    todo: 'Unlock your desktop keyring (GNOME Keyring or KWallet on Linux; your user account on Windows and macOS), or install one, then start Mail Preferences again.',
  },
  dataFolder: (directory: string) => ({
    step: `Opening the data folder ${directory}`,
    todo: 'Check that the folder belongs to you and that the disk is neither full nor read-only, then start Mail Preferences again.',
  }),
} satisfies Record<string, StartupStep | ((arg: string) => StartupStep)>;

/** Runs one named step; if it throws, the failure names the step and what to do about it. */
export async function startupStep<T>({ step, todo }: StartupStep, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    throw new StartupFailure(step, todo, { cause });
  }
}

export const STARTUP_FAILED_TITLE = 'Mail Preferences could not start';
export const STARTUP_EXIT_CODE = 1;

/** The dialog text: what failed, then what to do. */
export function describeStartupFailure(error: unknown): string {
  if (error instanceof StartupFailure) return `${error.message}\n\nWhat to do: ${error.todo}`;
  return (
    `Starting the app failed: ${messageOf(error)}\n\n` +
    'What to do: start Mail Preferences again. If this keeps happening, start it from a terminal to see the details, and report them.'
  );
}

/** Runs start() once Electron is ready; any failure is shown and ends the process. */
export function startWhenReady(
  app: Pick<App, 'whenReady' | 'exit'>,
  dialog: Pick<Dialog, 'showErrorBox'>,
  start: () => Promise<void>,
  report: (text: string) => void = (text) => process.stderr.write(`${text}\n`),
): Promise<void> {
  return app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      const text = describeStartupFailure(error);
      report(`${STARTUP_FAILED_TITLE}: ${text}`);
      try {
        dialog.showErrorBox(STARTUP_FAILED_TITLE, text);
      } finally {
        // exit, not quit: quit waits for windows that may never have been created.
        app.exit(STARTUP_EXIT_CODE);
      }
    });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
