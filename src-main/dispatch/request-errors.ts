// The two ways a payload can be wrong, told apart for the renderer:
// - invalid_request: the request itself is malformed (unknown method, not plain data, wrong
//   shape, unknown keys, a profile id the app never made). Only a bug or a hostile page sends
//   these; nothing on the form can fix them.
// - invalid_input: well-formed, but a setting the admin typed is not valid. `fields` names each
//   one so the form can show the message inline (ProfileEditor, validation.ts).
import type { z } from 'zod';
import type { AppErrorData } from '../../src-shared/errors';

const BUG_HINT = 'This is a bug in the app or a page that is not the app; please report it. Nothing was changed.';

export function invalidRequest(message: string): AppErrorData {
  return { code: 'invalid_request', message, hint: BUG_HINT };
}

/** Names what was asked for without calling anything on it (String(x) can run toString). */
export function unknownMethod(method: unknown): AppErrorData {
  const what = typeof method === 'string' ? JSON.stringify(method.slice(0, 64)) : `A ${typeof method} value`;
  return invalidRequest(`${what} is not something this app can do: the request names no known method.`);
}

export function notPlainData(method: string, problem: string): AppErrorData {
  return invalidRequest(`The request for "${method}" was refused because ${problem}.`);
}

// Ids, like the method name, come from the app itself: a bad one is never the admin's typing.
const ID_KEYS = new Set(['id', 'ids', 'sessionId']);

function isRequestIssue(issue: z.core.$ZodIssue): boolean {
  if (issue.path.length === 0) return true;
  if (issue.code === 'unrecognized_keys' || issue.code === 'invalid_type' || issue.code === 'invalid_union') {
    return true;
  }
  return issue.path.some((key) => typeof key === 'string' && ID_KEYS.has(key));
}

function pathOf(issue: z.core.$ZodIssue): string {
  return issue.path.map(String).join('.');
}

/** A failed contract parse as invalid_request (malformed) or invalid_input (a field the admin can fix). */
export function fromSchemaError(method: string, error: z.ZodError): AppErrorData {
  const malformed = error.issues.find(isRequestIssue);
  if (malformed) {
    const where = pathOf(malformed);
    return invalidRequest(
      `The request for "${method}" is malformed${where ? ` at "${where.slice(0, 200)}"` : ''}: ${malformed.message.slice(0, 300)}`,
    );
  }
  return invalidInput(error);
}

export function invalidInput(error: z.ZodError): AppErrorData {
  const fields = error.issues.slice(0, 50).map((issue) => ({ path: pathOf(issue), message: issue.message }));
  const first = fields[0];
  return {
    code: 'invalid_input',
    message: first
      ? `Some settings are not valid: ${first.path ? `${first.path}: ` : ''}${first.message}`
      : 'Some settings are not valid.',
    hint: 'Correct the highlighted fields and try again.',
    fields,
  };
}
