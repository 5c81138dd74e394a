// The server command's token store: the access token while it has time left, otherwise one
// refresh (under a lock, so concurrent calls refresh once), keeping whatever rotated refresh
// token the provider returns. The state is bound to the config's grant: an export with another
// refresh token (a new authorization) supersedes it. Office 365 app-only profiles (application
// permission) have no refresh token: the token is minted with the client credentials grant from
// the exported client secret, and a config with another secret supersedes the state.
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { ExportedProfile } from '../src-shared/config-file';
import { AppError } from '../src-shared/errors';
import type { Redactor } from '../src-main/logging/redactor';
import { explainAppOnlyError } from '../src-main/oauth/explain-app-only-error';
import { explainServiceAccountError } from '../src-main/oauth/explain-service-account-error';
import { appOnlyGrantFor } from '../src-main/oauth/grants/index';
import { isAppOnly, type OAuthAuth } from '../src-shared/oauth';
import type { GrantedTokens } from '../src-main/oauth/grants/store-grant';
import { expiresAtFrom, hasTimeLeft, providerAtTokenEndpoint, refreshGrant } from '../src-main/oauth/refresh-grant';
import { EXIT } from './exit-codes';
import { CliFailure, toFailure } from './failure';
import { withLock, type LockOptions } from './lock';
import { missingSecret, optionalSecret, requireSecret } from './select-profile';
import { ensureStateDirectory, readStateFile, stateFailure, writeStateFile } from './state-dir';

export const STATE_FORMAT = 'mailprefs-token-state';
/** More than any state file takes: tokens of a few KiB (Microsoft's are about 2), in JSON. */
const STATE_RESERVE_BYTES = 64 * 1024;

export interface TokenState {
  format: typeof STATE_FORMAT;
  version: 1;
  profile: string;
  /** sha256 of the token endpoint, client id and the config's refresh token (app-only: client secret): which grant this is. */
  grant: string;
  refreshToken: string | null;
  accessToken: string | null;
  /** ISO time the access token expires. */
  expiresAt: string | null;
  refreshedAt: string | null;
  /** Set when the provider refused the grant: fail at once until a new export arrives. */
  reauthorize: { message: string; hint: string; at: string } | null;
}

export interface IssuedToken {
  token: string;
  expiresAt: number;
  /** Whether this call refreshed (false: the stored token still had time left). */
  refreshed: boolean;
}

export interface TokenStoreOptions {
  dir: string;
  exported: ExportedProfile;
  redactor: Redactor;
  now?: () => Date;
  lock?: LockOptions;
}

export class TokenStore {
  readonly statePath: string;
  /** Where mailprefs kept a profile's state before it was per grant: read until first written anew. */
  private readonly legacyStatePath: string;
  /** This grant's state was last read from legacyStatePath: the next save retires that file. */
  private legacyInUse = false;
  readonly lockPath: string;
  private readonly oauth: NonNullable<ExportedProfile['oauth']>;
  /** Null for app-only profiles: they mint from the client secret instead. */
  private readonly exportedRefreshToken: string | null;
  private readonly appOnly: boolean;
  private readonly grant: string;
  private readonly now: () => Date;
  /** The token this process refreshed: used while it lasts, whatever the margin (see accessToken). */
  private issued: IssuedToken | null = null;

