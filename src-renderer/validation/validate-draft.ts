// Inline validation: the same zod schemas main enforces, flattened to "path → first message".
// Its own chunk (zod and the schemas are a quarter of the renderer): see ./validator.ts.
import type { z } from 'zod';
import type { SecretUpdate } from '../../src-shared/ipc';
import { profileSchema, type Profile } from '../../src-shared/profile';
import { secretUpdateSchema } from '../../src-shared/secret-update';
import type { FieldErrors } from './validator';

function fieldErrors(result: z.ZodSafeParseResult<unknown>): FieldErrors {
  if (result.success) return {};
  const out: FieldErrors = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    out[path] ??= issue.message;
  }
  return out;
}

/** The draft's errors; a typed secret's under "secrets.". */
export function validateDraft(profile: Profile, secrets: SecretUpdate): FieldErrors {
  const secretErrors = fieldErrors(secretUpdateSchema.safeParse(secrets));
  return {
    ...fieldErrors(profileSchema.safeParse(profile)),
    ...Object.fromEntries(Object.entries(secretErrors).map(([path, message]) => [`secrets.${path}`, message])),
  };
}
