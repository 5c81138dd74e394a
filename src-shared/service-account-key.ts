// A Google service account key file (the JSON the Cloud console downloads), read as hostile
// input: only the fields a JWT bearer grant needs are taken, each checked. The private key goes
// to the vault as the profile's client secret; client_email and private_key_id into the form.
import { isValidEmail } from './validators';

export interface ServiceAccountKey {
  clientEmail: string;
  privateKeyId: string;
  /**
   * The private key as one line: the PKCS#8 DER in base64, the PEM without its header, footer and
   * line breaks. What the vault keeps as the profile's client secret (secrets are single-line
   * values everywhere: IPC, exports, the server command).
   */
  privateKey: string;
  tokenUri: string;
}

/** The key file is small (about 2.3 KB): anything far larger is not one. */
const MAX_KEY_FILE = 64 * 1024;
const PEM = /^-----BEGIN PRIVATE KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PRIVATE KEY-----\r?\n?$/;

export type KeyParse = { ok: true; key: ServiceAccountKey } | { ok: false; message: string };

export function parseServiceAccountKey(text: string): KeyParse {
  const fail = (message: string): KeyParse => ({ ok: false, message });
  if (text.length > MAX_KEY_FILE) return fail('That is not a service account key file: it is far too large.');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return fail('That is not JSON. Paste the whole key file downloaded from Google Cloud (Keys › Add key › JSON).');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return fail('The key file must be a JSON object.');
  const field = (name: string) => {
    const value = Object.hasOwn(doc, name) ? (doc as Record<string, unknown>)[name] : undefined;
    return typeof value === 'string' ? value : undefined;
  };
  if (field('type') !== 'service_account') {
    return fail(
      'This JSON is not a service account key ("type" is not "service_account"). An OAuth client file goes into Client ID and Client secret instead.',
    );
  }
  const clientEmail = field('client_email') ?? '';
  if (!isValidEmail(clientEmail)) return fail('The key file has no valid "client_email".');
  const privateKeyId = field('private_key_id') ?? '';
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(privateKeyId)) return fail('The key file has no valid "private_key_id".');
  const pem = field('private_key') ?? '';
  if (!PEM.test(pem)) return fail('The key file\'s "private_key" is not a PEM private key.');
  const privateKey = pem.replace(/-----(BEGIN|END) PRIVATE KEY-----|\s/g, '');
  const tokenUri = field('token_uri') ?? '';
  if (!/^https:\/\/[^\s/]+\/\S*$/.test(tokenUri))
    return fail('The key file\'s "token_uri" is not an https:// address.');
  return { ok: true, key: { clientEmail, privateKeyId, privateKey, tokenUri } };
}
