// Seals an export for the server with age (age-encryption, the reference format), so the
// standard `age -d` opens it: to the server's X25519 public key, or with a passphrase (scrypt).
import { armor, Decrypter, Encrypter } from 'age-encryption';
import { AppError } from '../../src-shared/errors';

export async function sealToRecipient(text: string, recipient: string): Promise<string> {
  const encrypter = new Encrypter();
  encrypter.addRecipient(recipient);
  return armor.encode(await encrypter.encrypt(text));
}

export async function sealWithPassphrase(text: string, passphrase: string): Promise<string> {
  assertStrongPassphrase(passphrase);
  const encrypter = new Encrypter();
  encrypter.setPassphrase(passphrase);
  return armor.encode(await encrypter.encrypt(text));
}

const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
const BINARY_HEADER = 'age-encryption.org/v1';

/** Whether a file is age-sealed, and with what kind of key. */
export function sealedKind(bytes: Uint8Array): 'passphrase' | 'identity' | null {
  const body = withoutBom(bytes);
  const head = Buffer.from(body.subarray(0, 4096)).toString('latin1');
  let header: string;
  if (head.trimStart().startsWith(ARMOR_BEGIN)) {
    header = Buffer.from(decodeArmor(Buffer.from(body).toString('utf8').trim()))
      .subarray(0, 1024)
      .toString('latin1');
  } else if (head.startsWith(BINARY_HEADER)) {
    header = head;
  } else {
    return null;
  }
  return /\n-> scrypt /.test(header) ? 'passphrase' : 'identity';
}

/** The armor's bytes; a cut or re-wrapped armor is the admin's to fix, said as such (not a bug). */
function decodeArmor(text: string): Uint8Array {
  try {
    return armor.decode(text);
  } catch (cause) {
    throw new AppError(
      {
        code: 'invalid_input',
        message: `The sealed file is damaged or incomplete: its text armor could not be read (${cause instanceof Error ? cause.message : String(cause)}).`,
        hint: 'Copy the file again exactly as it was exported, from the BEGIN AGE ENCRYPTED FILE line to the END line, without re-wrapping its lines.',
      },
      { cause },
    );
  }
}

/**
 * An armored file opened and saved again in an editor (Windows Notepad) gains a UTF-8 BOM; it was
 * then not seen as sealed and was refused as "not valid JSON". The armor itself is ASCII, so the
 * BOM can only be the editor's. (Its CRLF line ends the armor decoder takes as they are.)
 */
function withoutBom(bytes: Uint8Array): Uint8Array {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/**
 * The plaintext of a sealed file, as bytes: this only decrypts. Read them as text with
 * decodeImportText, as strictly as an unsealed file (a sealed Latin-1 file was decoded loosely,
 * its secrets silently changed to U+FFFD), and as a step of its own: a wrong key may be tried
 * again, a file that is not UTF-8 may not.
 */
export async function openSealed(
  bytes: Uint8Array,
  key: { passphrase?: string; identity?: string },
): Promise<Uint8Array> {
  const body = withoutBom(bytes);
  const text = Buffer.from(body).toString('utf8');
  const binary = text.trimStart().startsWith(ARMOR_BEGIN) ? decodeArmor(text.trim()) : body;
  const decrypter = new Decrypter();
  if (key.passphrase) decrypter.addPassphrase(key.passphrase);
  if (key.identity) {
    if (!/^AGE-SECRET-KEY-1[0-9A-Z]+$/.test(key.identity.trim())) {
      throw new AppError({
        code: 'invalid_input',
        message: 'That is not an age secret key.',
        hint: "Paste the key file's line that starts with AGE-SECRET-KEY-1.",
        fields: [{ path: 'identity', message: 'Paste the AGE-SECRET-KEY-1… line.' }],
      });
    }
    decrypter.addIdentity(key.identity.trim());
  }
  let plaintext: Uint8Array;
  try {
    plaintext = await decrypter.decrypt(binary);
  } catch (cause) {
    throw new AppError(
      {
        code: 'invalid_input',
        message: key.passphrase
          ? 'The file could not be decrypted with that passphrase.'
          : 'The file could not be decrypted with that key.',
        hint: key.passphrase
          ? 'Check the passphrase (it is case-sensitive) and try again.'
          : 'Use the secret key that belongs to the public key the file was sealed to.',
      },
      { cause },
    );
  }
  return plaintext;
}

/**
 * A passphrase must survive an offline guessing attack on a file that may be copied anywhere:
 * at least 12 characters with three kinds of character, or a long passphrase of words.
 */
export function passphraseProblem(passphrase: string): string | null {
  if (passphrase.length >= 20 && new Set(passphrase.toLowerCase()).size >= 10) return null;
  if (passphrase.length < 12) return 'Use at least 12 characters (or 20+ for a passphrase of words).';
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((re) => re.test(passphrase)).length;
  if (kinds < 3) return 'Mix at least three of: lower case, upper case, digits, symbols, or use 20+ characters.';
  if (/^(.)\1+$/.test(passphrase) || /password|passphrase|123456|qwerty/i.test(passphrase)) {
    return 'That passphrase is too easy to guess.';
  }
  return null;
}

function assertStrongPassphrase(passphrase: string): void {
  const problem = passphraseProblem(passphrase);
  if (problem) {
    throw new AppError({
      code: 'invalid_input',
      message: 'That passphrase is too weak to protect a file that leaves this computer.',
      hint: problem,
      fields: [{ path: 'secrets.passphrase', message: problem }],
    });
  }
}
