// Text → config document: nesting bound → JSON → version check → migrations → schema. Every
// failure is an AppError that says what is wrong (with the JSON path) and what to do.
import type { z } from 'zod';
import {
  CONFIG_VERSION,
  configDocumentSchema,
  SECRET_PLACEHOLDER,
  type ConfigDocument,
} from '../../src-shared/config-file';
import { isAppOnly } from '../../src-shared/oauth';
import { DEFAULT_FETCH_INTERVAL, NO_SIGNATURE } from '../../src-shared/delivery';
import { AppError, type FieldError } from '../../src-shared/errors';
import { describeJsonError } from './json-error-location';
import { profileSchema } from '../../src-shared/profile';

/** A well-formed id to validate an imported profile with; the real one is made when it is applied. */
export const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

/** A real config file nests 4 levels deep; anything near this is not one (and costs stack to parse). */
export const MAX_JSON_DEPTH = 32;

/**
 * Format migrations: MIGRATIONS[n] turns a version-n document into version n+1. They run on the
 * raw JSON before validation, so each only adds or renames; the schema then checks the result.
 */
export const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {
  // 1 → 2: the settings version 1 did not have, at the values that change nothing: no alternate
  // server, the default fetch interval, no signature, no extra senders or receiver lists.
  1: (doc) => ({
    ...doc,
    profiles: Array.isArray(doc['profiles']) ? doc['profiles'].map(profileV1toV2) : doc['profiles'],
  }),
};

function profileV1toV2(profile: unknown): unknown {
  if (typeof profile !== 'object' || profile === null || Array.isArray(profile)) return profile;
  const p = profile as Record<string, unknown>;
  const incoming = p['incoming'];
  return {
    ...p,
    incoming:
      typeof incoming === 'object' && incoming !== null && !Array.isArray(incoming)
        ? { ...incoming, fetchIntervalMinutes: DEFAULT_FETCH_INTERVAL }
        : incoming,
    alternateOutgoing: null,
    signature: { ...NO_SIGNATURE },
    senders: [],
    receivers: [],
  };
}

const NOTHING_CHANGED = 'Nothing was changed.';
const CHOOSE_EXPORT = `Choose a file exported by Mail Preferences. ${NOTHING_CHANGED}`;

export function parseDocument(text: string): ConfigDocument {
  assertDepth(text, MAX_JSON_DEPTH);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // Not JSON.parse's own message, nor as a cause: it quotes the text around the error, and
    // that text may be a password typed into the file by hand.
    throw new AppError({
      code: 'invalid_input',
      message: `The file is not valid JSON (${describeJsonError(text)}).`,
      hint: `It may be truncated or edited by hand. Export it again, or fix the JSON there. ${NOTHING_CHANGED}`,
    });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    const found = raw === null ? 'null' : Array.isArray(raw) ? 'a list ([…])' : `a single ${typeof raw}`;
    throw new AppError({
      code: 'invalid_input',
      message: `The file holds ${found}, not a Mail Preferences config file (an object with "version" and "profiles").`,
      hint: CHOOSE_EXPORT,
    });
  }
  let doc = raw as Record<string, unknown>;
  const version = checkVersion(doc['version']);
  for (let v = version; v < CONFIG_VERSION; v++) {
    const migrate = MIGRATIONS[v];
    if (!migrate) throw new Error(`no migration from config version ${v}`);
    doc = { ...migrate(doc), version: v + 1 };
  }
  const parsed = configDocumentSchema.safeParse(doc);
  if (!parsed.success) throw invalidDocument(parsed.error.issues);
  assertProfilesValid(parsed.data);
  return parsed.data;
}

