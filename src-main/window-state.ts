// What main knows about the window's form: whether it holds unsaved changes (the renderer says
// so through the contract), and how to close the window once the admin has decided. The Electron
// shell wires the real window in (src-main/electron/close-guard.ts); tests drive it directly.
export class WindowState {
  unsaved = false;
  private closer: (() => void) | null = null;

  /** The shell's way to close the window for real, past the unsaved-changes guard. */
  setCloser(closer: () => void): void {
    this.closer = closer;
  }

  /** Closes the window (the admin saved or discarded); false if there is none. */
  close(): boolean {
    if (!this.closer) return false;
    this.unsaved = false;
    this.closer();
    return true;
  }
}
