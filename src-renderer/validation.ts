// Inline validation: the same zod schema main enforces, flattened to "path → first message".
import type { z } from 'zod';

export type FieldErrors = Record<string, string>;

export function fieldErrors(result: z.ZodSafeParseResult<unknown>): FieldErrors {
  if (result.success) return {};
  const out: FieldErrors = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    out[path] ??= issue.message;
  }
  return out;
}
