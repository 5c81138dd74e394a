// Import: pick a file (main's dialog), decrypt it if sealed, validate and migrate it, show what
// will change, then apply everything in one go or nothing at all.
import path from 'node:path';
import {
  SECRET_PLACEHOLDER,
  type ConfigDocument,
  type ExportedProfile,
  type ImportChange,
  type ImportPreview,
} from '../../src-shared/config-file';
import { AppError } from '../../src-shared/errors';
import { profileSchema, type Profile, type SecretKind } from '../../src-shared/profile';
import type { Logger } from '../logging/logger';
import type { OperationGuard, Ticket } from '../profiles/operation-guard';
import type { ImportEntry, ProfileService } from '../profiles/profile-service';
import type { SecretVault } from '../vault/secret-vault';
import type { FileDialogs } from './file-dialogs';
import { decodeImportText, readImportFile } from './import-file';
import { ImportSessions } from './import-sessions';
import { parseDocument, PLACEHOLDER_ID } from './parse-config-document';

interface Session {
  fileName: string;
  bytes: Uint8Array;
  doc: ConfigDocument | null;
  /** What each name matched when the admin saw the preview: the profile and its revision, or none. */
  matched: Map<string, { id: string; revision: number } | null>;
  /** The generations of the matched profiles at the preview: a sign-out or delete since voids the import. */
  tickets: Ticket[];
}

export class ImportService {
  private readonly sessions: ImportSessions<Session>;

  constructor(
    private readonly deps: {
      profiles: ProfileService;
      vault: SecretVault;
      guard: OperationGuard;
      dialogs: FileDialogs;
      logger: Logger;
      now: () => Date;
      /** How long an import stays open between choosing the file and applying it. */
      sessionTtlMs?: number;
    },
  ) {
    this.sessions = new ImportSessions(deps.now, deps.sessionTtlMs);
  }

  async choose(): Promise<ImportPreview | null> {
    const file = await this.deps.dialogs.chooseOpenFile();
    if (!file) return null;
    const bytes = readImportFile(file);
    const sessionId = this.sessions.add({
      fileName: path.basename(file),
      bytes,
      doc: null,
      matched: new Map(),
      tickets: [],
    });
    try {
      return await this.preview(sessionId, {});
    } catch (error) {
      // The renderer never learns this session's id, so nobody could cancel it.
      this.sessions.delete(sessionId);
      throw error;
    }
  }

  async preview(sessionId: string, key: { passphrase?: string; identity?: string }): Promise<ImportPreview> {
    const session = this.sessions.get(sessionId);
    // age is loaded with the first import, not at start-up.
    const { sealedKind, openSealed } = await import('./seal');
    const sealed = sealedKind(session.bytes);
    if (sealed && !key.passphrase && !key.identity) {
      return { sessionId, fileName: session.fileName, needs: sealed, changes: [] };
    }
    // A wrong key leaves the session open for another try; a bad document ends it.
    const plaintext = sealed ? await openSealed(session.bytes, key) : session.bytes;
    let doc: ConfigDocument;
    try {
      doc = parseDocument(decodeImportText(plaintext));
    } catch (error) {
      this.sessions.delete(sessionId);
      throw error;
    }
    const matched = new Map(
      doc.profiles.map((p) => {
        const existing = this.deps.profiles.findByName(p.name);
        return [p.name, existing ? { id: existing.profile.id, revision: existing.revision } : null] as const;
      }),
    );
    // Before the session holds the document: a profile being signed out or deleted refuses its
    // ticket, and a session left with the document but without the tickets would apply unguarded.
    const tickets = [...matched.values()].flatMap((m) => (m ? [this.deps.guard.start(m.id)] : []));
    session.doc = doc;
    session.matched = matched;
    session.tickets = tickets;
    return {
      sessionId,
      fileName: session.fileName,
      needs: null,
      changes: session.doc.profiles.map((p) => this.change(p)),
    };
  }

  /** Forgets an open import and the decrypted document it holds; false if none was open. */
  cancel(sessionId: string): boolean {
    return this.sessions.delete(sessionId);
  }

  /** How many imports are open (tests and diagnostics: each may hold decrypted secrets). */
  get openSessions(): number {
    return this.sessions.size;
  }

  async apply(sessionId: string): Promise<{ applied: number }> {
    const session = this.sessions.get(sessionId);
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
        previewed: session.matched.get(exported.name) ?? null,
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
    try {
      await this.deps.profiles.importMany(entries, () => {
        for (const ticket of session.tickets) this.deps.guard.assertCurrent(ticket);
      });
    } catch (error) {
      // A sign-out or delete since the preview voids this session for good: every later apply
      // would fail the same way, while the session held the decrypted document.
      if (error instanceof AppError && error.code === 'cancelled') {
        this.sessions.delete(sessionId);
        throw new AppError({ ...error.toData(), hint: 'Choose the file again to import it.' }, { cause: error });
      }
      throw error;
    }
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
}

function withoutId(profile: Profile): Omit<Profile, 'id'> {
  const { id: _id, ...rest } = profile;
  return rest;
}

/** What a config file carries of a profile (health settings stay on the workstation). */
function toProfileFields(p: ExportedProfile): Omit<Profile, 'id' | 'active' | 'health'> {
  return {
    name: p.name,
    description: p.description,
    auth: p.auth,
    outgoing: p.outgoing,
    incoming: p.incoming,
    alternateOutgoing: p.alternateOutgoing,
    sender: p.sender,
    signature: p.signature,
    senders: p.senders,
    receivers: p.receivers,
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
    if (key === 'id' || key === 'active' || key === 'health') continue;
    const x = a[key];
    const y = b[key];
    const here = prefix ? `${prefix}.${key}` : key;
    if (x && y && typeof x === 'object' && typeof y === 'object')
      out.push(...diffPaths(x as Record<string, unknown>, y as Record<string, unknown>, here));
    else if (JSON.stringify(x) !== JSON.stringify(y)) out.push(here);
  }
  return out;
}
