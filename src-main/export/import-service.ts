// Import: pick a file (main's dialog), decrypt it if sealed, validate and migrate it, show what
// will change, then apply everything in one go or nothing at all.
import { randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import {
  CONFIG_VERSION,
  configDocumentSchema,
  SECRET_PLACEHOLDER,
  type ConfigDocument,
  type ExportedProfile,
  type ImportChange,
  type ImportPreview,
} from '../../src-shared/config-file';
import { AppError } from '../../src-shared/errors';
import { profileSchema, type Profile, type SecretKind } from '../../src-shared/profile';
import type { Logger } from '../logging/logger';
import type { ImportEntry, ProfileService } from '../profiles/profile-service';
import type { SecretVault } from '../vault/secret-vault';
import type { FileDialogs } from './file-dialogs';
import { sealedKind, unseal } from './seal';

const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Format migrations: MIGRATIONS[n] turns a version-n document into version n+1. */
export const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {};

interface Session {
  fileName: string;
  bytes: Uint8Array;
  doc: ConfigDocument | null;
}

export class ImportService {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly deps: {
      profiles: ProfileService;
      vault: SecretVault;
      dialogs: FileDialogs;
      logger: Logger;
      now: () => Date;
    },
  ) {}

  async choose(): Promise<ImportPreview | null> {
    const file = await this.deps.dialogs.chooseOpenFile();
    if (!file) return null;
    const size = statSync(file).size;
    if (size > MAX_FILE_BYTES) {
      throw new AppError({
        code: 'invalid_input',
        message: `That file is ${Math.round(size / 1024)} KiB, far larger than any config file.`,
        hint: 'Choose the file Mail Preferences exported (.json or .json.age).',
      });
    }
    const sessionId = randomUUID();
    this.sessions.set(sessionId, { fileName: path.basename(file), bytes: readFileSync(file), doc: null });
    return this.preview(sessionId, {});
  }

  async preview(sessionId: string, key: { passphrase?: string; identity?: string }): Promise<ImportPreview> {
    const session = this.session(sessionId);
    const sealed = sealedKind(session.bytes);
    if (sealed && !key.passphrase && !key.identity) {
      return { sessionId, fileName: session.fileName, needs: sealed, changes: [] };
    }
    const text = sealed ? await unseal(session.bytes, key) : Buffer.from(session.bytes).toString('utf8');
    session.doc = parseDocument(text);
    return {
      sessionId,
      fileName: session.fileName,
      needs: null,
      changes: session.doc.profiles.map((p) => this.change(p)),
    };
  }

  async apply(sessionId: string): Promise<{ applied: number }> {
    const session = this.session(sessionId);
    if (!session.doc) {
      throw new AppError({
        code: 'invalid_input',
        message: 'The file has not been read yet.',
        hint: 'Preview the import first.',
      });
    }
    const entries: ImportEntry[] = [];
    for (const exported of session.doc.profiles) {
      const profile = profileSchema.parse({ ...toProfileFields(exported), id: PLACEHOLDER_ID, active: true });
      const imported = realSecrets(exported);
      entries.push({
        profile: withoutId(profile),
        // Encrypted before the transaction; replace-or-create is decided inside it, by name.
        secrets: await this.deps.vault.seal(imported),
        authorization: imported.refreshToken
          ? {
              account: exported.oauth?.user || null,
              scopes: exported.oauth?.scope.split(' ').filter(Boolean) ?? [],
              accessTokenExpiresAt: null,
              hasRefreshToken: true,
              authorizedAt: this.deps.now().toISOString(),
              lastRefreshAt: null,
            }
          : null,
      });
    }
    // All or nothing: every profile and its secrets in one store transaction.
    await this.deps.profiles.importMany(entries);
    this.sessions.delete(sessionId);
    this.deps.logger.log('info', 'import', { profiles: entries.length });
    return { applied: entries.length };
  }

  private change(exported: ExportedProfile): ImportChange {
    const existing = this.deps.profiles.findByName(exported.name);
    const secrets = Object.keys(realSecrets(exported));
    if (!existing) return { name: exported.name, action: 'create', changedFields: [], secrets };
    const next = toProfileFields(exported);
    const current = existing.profile as unknown as Record<string, unknown>;
    const changedFields = diffPaths(current, next as unknown as Record<string, unknown>, '');
    return { name: exported.name, action: 'update', changedFields, secrets };
  }

  private session(sessionId: string): Session {
    const session = this.sessions.get(sessionId);
    if (!session) {
      throw new AppError({
        code: 'not_found',
        message: 'That import is no longer open.',
        hint: 'Choose the file again.',
      });
    }
    return session;
  }
}

