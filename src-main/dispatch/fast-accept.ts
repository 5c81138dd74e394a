// The hot requests (a test send, an incoming test, the profile list) accepted without zod when
// they are already exactly what their schema returns: the same predicates the schema uses, on
// a fresh object of the request's primitive fields. Anything else, valid or not, returns
// undefined and takes the full path (toPlainData, then the schema), which alone words the
// refusals. tests/unit/fast-accept.test.ts checks, over generated requests hostile and
// valid, that whatever this accepts the schema accepts with the same output.
//
// Why: on a test send the schema and the copy were about a third of the app's own work (cold
// code between two TLS handshakes, docs/performance.md), for a request of two strings.
import { types } from 'node:util';
import type { IpcParsedArgs } from '../../src-shared/ipc';
import type { IpcMethod } from '../../src-shared/ipc-methods';
import { PROFILE_ID_PATTERN } from '../../src-shared/profile';
import { hasControlChars, isValidEmail } from '../../src-shared/validators';
import { isPlainObject } from '../json/plain-object';

type FastAccept = { [M in IpcMethod]?: (args: unknown) => IpcParsedArgs<M> | undefined };

export const FAST_ACCEPT: Readonly<FastAccept> = Object.freeze(
  Object.assign(Object.create(null) as FastAccept, {
    listProfiles: (args: unknown) => (primitiveFields(args, NO_KEYS) ? {} : undefined),
    sendTestEmail: (args: unknown) => {
      const fields = primitiveFields(args, SEND_KEYS);
      if (!fields) return undefined;
      const { id, to, debug, sender } = fields;
      if (!isProfileId(id) || !isPlainEmail(to) || !isOptionalBoolean(debug)) return undefined;
      if (sender !== undefined && !(typeof sender === 'string' && sender.length <= 100)) return undefined;
      return 'sender' in fields ? { id, to, debug: debug ?? false, sender } : { id, to, debug: debug ?? false };
    },
    testIncoming: (args: unknown) => {
      const fields = primitiveFields(args, INCOMING_KEYS);
      if (!fields) return undefined;
      const { id, debug } = fields;
      return isProfileId(id) && isOptionalBoolean(debug) ? { id, debug: debug ?? false } : undefined;
    },
  } satisfies FastAccept),
);

const NO_KEYS: ReadonlySet<string> = new Set();
const SEND_KEYS: ReadonlySet<string> = new Set(['id', 'to', 'debug', 'sender']);
const INCOMING_KEYS: ReadonlySet<string> = new Set(['id', 'debug']);

/**
 * The request's fields, when it is a plain object (or undefined: no arguments) whose own keys are
 * all in `allowed` and are ordinary data properties holding primitives. undefined otherwise: a
 * Proxy (reading it would run its traps), a getter, a symbol or unknown key, a nested object.
 */
function primitiveFields(args: unknown, allowed: ReadonlySet<string>): Record<string, unknown> | undefined {
  if (args === undefined) return {};
  if (typeof args !== 'object' || args === null || types.isProxy(args)) return undefined;
  if (!isPlainObject(args)) return undefined; // arrays and class instances included
  const fields: Record<string, unknown> = {};
  for (const key of Reflect.ownKeys(args)) {
    if (typeof key !== 'string' || !allowed.has(key)) return undefined;
    const descriptor = Reflect.getOwnPropertyDescriptor(args, key)!;
    if (!descriptor.enumerable || !('value' in descriptor)) return undefined;
    const value: unknown = descriptor.value;
    if (typeof value === 'object' || typeof value === 'function') return undefined;
    fields[key] = value;
  }
  return fields;
}

function isProfileId(value: unknown): value is string {
  return typeof value === 'string' && PROFILE_ID_PATTERN.test(value);
}

/** What emailSchema returns unchanged: trimmed already, no control characters, at most 254. */
function isPlainEmail(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= 254 &&
    value.trim() === value &&
    !hasControlChars(value) &&
    isValidEmail(value)
  );
}

function isOptionalBoolean(value: unknown): value is boolean | undefined {
  return value === undefined || typeof value === 'boolean';
}
