// The real services and dispatch, hosted in the test process with a temporary data directory
// and a real AES-256-GCM cipher: what the Electron main process runs, minus Electron.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDispatch, createHandlers, type Dispatch } from '../../src-main/api';
import { createServices, type Services } from '../../src-main/services';
import type { DiscoveryDeps } from '../../src-main/discovery/discover';
import type { FileDialogs } from '../../src-main/export/file-dialogs';
import type { SmtpRoute } from '../../src-main/mail/smtp-transport';
import type { ProviderEndpoints } from '../../src-main/oauth/endpoints';
import type { StoreFactory } from '../../src-main/storage/document-store';
import { createAesGcmCipher } from '../../src-main/vault/aes-gcm-cipher';

export interface TestHost {
  dataDirectory: string;
  services: Services;
  dispatch: Dispatch;
  /** Calls dispatch and returns the value, or throws with the AppError's message. */
  call: <T = unknown>(method: string, args?: unknown) => Promise<T>;
  cleanup(): void;
}

export interface TestHostOptions {
  dataDirectory?: string;
  key?: Buffer;
  storeFactory?: StoreFactory;
  endpoints?: ProviderEndpoints;
  /** The "system browser": receives each authorization URL the app opens. */
  openExternal?: (url: string) => Promise<void>;
  authorizationTimeoutMs?: number;
  dialogs?: FileDialogs;
  /** The services' clock (import session expiry, token times). */
  now?: () => Date;
  /** Autodiscovery pointed at local DNS and HTTPS servers. */
  discovery?: Partial<DiscoveryDeps>;
  /** Local SMTP servers standing in for real host names (smtp.office365.com → 127.0.0.1:port). */
  smtpRoute?: SmtpRoute;
}

const OFFLINE_DISCOVERY: Partial<DiscoveryDeps> = {
  resolveMx: () => Promise.reject(Object.assign(new Error('offline test host'), { code: 'ENOTFOUND' })),
  fetch: () => Promise.reject(new Error('offline test host')),
};

export function createTestHost(options: TestHostOptions = {}): TestHost {
  const dataDirectory = options.dataDirectory ?? mkdtempSync(path.join(tmpdir(), 'mailprefs-data-'));
  const services = createServices({
    dataDirectory,
    cipher: createAesGcmCipher(options.key ?? randomBytes(32)),
    appVersion: 'test',
    ...(options.storeFactory ? { storeFactory: options.storeFactory } : {}),
    ...(options.endpoints ? { endpoints: options.endpoints } : {}),
    ...(options.openExternal ? { openExternal: options.openExternal } : {}),
    ...(options.authorizationTimeoutMs ? { authorizationTimeoutMs: options.authorizationTimeoutMs } : {}),
    ...(options.dialogs ? { dialogs: options.dialogs } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.smtpRoute ? { smtpRoute: options.smtpRoute } : {}),
    // Never the real network from a test: unless given servers, every lookup finds nothing.
    discovery: options.discovery ?? OFFLINE_DISCOVERY,
  });
  const dispatch = createDispatch(createHandlers(services), services);
  return {
    dataDirectory,
    services,
    dispatch,
    async call<T>(method: string, args: unknown = {}) {
      const result = await dispatch(method, args);
      if (!result.ok) throw Object.assign(new Error(result.error.message), { appError: result.error });
      return result.value as T;
    },
    cleanup: () => {
      // As the app at quit; it also drops a deferred write under way, which would land in a
      // removed directory.
      try {
        services.store.flush();
      } catch {
        // The directory is going anyway (a test may have removed it already).
      }
      try {
        services.logger.close(); // the log file stays open between batches
      } catch {
        // As above: its directory may be gone already.
      }
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}
