// Reads a file the user chose without trusting it: a regular file only, bounded in size before
// and during the read, and never blocking. Callers word the refusal for what they read (an
// import, a certificate).
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Why a file was not read: it could not be opened, it is not a regular file, or it is over the limit. */
export class UnreadableFile extends Error {
  constructor(
    readonly reason: 'open' | 'not_a_file' | 'too_large',
    /** open: the system's error code. */
    readonly code?: string,
    /** too_large: the size fstat gave, or null when the file grew while being read. */
    readonly size?: number | null,
  ) {
    super(`unreadable file: ${reason}${code ? ` (${code})` : ''}`);
  }
}

/**
 * Non-blocking where there is such a thing: opening a named pipe (FIFO) for reading waits for a
 * writer, and this open is synchronous, so choosing one froze the app's main process (or
 * mailprefs) for good. A regular file reads the same either way; fstat refuses the rest.
 */
const OPEN_FOR_READING = process.platform === 'win32' ? 'r' : constants.O_RDONLY | constants.O_NONBLOCK;

/** The file's bytes; throws UnreadableFile. */
export function readBoundedFile(file: string, limit: number): Uint8Array {
  let fd: number;
  try {
    fd = openSync(file, OPEN_FOR_READING);
  } catch (cause) {
    throw new UnreadableFile('open', (cause as NodeJS.ErrnoException).code ?? 'unknown error');
  }
  try {
    // fstat on the open descriptor: the same file we read, even if the path is swapped meanwhile.
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new UnreadableFile('not_a_file');
    if (stat.size > limit) throw new UnreadableFile('too_large', undefined, stat.size);
    // Read at most limit + 1 bytes: a file that grew after the stat is still caught, never read whole.
    const buffer = Buffer.alloc(limit + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > limit) throw new UnreadableFile('too_large', undefined, null);
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}
