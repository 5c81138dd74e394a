// Reads an import file from disk without trusting it (fs/bounded-read.ts: a regular file, bounded,
// never blocking), and decodes it as strict UTF-8 so a file saved by another editor gets a message, not a parse error.
import { AppError } from '../../src-shared/errors';
import { readBoundedFile, UnreadableFile } from '../fs/bounded-read';

/** Far above any real export (a few KiB per profile), far below what could hurt the app. */
export const MAX_IMPORT_BYTES = 1024 * 1024;

const CHOOSE_EXPORT = 'Choose the file Mail Preferences exported (.json or .json.age).';

/** The file's bytes, or an AppError if it is not a regular file or larger than the limit. */
export function readImportFile(file: string, limit = MAX_IMPORT_BYTES): Uint8Array {
  try {
    return readBoundedFile(file, limit);
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error;
    if (error.reason === 'too_large') throw tooLarge(error.size ?? null, limit);
    if (error.reason === 'not_a_file') {
      throw new AppError({ code: 'invalid_input', message: 'That is not a regular file.', hint: CHOOSE_EXPORT });
    }
    throw new AppError({
      code: 'invalid_input',
      // Named: on a server (`mailprefs`) no dialog shows which file was meant.
      message: `The file ${file} could not be opened (${error.code}).`,
      hint: 'Check that the file exists and that you may read it, then choose it (or name it) again.',
    });
  }
}

/** size is null when the file grew while being read: all we know is that it is over the limit. */
function tooLarge(size: number | null, limit: number): AppError {
  const actual = size === null ? `more than ${kib(limit)}` : kib(size);
  return new AppError({
    code: 'invalid_input',
    message: `That file is ${actual}, larger than any config file can be (the limit is ${kib(limit)}).`,
    hint: `${CHOOSE_EXPORT} Nothing was changed.`,
  });
}

function kib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Text of an import file (or a sealed one's plaintext): UTF-8, with the BOM Notepad adds removed. Anything else is refused. */
export function decodeImportText(bytes: Uint8Array): string {
  const body = UTF8_BOM.every((b, i) => bytes[i] === b) ? bytes.subarray(UTF8_BOM.length) : bytes;
  if (body.length === 0 || /^\s*$/.test(Buffer.from(body).toString('latin1'))) {
    throw new AppError({
      code: 'invalid_input',
      message: 'The file is empty.',
      hint: `${CHOOSE_EXPORT} If you copied it to the server by hand, copy it again.`,
    });
  }
  if (looksUtf16(body)) {
    throw new AppError({
      code: 'invalid_input',
      message: 'The file is saved as UTF-16 ("Unicode"), but config files are UTF-8.',
      hint: 'Save it again as UTF-8 (in Notepad: Save as → Encoding: UTF-8), or export it again.',
    });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch (cause) {
    throw new AppError(
      {
        code: 'invalid_input',
        message: 'The file is not text (it is not valid UTF-8), so it is not a config file.',
        hint: `${CHOOSE_EXPORT} A sealed file must be the .age file exactly as exported.`,
      },
      { cause },
    );
  }
}

/** A UTF-16 byte-order mark, or ASCII text saved as UTF-16 (every other byte NUL) without one. */
function looksUtf16(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  const pairs = Math.min(Math.floor(bytes.length / 2), 8);
  if (pairs === 0) return false;
  let littleEndian = true;
  let bigEndian = true;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (bytes[i] === 0 || bytes[i + 1] !== 0) littleEndian = false;
    if (bytes[i] !== 0 || bytes[i + 1] === 0) bigEndian = false;
  }
  return littleEndian || bigEndian;
}
