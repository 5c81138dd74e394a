// The one entry point below the transport: dispatch(method, args) validates the payload against
// the contract, runs the handler, and always resolves to a serializable Result. The Electron IPC
// layer and the Playwright test bridge both call exactly this.
import type { z } from 'zod';
import { AppError, type AppErrorData, type Result } from '../src-shared/errors';
import { ipcContract, type IpcParsedArgs, type IpcResults } from '../src-shared/ipc';
import { isIpcMethod, type IpcMethod } from '../src-shared/ipc-methods';
import { FAST_ACCEPT } from './dispatch/fast-accept';
import { toPlainData } from './dispatch/plain-data';
import { fromSchemaError, invalidRequest, notPlainData, unknownMethod } from './dispatch/request-errors';
import { NOT_VERIFIED } from './profiles/profile-document';
import type { Services } from './services';
import type * as SendTest from './mail/send-test';
import type * as Incoming from './incoming/incoming-service';
import type * as Export from './export/export-service';
import type * as Revoke from './oauth/revoke';
import { applySealed } from './vault/secret-vault';
import { importCertificateFiles, unlockPkcs12, saveCertificateFile } from './oauth/certificate-file';

// Loaded on first use, not at start-up: nodemailer, imapflow, age and oauth4webapi stay out of
// the start path (the renderer's first call, listProfiles, needs none of them). The function is
// kept once loaded, and later calls go straight to it: a repeated import() resolves the module
// again on every call (through the loader's hooks where there are any), which cost a test send
// about as much as its store write, and even awaiting the loaded module is a turn on its path.
function loadedOnFirstCall<M, A extends unknown[], R>(
  load: () => Promise<M>,
  pick: (module: M) => (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  let loaded: ((...args: A) => Promise<R>) | undefined;
  let loading: Promise<(...args: A) => Promise<R>> | undefined;
  return (...args) => {
    if (loaded) return loaded(...args);
    loading ??= load().then(
      (module) => (loaded = pick(module)),
      (error: unknown) => {
        loading = undefined; // a failed load is tried again next time
        throw error;
      },
    );
    return loading.then((fn) => fn(...args));
  };
}
const sendTestEmail = loadedOnFirstCall(
  () => import('./mail/send-test'),
  (m: typeof SendTest) => m.sendTestEmail,
);
const testIncoming = loadedOnFirstCall(
  () => import('./incoming/incoming-service'),
  (m: typeof Incoming) => m.testIncoming,
);
const exportProfiles = loadedOnFirstCall(
  () => import('./export/export-service'),
  (m: typeof Export) => m.exportProfiles,
);
const revokeAtProvider = loadedOnFirstCall(
  () => import('./oauth/revoke'),
  (m: typeof Revoke) => m.revokeAtProvider,
);

export type Handlers = { [M in IpcMethod]: (args: IpcParsedArgs<M>) => Promise<IpcResults[M]> | IpcResults[M] };

export function createHandlers(s: Services): Handlers {
  return {
    getAppInfo: () => ({ version: s.appVersion, cipherBackend: s.vault.backend, dataDirectory: s.dataDirectory }),
    listProfiles: () => s.profiles.list(),
    createProfile: ({ name, authType, discovered }) => s.profiles.create(name, authType, discovered),
    saveProfile: async ({ profile, secrets, baseRevision }) => {
      // A generated certificate's key joins the save that names its thumbprint (never the window).
      const view = await s.profiles.save(
        profile,
        s.certificates.secretsForSave(profile, secrets, storedThumbprint(s, profile.id)),
        baseRevision,
      );
      const { auth } = view.profile;
      if (auth.type === 'microsoft') s.certificates.saved(profile.id, auth.certificateThumbprint);
      return view;
    },
    renameProfile: ({ id, name }) => s.profiles.rename(id, name),
    duplicateProfile: ({ id }) => s.profiles.duplicate(id),
    deleteProfile: async ({ id, revokeServerGrant }) => {
      const { profile } = s.profiles.get(id);
      // Delete wins: the flow, a refresh, a test send in flight are aborted and write nothing, and
      // none can start until it is done (operation-guard.ts, `shut`).
      const reopen = s.guard.shut(id, 'Cancelled because the profile was deleted');
      try {
        // Revoke first (best effort): once deleted, the refresh token is gone and cannot be revoked.
        if (profile.auth.type !== 'standard') await revokeAtProvider(profile, s, { revokeServerGrant });
        await s.profiles.delete(id);
      } finally {
        reopen();
      }
      s.flows.forget(id);
      s.guard.forget(id);
      return { id };
    },
    sendTestEmail: ({ id, to, debug, sender }) => sendTestEmail(s, id, to, debug, sender),
    testIncoming: ({ id, debug }) => testIncoming(s, id, debug),
    beginAuthorization: ({ id, method }) => s.flows.begin(id, method),
    awaitAuthorization: ({ id }) => s.flows.awaitOutcome(id),
    cancelAuthorization: ({ id }) => ({ cancelled: s.flows.cancel(id) }),
    openVerificationPage: ({ id }) => s.flows.openVerificationPage(id),
    authorizationState: ({ id }) => s.flows.state(id),
    exportProfiles: ({ ids, format, secrets }) => {
      if (secrets.mode === 'passphrase' || secrets.mode === 'recipient')
        s.redactor.add('passphrase' in secrets ? secrets.passphrase : undefined);
      return exportProfiles({ ...s, appVersion: s.appVersion }, ids, format, secrets);
    },
    chooseImportFile: () => s.imports.choose(),
    previewImport: ({ sessionId, passphrase, identity }) => {
      s.redactor.add(passphrase);
      s.redactor.add(identity);
      return s.imports.preview(sessionId, {
        ...(passphrase ? { passphrase } : {}),
        ...(identity ? { identity } : {}),
      });
    },
    setUnsavedChanges: ({ unsaved }) => {
      s.window.unsaved = unsaved;
      return { unsaved };
    },
    closeWindow: () => ({ closed: s.window.close() }),
    discoverSettings: ({ email }) => s.discovery.discover(email),
    createAppCertificate: ({ id, name }) => {
      s.profiles.get(id); // an unknown profile is refused before a key is made
      return s.certificates.create(id, name, s.now());
    },
    importAppCertificate: async ({ id }) => {
      s.profiles.get(id);
      const imported = await importCertificateFiles(s.dialogs, s.now());
      if (!imported) return null;
      if (imported.kind === 'pair') return s.certificates.hold(id, imported.credential);
      s.certificates.holdLocked(id, imported.locked);
      return { passwordFor: imported.locked.fileName };
    },
    unlockAppCertificate: async ({ id, password }) => {
      s.profiles.get(id);
      s.redactor.add(password); // a forge error quoting it, or a log line, must not carry it
      const credential = await unlockPkcs12(s.certificates.locked(id), password, s.now());
      return s.certificates.hold(id, credential);
    },
    saveCertificateFile: ({ certificatePem, name }) => saveCertificateFile(s.dialogs, certificatePem, name),
    applyImport: ({ sessionId }) => s.imports.apply(sessionId),
    cancelImport: ({ sessionId }) => ({ cancelled: s.imports.cancel(sessionId) }),
    signOut: async ({ id, revokeServerGrant }) => {
      const { profile } = s.profiles.get(id);
      // Sign-out wins: the flow, a refresh, a test send in flight are aborted and write nothing, and
      // none can start until it is done: a refresh now would rotate the token being revoked.
      const reopen = s.guard.shut(id, 'Cancelled by signing out');
      try {
        const result = await revokeAtProvider(profile, s, { revokeServerGrant });
        // Tokens, their metadata and the status go in one write: never tokens without an authorization.
        const view = await s.profiles.patch(id, (stored) => ({
          authorization: null,
          status: NOT_VERIFIED,
          secrets: applySealed(stored.secrets, { accessToken: null, refreshToken: null }),
        }));
        return { view, ...result };
      } finally {
        reopen();
      }
    },
  };
}

export type Dispatch = (method: unknown, args: unknown) => Promise<Result<unknown>>;

export function createDispatch(handlers: Handlers, s: Pick<Services, 'logger' | 'redactor'>): Dispatch {
  return async (method, args) => {
    const started = performance.now();
    const accepted = accept(handlers, method, args);
    let result: Result<unknown>;
    if ('ok' in accepted) result = accepted;
    else {
      // Awaited here, not in a helper: one async frame per call.
      try {
        result = { ok: true, value: await accepted.handler(accepted.args) };
      } catch (error) {
        result = failure(thrown(error));
      }
    }
    try {
      const fields = {
        // Only a known method name is logged as given: anything else could be huge or hostile.
        method: isIpcMethod(method) ? method : `(unknown ${typeof method})`,
        ms: Math.round(performance.now() - started),
      };
      if (result.ok) s.logger.log('info', 'ipc', fields);
      else {
        const { code, message, detail } = result.error;
        s.logger.log('warn', 'ipc', { ...fields, code, message, detail });
      }
    } catch {
      // A log that cannot be written (disk full) must not turn an answer into a crash.
    }
    return result.ok ? result : { ok: false, error: redactError(result.error, s.redactor.redact.bind(s.redactor)) };
  };
}

/**
 * The handler and its checked arguments, or the refusal. Never throws and never answers
 * `internal` for a bad request: the method name is checked without being stringified, the
 * payload is copied into plain data (toPlainData) before zod sees it, and only that copy reaches
 * the schema and the handler. A hot request that is already exactly what its schema returns
 * skips the copy and the schema (dispatch/fast-accept.ts). Synchronous: a call's one await is
 * its handler's.
 */
function accept(
  handlers: Handlers,
  method: unknown,
  args: unknown,
): Result<never> | { handler: (args: unknown) => unknown; args: unknown } {
  if (!isIpcMethod(method)) return failure(unknownMethod(method));
  const fast = fastAccept(method, args);
  const accepted = fast === undefined ? parse(method, args) : { args: fast };
  if ('error' in accepted) return failure(accepted.error);
  return { handler: handlers[method] as (a: unknown) => unknown, args: accepted.args };
}

/** What a handler threw, as the answer's error: an AppError as itself, anything else as `internal`. */
function thrown(error: unknown): AppErrorData {
  if (error instanceof AppError) return error.toData();
  return {
    code: 'internal',
    message: 'Something went wrong inside the app.',
    hint: 'Try again. If it keeps happening, the log file in the data directory has the details.',
    detail: describe(error),
  };
}

/** The fast path's answer; whatever it meets that throws (an exotic object from an in-process caller) goes the full way. */
function fastAccept(method: IpcMethod, args: unknown): unknown {
  try {
    return FAST_ACCEPT[method]?.(args);
  } catch {
    return undefined;
  }
}

/** The request as its schema returns it, or why it is refused. */
function parse(method: IpcMethod, args: unknown): { args: unknown } | { error: AppErrorData } {
  const snapshot = toPlainData(args);
  if (!snapshot.ok) return { error: notPlainData(method, snapshot.problem) };
  let parsed: z.ZodSafeParseResult<unknown>;
  try {
    parsed = ipcContract[method].args.safeParse(snapshot.value ?? {});
  } catch {
    return { error: invalidRequest(`The request for "${method}" could not be checked against its schema.`) };
  }
  return parsed.success ? { args: parsed.data } : { error: fromSchemaError(method, parsed.error) };
}

function failure(error: AppErrorData): Result<never> {
  return { ok: false, error };
}

/** The message of something a handler threw, without trusting it to stringify itself. */
function describe(error: unknown): string {
  try {
    return error instanceof Error ? String(error.message) : String(error);
  } catch {
    return `a thrown ${typeof error} that could not be described`;
  }
}

function redactError(error: AppErrorData, redact: (s: string) => string): AppErrorData {
  return {
    ...error,
    message: redact(error.message),
    hint: redact(error.hint),
    ...(error.detail ? { detail: redact(error.detail) } : {}),
    ...(error.fields ? { fields: error.fields.map((f) => ({ ...f, message: redact(f.message) })) } : {}),
  };
}

/** The thumbprint of the certificate a stored profile authenticates with, if it uses one. */
function storedThumbprint(s: Services, id: string): string | null {
  try {
    const { auth } = s.profiles.get(id).profile;
    return auth.type === 'microsoft' && auth.appCredential === 'certificate' ? auth.certificateThumbprint : null;
  } catch {
    return null; // no such profile: the save itself says so
  }
}