/** Validates like a stored profile; the real id is assigned inside the import transaction. */
const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

function withoutId(profile: Profile): Omit<Profile, 'id'> {
  const { id: _id, ...rest } = profile;
  return rest;
}

function toProfileFields(p: ExportedProfile): Omit<Profile, 'id' | 'active'> {
  return {
    name: p.name,
    description: p.description,
    auth: p.auth,
    outgoing: p.outgoing,
    incoming: p.incoming,
    sender: p.sender,
  };
}

function realSecrets(p: ExportedProfile): Partial<Record<SecretKind, string>> {
  return Object.fromEntries(
    Object.entries(p.secrets).filter(([, value]) => value && value !== SECRET_PLACEHOLDER),
  ) as Partial<Record<SecretKind, string>>;
}

function diffPaths(a: Record<string, unknown>, b: Record<string, unknown>, prefix: string): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out: string[] = [];
  for (const key of keys) {
    if (key === 'id' || key === 'active') continue;
    const x = a[key];
    const y = b[key];
    const here = prefix ? `${prefix}.${key}` : key;
    if (x && y && typeof x === 'object' && typeof y === 'object')
      out.push(...diffPaths(x as Record<string, unknown>, y as Record<string, unknown>, here));
    else if (JSON.stringify(x) !== JSON.stringify(y)) out.push(here);
  }
  return out;
}

/** JSON → version check → migrations → schema. Every failure names what is wrong and where. */
export function parseDocument(text: string): ConfigDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new AppError(
      {
        code: 'invalid_input',
        message: `The file is not valid JSON (${cause instanceof Error ? cause.message : 'parse error'}).`,
        hint: 'It may be truncated or edited by hand. Export it again, or fix the JSON.',
      },
      { cause },
    );
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new AppError({
      code: 'invalid_input',
      message: 'The file is not a Mail Preferences config file.',
      hint: 'Choose a file exported by Mail Preferences.',
    });
  }
  let doc = raw as Record<string, unknown>;
  const version = doc['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new AppError({
      code: 'invalid_input',
      message: 'The file has no valid "version", so it is not a Mail Preferences config file.',
      hint: 'Choose a file exported by Mail Preferences.',
      fields: [{ path: 'version', message: 'Expected a whole number.' }],
    });
  }
  if (version > CONFIG_VERSION) {
    throw new AppError({
      code: 'invalid_input',
      message: `The file was written by a newer Mail Preferences (format version ${version}; this app reads up to ${CONFIG_VERSION}).`,
      hint: 'Update Mail Preferences, then import the file again. Nothing was changed.',
    });
  }
  for (let v = version; v < CONFIG_VERSION; v++) {
    const migrate = MIGRATIONS[v];
    if (!migrate) throw new Error(`no migration from config version ${v}`);
    doc = { ...migrate(doc), version: v + 1 };
  }
  const parsed = configDocumentSchema.safeParse(doc);
  if (!parsed.success) throw invalidDocument(parsed.error);
  return parsed.data;
}

function invalidDocument(error: z.ZodError): AppError {
  const fields = error.issues
    .slice(0, 20)
    .map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  const first = fields[0];
  return new AppError({
    code: 'invalid_input',
    message: `The file does not match the config format${first ? `: ${first.path || 'file'}: ${first.message}` : ''}.`,
    hint: 'Correct the field named above, or export the file again. Nothing was changed.',
    fields,
  });
}