  constructor(private readonly options: TokenStoreOptions) {
    const { exported, dir } = options;
    if (!exported.oauth || exported.auth.type === 'standard') {
      throw new CliFailure(EXIT.config, {
        code: 'invalid_input',
        message: `The profile "${exported.name}" signs in with a password, so it has no OAuth access token.`,
        hint: 'Use "mailprefs token" with an OAuth 2.0 profile (Google, Office 365, Generic); Standard profiles use their password directly.',
      });
    }
    this.oauth = exported.oauth;
    // Office 365 application permission or a Google service account: nobody signs in, the app mints.
    this.appOnly = isAppOnly(exported.auth);
    this.now = options.now ?? (() => new Date());
    if (this.appOnly) {
      const clientSecret = requireSecret(exported, 'clientSecret');
      options.redactor.add(clientSecret);
      this.exportedRefreshToken = null;
      this.grant = sha256(['mailprefs-app-only-v1', this.oauth.tokenEndpoint, exported.auth.clientId, clientSecret]);
    } else {
      // No refresh token in the file: exported before anyone authorized, for a grant born on this
      // server (`mailprefs authorize --device`), which then lives only in the state file.
      this.exportedRefreshToken = optionalSecret(exported, 'refreshToken') ?? null;
      options.redactor.add(this.exportedRefreshToken);
      options.redactor.add(optionalSecret(exported, 'clientSecret'));
      this.grant = sha256(
        this.exportedRefreshToken
          ? ['mailprefs-grant-v1', this.oauth.tokenEndpoint, exported.auth.clientId, this.exportedRefreshToken]
          : ['mailprefs-server-grant-v1', this.oauth.tokenEndpoint, exported.auth.clientId],
      );
    }
    const id = sha256([this.oauth.tokenEndpoint, exported.auth.clientId, this.oauth.user, exported.name.toLowerCase()]);
    const base = `token-${slug(exported.name)}-${id.slice(0, 16)}`;
    // One state per grant: an older export of the same profile (a forgotten cron job, a restored
    // backup) refreshing with its spent token records its refusal in its own file, and never
    // over the new export's working state. One lock per profile: they still take turns.
    this.statePath = path.join(dir, `${base}-${this.grant.slice(0, 12)}.json`);
    this.legacyStatePath = path.join(dir, `${base}.json`);
    this.lockPath = path.join(dir, `${base}.lock`);
  }

  /** The mailbox the token is for (XOAUTH2 user). */
  get user(): string {
    return this.oauth.user;
  }

  /** A usable access token; `force` refreshes even if the stored one looks valid (a server refused it). */
  async accessToken(options: { force?: boolean } = {}): Promise<IssuedToken> {
    ensureStateDirectory(this.options.dir);
    const startedAt = this.now().getTime();
    // A provider whose tokens live less than the margin would otherwise be asked again by the
    // next use in the same command (send: the check before connecting, then the login), rotating
    // the refresh token for a token no longer-lived than the one in hand.
    if (!options.force && this.issued && this.issued.expiresAt > startedAt) return { ...this.issued, refreshed: false };
    const before = this.load();
    if (!options.force) {
      const fresh = this.freshToken(before);
      if (fresh) return fresh;
    }
    return withLock(
      this.lockPath,
      async () => {
        // Another call may have refreshed while this one waited for the lock.
        const current = this.load();
        const fresh = this.freshToken(current);
        const refreshedMeanwhile = current?.refreshedAt && Date.parse(current.refreshedAt) >= startedAt;
        if (fresh && (!options.force || refreshedMeanwhile)) return fresh;
        return this.refresh(current);
      },
      this.options.lock,
    );
  }

