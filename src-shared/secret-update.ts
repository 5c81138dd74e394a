// What Save sends for the secrets, apart from the contract (ipc.ts) so the renderer's validator
// loads this schema without the whole contract.
import { z } from 'zod';
import { noControlChars, type ControlCharRisk } from './safe-text';

// Secrets are sent verbatim (never trimmed), on an AUTH/PASS line or in a token request.
const secretValue = (label: string, risk: ControlCharRisk) =>
  z.string().max(8192, 'That value is too long to be a password or secret.').check(noControlChars(label, risk));

/** undefined: keep what is stored; null: forget it; string: store this new value. */
export const secretUpdateSchema = z
  .object({
    password: secretValue('The password', 'command').nullable().optional(),
    clientSecret: secretValue('The client secret', 'request').nullable().optional(),
  })
  .strict();
export type SecretUpdate = z.infer<typeof secretUpdateSchema>;