/** Rules that span fields (a Standard profile needs a From address) live on the profile schema. */
function assertProfilesValid(doc: ConfigDocument): void {
  const issues = doc.profiles.flatMap((exported, index): z.core.$ZodIssue[] => {
    const { oauth: _oauth, secrets, ...fields } = exported;
    const result = profileSchema.safeParse({ ...fields, id: PLACEHOLDER_ID, active: true });
    const own = result.success ? [] : result.error.issues.map((i) => ({ ...i, path: ['profiles', index, ...i.path] }));
    // A refresh token belongs to a sign-in: a Standard or app-only profile stored with one held
    // tokens and an authorization it cannot have (the next start removed them without a word).
    const refreshToken = secrets.refreshToken;
    if (
      refreshToken &&
      refreshToken !== SECRET_PLACEHOLDER &&
      (fields.auth.type === 'standard' || isAppOnly(fields.auth))
    ) {
      own.push({
        code: 'custom',
        input: undefined,
        path: ['profiles', index, 'secrets', 'refreshToken'],
        message:
          fields.auth.type === 'standard'
            ? 'A Standard profile signs in with a password and has no refresh token: remove this field.'
            : 'An app-only profile gets its tokens from its own credentials and has no refresh token: remove this field.',
      });
    }
    return own;
  });
  if (issues.length) throw invalidDocument(issues);
}

/**
 * Refuses text whose brackets nest deeper than `max`, counted outside strings, before JSON.parse
 * builds it: 100 000 nested brackets would otherwise be parsed, allocated and walked by zod.
 */
export function assertDepth(text: string, max: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) {
        throw new AppError({
          code: 'invalid_input',
          message: `The file nests lists and objects more than ${max} levels deep; a config file has 4.`,
          hint: CHOOSE_EXPORT,
        });
      }
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
}

function checkVersion(version: unknown): number {
  const refuse = (message: string, hint: string) =>
    new AppError({ code: 'invalid_input', message, hint, fields: [{ path: 'version', message }] });
  if (version === undefined) {
    throw refuse(
      'The file has no "version" field, so it is not a Mail Preferences config file.',
      `Choose a file exported by Mail Preferences; it starts with "version": ${CONFIG_VERSION}. ${NOTHING_CHANGED}`,
    );
  }
  if (typeof version === 'string' && /^\s*\d+\s*$/.test(version)) {
    throw refuse(
      `"version" is the text "${version.trim()}", but it must be the number ${version.trim()}.`,
      `Remove the quotes around the version ("version": ${version.trim()}), or export the file again. ${NOTHING_CHANGED}`,
    );
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw refuse(
      `"version" is ${JSON.stringify(version)}, which is not a config format version (this app reads version ${CONFIG_VERSION}).`,
      `Set "version": ${CONFIG_VERSION}, or export the file again. ${NOTHING_CHANGED}`,
    );
  }
  if (version > CONFIG_VERSION) {
    throw refuse(
      `The file was made by a newer Mail Preferences (format version ${version}; this app reads up to ${CONFIG_VERSION}).`,
      `Update Mail Preferences, then import the file again. ${NOTHING_CHANGED}`,
    );
  }
  return version;
}

/** profiles[0].outgoing.port: the path as an admin would write it to find the spot in the file. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

const SHOWN_PROBLEMS = 3;

function invalidDocument(issues: readonly z.core.$ZodIssue[]): AppError {
  const fields: FieldError[] = issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: jsonPath([...issue.path, key]),
          message: `Unknown field "${key}": remove it, or check its spelling (see docs/config-format.md).`,
        }))
      : [{ path: jsonPath(issue.path), message: issue.message }],
  );
  const shown = fields.slice(0, SHOWN_PROBLEMS).map((f) => `${f.path || 'file'}: ${f.message}`);
  const more = fields.length > SHOWN_PROBLEMS ? ` (and ${fields.length - SHOWN_PROBLEMS} more)` : '';
  return new AppError({
    code: 'invalid_input',
    message: `The file does not match the config format: ${shown.join('; ')}${more}`,
    hint: `Correct the field named above, or export the file again. ${NOTHING_CHANGED}`,
    fields: fields.slice(0, 20),
  });
}