  private async refresh(current: TokenState | null): Promise<IssuedToken> {
    const { exported } = this.options;
    const refreshToken = this.appOnly ? null : (current?.refreshToken ?? this.exportedRefreshToken);
    // Left out at export (a placeholder to fill in), or never there (a grant to make here).
    if (!this.appOnly && !refreshToken) {
      throw exported.secrets.refreshToken
        ? missingSecret(
            exported,
            'refreshToken',
            ' Or sign in on this server instead: mailprefs authorize --device FILE.',
          )
        : notAuthorizedYet(exported);
    }
    const provider = await providerAtTokenEndpoint({
      clientId: exported.auth.type === 'standard' ? '' : exported.auth.clientId,
      tokenEndpoint: this.oauth.tokenEndpoint,
      clientAuthMethod: this.oauth.clientAuthMethod,
      clientSecret: optionalSecret(exported, 'clientSecret'),
      certificateThumbprint: exported.auth.type === 'microsoft' ? exported.auth.certificateThumbprint : undefined,
    });
    const now = this.now();
    if (!refreshToken) return this.mint(provider, now);
    // The refresh spends the refresh token: first make sure the new one can be written.
    this.reserveStateWrite();
    let refreshed;
    try {
      refreshed = await refreshGrant(provider, refreshToken, this.oauth.scope.split(/\s+/).filter(Boolean), now);
    } catch (error) {
      if (error instanceof AppError && error.code === 'oauth_reauthorize') {
        this.recordRefusal(error, now);
        throw new CliFailure(EXIT.reauthorize, { ...error.toData(), hint: onServer(error.hint) }, { cause: error });
      }
      throw error;
    }
    this.options.redactor.add(refreshed.accessToken);
    this.options.redactor.add(refreshed.refreshToken);
    this.save({
      ...this.blank(),
      // The rotated refresh token if there is one: the old one is spent.
      refreshToken: refreshed.refreshToken ?? refreshToken,
      accessToken: refreshed.accessToken,
      expiresAt: new Date(refreshed.expiresAt).toISOString(),
      refreshedAt: now.toISOString(),
    });
    this.issued = { token: refreshed.accessToken, expiresAt: refreshed.expiresAt, refreshed: true };
    return this.issued;
  }

  /**
   * Keeps the tokens a sign-in on this server produced (`mailprefs authorize --device`): they
   * replace whatever this grant's state held, including a refusal on record.
   */
  async storeGrant(tokens: GrantedTokens): Promise<{ statePath: string; expiresAt: number }> {
    ensureStateDirectory(this.options.dir);
    this.options.redactor.add(tokens.accessToken);
    this.options.redactor.add(tokens.refreshToken);
    return withLock(
      this.lockPath,
      async () => {
        const now = this.now();
        const expiresAt = expiresAtFrom(now, tokens.expiresIn);
        this.save({
          ...this.blank(),
          refreshToken: tokens.refreshToken,
          accessToken: tokens.accessToken,
          expiresAt: new Date(expiresAt).toISOString(),
          refreshedAt: now.toISOString(),
        });
        this.issued = null;
        return { statePath: this.statePath, expiresAt };
      },
      this.options.lock,
    );
  }

  /** App-only: one client credentials grant (or a service account's JWT bearer grant); only the access token is kept. */
  private async mint(provider: Awaited<ReturnType<typeof providerAtTokenEndpoint>>, now: Date): Promise<IssuedToken> {
    const { auth } = this.options.exported;
    let minted;
    try {
      minted = await appOnlyGrantFor(auth as OAuthAuth).mint(
        {
          ...provider,
          scopes: this.oauth.scope.split(/\s+/).filter(Boolean),
          ...(auth.type === 'google'
            ? {
                serviceAccount: {
                  issuer: auth.clientId,
                  subject: auth.email || this.oauth.user,
                  keyId: auth.keyId,
                  privateKey: requireSecret(this.options.exported, 'clientSecret'),
                },
              }
            : {}),
        },
        now,
      );
    } catch (error) {
      throw auth.type === 'google'
        ? explainServiceAccountError(error)
        : explainAppOnlyError(error, auth.type === 'microsoft' ? auth.appCredential : 'secret');
    }
    this.options.redactor.add(minted.accessToken);
    this.save({
      ...this.blank(),
      accessToken: minted.accessToken,
      expiresAt: new Date(minted.expiresAt).toISOString(),
      refreshedAt: now.toISOString(),
    });
    return { token: minted.accessToken, expiresAt: minted.expiresAt, refreshed: true };
  }

