// Where export files go and import files come from: the OS dialogs in the app (Electron's dialog
// module), a temp directory in tests. The renderer never names a path itself.
export interface FileDialogs {
  chooseSaveFile(defaultName: string): Promise<string | null>;
  chooseOpenFile(): Promise<string | null>;
}

export const NO_DIALOGS: FileDialogs = {
  chooseSaveFile: async () => null,
  chooseOpenFile: async () => null,
};
