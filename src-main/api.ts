// The one entry point below the transport: dispatch(method, args) validates the payload against
// the contract, runs the handler, and always resolves to a serializable Result. The Electron IPC
// layer and the Playwright test bridge both call exactly this.
import type { z } from 'zod';
import { AppError, type AppErrorData, type Result } from '../src-shared/errors';
import { ipcContract, type IpcParsedArgs, type IpcResults } from '../src-shared/ipc';
import { isIpcMethod, type IpcMethod } from '../src-shared/ipc-methods';
import { sendTestEmail } from './mail/send-test';
import { testIncoming } from './incoming/incoming-service';
import { exportProfiles } from './export/export-service';
import { revokeAtProvider } from './oauth/revoke';
import { NOT_VERIFIED } from './profiles/profile-document';
import type { Services } from './services';

export type Handlers = { [M in IpcMethod]: (args: IpcParsedArgs<M>) => Promise<IpcResults[M]> | IpcResults[M] };

export function createHandlers(s: Services): Handlers {
  return {
    getAppInfo: () => ({ version: s.appVersion, cipherBackend: s.vault.backend, dataDirectory: s.dataDirectory }),
    listProfiles: () => s.profiles.list(),
    createProfile: ({ name, authType }) => s.profiles.create(name, authType),
    saveProfile: ({ profile, secrets }) => s.profiles.save(profile, secrets),
    renameProfile: ({ id, name }) => s.profiles.rename(id, name),
    duplicateProfile: ({ id }) => s.profiles.duplicate(id),
    deleteProfile: async ({ id }) => {
      const { profile } = s.profiles.get(id);
      s.flows.cancel(id);
      // Revoke first (best effort): once deleted, the refresh token is gone and cannot be revoked.
      if (profile.auth.type !== 'standard') await revokeAtProvider(profile, s);
      s.profiles.delete(id);
      return { id };
    },
    sendTestEmail: ({ id, to, debug }) => sendTestEmail(s, id, to, debug),
    testIncoming: ({ id, debug }) => testIncoming(s, id, debug),
    beginAuthorization: ({ id }) => s.flows.begin(id),
    awaitAuthorization: ({ id }) => s.flows.awaitOutcome(id),
    cancelAuthorization: ({ id }) => ({ cancelled: s.flows.cancel(id) }),
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
    applyImport: ({ sessionId }) => s.imports.apply(sessionId),
    cancelImport: ({ sessionId }) => ({ cancelled: s.imports.cancel(sessionId) }),
    signOut: async ({ id }) => {
      const { profile } = s.profiles.get(id);
      s.flows.cancel(id);
      const result = await revokeAtProvider(profile, s);
      await s.vault.update(id, { accessToken: null, refreshToken: null });
      const view = s.profiles.setAuthorization(id, null, NOT_VERIFIED);
      return { view, ...result };
    },
  };
}

export type Dispatch = (method: unknown, args: unknown) => Promise<Result<unknown>>;

export function createDispatch(handlers: Handlers, s: Pick<Services, 'logger' | 'redactor'>): Dispatch {
  return async (method, args) => {
    const started = performance.now();
    const result = await run(handlers, method, args);
    s.logger.log(result.ok ? 'info' : 'warn', 'ipc', {
      method: typeof method === 'string' ? method.slice(0, 64) : typeof method,
      ms: Math.round(performance.now() - started),
      ...(result.ok ? {} : { code: result.error.code, message: result.error.message, detail: result.error.detail }),
    });
    return result.ok ? result : { ok: false, error: redactError(result.error, s.redactor.redact.bind(s.redactor)) };
  };
}

async function run(handlers: Handlers, method: unknown, args: unknown): Promise<Result<unknown>> {
  if (!isIpcMethod(method)) {
    return failure({
      code: 'unknown_method',
      message: `"${String(method).slice(0, 64)}" is not something this app can do.`,
      hint: 'This is a bug in the app; please report it.',
    });
  }
  const parsed = ipcContract[method].args.safeParse(args ?? {});
  if (!parsed.success) return failure(invalidInput(parsed.error));
  try {
    const handler = handlers[method] as (a: unknown) => unknown;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    if (error instanceof AppError) return failure(error.toData());
    return failure({
      code: 'internal',
      message: 'Something went wrong inside the app.',
      hint: 'Try again. If it keeps happening, the log file in the data directory has the details.',
      detail: error instanceof Error ? error.message : String(error),
    });
  }
}

function failure(error: AppErrorData): Result<never> {
  return { ok: false, error };
}

export function invalidInput(error: z.ZodError): AppErrorData {
  const fields = error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
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

function redactError(error: AppErrorData, redact: (s: string) => string): AppErrorData {
  return {
    ...error,
    message: redact(error.message),
    hint: redact(error.hint),
    ...(error.detail ? { detail: redact(error.detail) } : {}),
    ...(error.fields ? { fields: error.fields.map((f) => ({ ...f, message: redact(f.message) })) } : {}),
  };
}