  private freshToken(state: TokenState | null): IssuedToken | null {
    if (state?.reauthorize) {
      throw new CliFailure(EXIT.reauthorize, {
        code: 'oauth_reauthorize',
        message: `${state.reauthorize.message} (refused at ${state.reauthorize.at}; mailprefs will not try this grant again).`,
        hint: onServer(state.reauthorize.hint),
      });
    }
    if (!state?.accessToken || !state.expiresAt) return null;
    const expiresAt = Date.parse(state.expiresAt);
    const obtainedAt = state.refreshedAt ? Date.parse(state.refreshedAt) : null;
    if (!hasTimeLeft(expiresAt, obtainedAt, this.now().getTime())) return null;
    this.options.redactor.add(state.accessToken);
    return { token: state.accessToken, expiresAt, refreshed: false };
  }

  /** The grant is dead: keep no token of it, and remember why, so cron jobs do not hammer the provider. */
  private recordRefusal(error: AppError, now: Date): void {
    try {
      this.save({
        ...this.blank(),
        reauthorize: { message: error.message, hint: error.hint, at: now.toISOString() },
      });
    } catch (saveError) {
      throw toFailure(saveError);
    }
  }

  /** The stored state of this grant, or null (none yet, or one of an older export: superseded). */
  private load(): TokenState | null {
    let file = this.statePath;
    let text = readStateFile(file);
    if (text === null) {
      // An upgrade from one state per profile: its rotated refresh token is the live one.
      file = this.legacyStatePath;
      text = readStateFile(file);
    }
    if (text === null) return null;
    let state: TokenState;
    try {
      state = JSON.parse(text) as TokenState;
    } catch (cause) {
      throw damaged(file, cause);
    }
    if (state?.format !== STATE_FORMAT || state.version !== 1) throw damaged(file);
    if (state.grant !== this.grant) return null;
    this.legacyInUse = file === this.legacyStatePath;
    this.options.redactor.add(state.refreshToken);
    return state;
  }

  private save(state: TokenState): void {
    writeStateFile(this.statePath, JSON.stringify(state, null, 2) + '\n');
    // The state from before it was per grant, read for this grant: its own file holds it now.
    if (this.legacyInUse) {
      rmSync(this.legacyStatePath, { force: true });
      this.legacyInUse = false;
    }
  }

  /**
   * Writes (durably, as the state is written) and removes a file larger than any state, before a
   * refresh spends the refresh token: a full or read-only disk then fails the call with the old
   * token unspent, instead of after the provider rotated it and the new one could not be kept.
   */
  private reserveStateWrite(): void {
    const reserve = `${this.statePath}.reserve`;
    try {
      writeStateFile(reserve, ' '.repeat(STATE_RESERVE_BYTES));
    } finally {
      rmSync(reserve, { force: true });
    }
  }

  private blank(): TokenState {
    return {
      format: STATE_FORMAT,
      version: 1,
      profile: this.options.exported.name,
      grant: this.grant,
      refreshToken: null,
      accessToken: null,
      expiresAt: null,
      refreshedAt: null,
      reauthorize: null,
    };
  }
}

/** The app's "authorize again", and what a server needs after it: the new grant, in a new export. */
function onServer(hint: string): string {
  return `${hint} Then export the profile again and install the new file on this server, or sign in on this server instead: mailprefs authorize --device FILE.`;
}

function notAuthorizedYet(exported: ExportedProfile): CliFailure {
  return new CliFailure(EXIT.reauthorize, {
    code: 'oauth_reauthorize',
    message: `The profile "${exported.name}" has no refresh token yet: the file was exported before anyone authorized it, and no one has signed in on this server.`,
    hint: `Sign in on this server with "mailprefs authorize --device FILE" (a code to enter in any browser), or authorize the profile in Mail Preferences and export it again with its secrets sealed.`,
    fields: [{ path: 'secrets.refreshToken', message: 'missing: authorize first.' }],
  });
}

function damaged(file: string, cause?: unknown): CliFailure {
  return stateFailure(
    `The state file ${file} is damaged or not a mailprefs state file.`,
    'Delete it to start again from the config file. If the provider rotates refresh tokens, the one in the config may already be spent: then authorize again in Mail Preferences and export again.',
    cause,
  );
}

function sha256(parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex');
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'profile'
  );
}
