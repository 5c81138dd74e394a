// Composition root for everything below the IPC line. No `electron` import: the shell passes in
// the adapters (cipher, store factory, data directory), tests pass Node equivalents.
import path from 'node:path';
import type { SmtpRoute } from './mail/smtp-transport';
import { chmodSync, mkdirSync } from 'node:fs';
import { createFileLogger, type Logger } from './logging/logger';
import { Redactor } from './logging/redactor';
import { ProfileService } from './profiles/profile-service';
import { confStoreFactory, type StoreFactory } from './storage/document-store';
import { openProfileStore } from './storage/open-profile-store';
import type { ProfileStore } from './storage/profile-store';
import type { Cipher } from './vault/cipher';
import { SecretVault } from './vault/secret-vault';
import { WindowState } from './window-state';
import { AuthorizationFlows, type OpenExternal } from './oauth/authorization-flows';
import { PRODUCTION_ENDPOINTS, type ProviderEndpoints } from './oauth/endpoints';
import { DiscoveryCache } from './oauth/resolve-provider';
import { TokenService } from './oauth/token-service';
import { NO_DIALOGS, type FileDialogs } from './export/file-dialogs';
import { ImportService } from './export/import-service';
import { defaultDiscoveryDeps, DiscoveryService, type DiscoveryDeps } from './discovery/discover';
import { OperationGuard } from './profiles/operation-guard';
import { PendingCertificates } from './oauth/pending-certificates';

export interface ServiceAdapters {
  dataDirectory: string;
  cipher: Cipher;
  /** Defaults to conf; the Electron shell passes electron-store. */
  storeFactory?: StoreFactory;
  now?: () => Date;
  appVersion?: string;
  /** Opens the authorization URL in the system browser (Electron: shell.openExternal). */
  openExternal?: OpenExternal;
  /** Google and Microsoft endpoints; tests point them at a local authorization server. */
  endpoints?: ProviderEndpoints;
  /** How long an authorization waits for the browser. */
  authorizationTimeoutMs?: number;
  /** Save/open dialogs for export and import (Electron's dialog module in the app). */
  dialogs?: FileDialogs;
  /** Autodiscovery's network: fetch, DNS resolver, URL routing, deadline (tests use local servers). */
  discovery?: Partial<DiscoveryDeps>;
  /** Tests only: local SMTP servers standing in for real host names (smtp-transport.ts). */
  smtpRoute?: SmtpRoute;
}

export interface Services {
  store: ProfileStore;
  window: WindowState;
  /** Generated certificates whose key waits for the form's Save (oauth/pending-certificates.ts). */
  certificates: PendingCertificates;
  profiles: ProfileService;
  vault: SecretVault;
  logger: Logger;
  redactor: Redactor;
  tokens: TokenService;
  /** Per-profile generations: sign-out and delete void (and abort) every operation in flight. */
  guard: OperationGuard;
  flows: AuthorizationFlows;
  endpoints: ProviderEndpoints;
  /** Providers' discovered OAuth metadata, kept for its HTTP cache lifetime. */
  oauthMetadata: DiscoveryCache;
  dialogs: FileDialogs;
  imports: ImportService;
  discovery: DiscoveryService;
  dataDirectory: string;
  appVersion: string;
  now: () => Date;
  smtpRoute: SmtpRoute | undefined;
}

export function createServices(adapters: ServiceAdapters): Services {
  const { dataDirectory, cipher } = adapters;
  // Owner-only: the directory holds settings and ciphertext, nothing another user should read.
  mkdirSync(dataDirectory, { recursive: true, mode: 0o700 });
  // Electron creates userData itself (for Chromium's files) with the default mode: tighten it.
  if (process.platform !== 'win32') chmodSync(dataDirectory, 0o700);
  const now = adapters.now ?? (() => new Date());
  const storeFactory = adapters.storeFactory ?? confStoreFactory(dataDirectory);
  const redactor = new Redactor();
  const logger = createFileLogger(path.join(dataDirectory, 'logs'), redactor, now);
  const store = openProfileStore(storeFactory, logger, now);
  const vault = new SecretVault(store, cipher, redactor);
  const profiles = new ProfileService(store, vault, now);
  const endpoints = adapters.endpoints ?? PRODUCTION_ENDPOINTS;
  const guard = new OperationGuard();
  const oauthMetadata = new DiscoveryCache();
  const tokens = new TokenService(profiles, vault, endpoints, logger, now, guard, oauthMetadata);
  const openExternal: OpenExternal =
    adapters.openExternal ??
    (async () => {
      throw new Error('no system browser adapter');
    });
  const flows = new AuthorizationFlows({
    profiles,
    vault,
    guard,
    endpoints,
    openExternal,
    logger,
    now,
    oauthMetadata,
    ...(adapters.authorizationTimeoutMs ? { timeoutMs: adapters.authorizationTimeoutMs } : {}),
    // Loaded on first use: nodemailer and the IMAP client stay off the start-up path.
    checkLogin: async (id) => (await import('./mail/check-login')).checkLogin(services, id),
  });
  const dialogs = adapters.dialogs ?? NO_DIALOGS;
  const imports = new ImportService({ profiles, vault, guard, dialogs, logger, now });
  const services: Services = {
    store,
    window: new WindowState(),
    certificates: new PendingCertificates(),
    profiles,
    vault,
    logger,
    redactor,
    tokens,
    guard,
    flows,
    endpoints,
    oauthMetadata,
    dialogs,
    imports,
    discovery: new DiscoveryService(defaultDiscoveryDeps(adapters.discovery)),
    dataDirectory,
    appVersion: adapters.appVersion ?? '0.0.0',
    now,
    smtpRoute: adapters.smtpRoute,
  };
  return services;
}
