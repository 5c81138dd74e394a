// Faults a real disk produces only on a bad day (full, out of descriptors, a folder that may be
// written but not read), injected into node:fs's openSync, renameSync and readFileSync: the app's named imports see the
// replacement too (syncBuiltinESMExports). Call restoreFs() after each test.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const realOpenSync = fs.openSync;
const realRenameSync = fs.renameSync;
const realReadFileSync = fs.readFileSync;

/** openSync(path, flags) throws an error with `code` where `refuses` says so; anything else opens. */
export function failOpen(refuses: (file: string, flags: fs.OpenMode) => boolean, code: string): void {
  fs.openSync = ((file: fs.PathLike, flags: fs.OpenMode = 'r', mode?: fs.Mode) => {
    if (refuses(String(file), flags)) throw Object.assign(new Error(`${code}: injected by the test`), { code });
    return realOpenSync(file, flags, mode);
  }) as typeof fs.openSync;
  syncBuiltinESMExports();
}

/** renameSync(from, to) throws an error with `code` where `refuses` says so. */
export function failRename(refuses: (from: string) => boolean, code: string): void {
  fs.renameSync = ((from: fs.PathLike, to: fs.PathLike) => {
    if (refuses(String(from))) throw Object.assign(new Error(`${code}: injected by the test`), { code });
    return realRenameSync(from, to);
  }) as typeof fs.renameSync;
  syncBuiltinESMExports();
}

/** readFileSync(path) throws an error with `code` where `refuses` says so (it does not go through openSync). */
export function failRead(refuses: (file: string) => boolean, code: string): void {
  fs.readFileSync = ((file: fs.PathOrFileDescriptor, options?: unknown) => {
    if (refuses(String(file))) throw Object.assign(new Error(`${code}: injected by the test`), { code });
    return realReadFileSync(file, options as never);
  }) as typeof fs.readFileSync;
  syncBuiltinESMExports();
}

export function restoreFs(): void {
  fs.openSync = realOpenSync;
  fs.renameSync = realRenameSync;
  fs.readFileSync = realReadFileSync;
  syncBuiltinESMExports();
}
