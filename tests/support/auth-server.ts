// A real OAuth 2.0 / OpenID Connect authorization server (panva's oidc-provider) on 127.0.0.1,
// set up three ways: Google-like (issuer at the root, static endpoints), Microsoft-like (endpoints
// under /{tenant}/oauth2/v2.0/, issuer /{tenant-guid}/v2.0, tid claim) and generic (discovery).
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import type { ProviderEndpoints } from '../../src-main/oauth/endpoints';
import { GOOGLE, MICROSOFT, REDIRECT_PATHS } from '../../src-shared/oauth';

export type AuthServerKind = 'google' | 'microsoft' | 'generic';

export const CLIENT_ID = 'mail-preferences-test';
export const CLIENT_SECRET = 'Client-Secret-4-tests-xyz';
export const TENANT_ID = '8d3e0c38-6b5f-4a2e-9d1c-2f3a4b5c6d7e';
export const RS_ID = 'mail-resource-server';
/** An app with an application permission (Microsoft 365 app-only): client credentials only. */
export const APP_CLIENT_ID = 'mail-preferences-app-only';
export const APP_CLIENT_SECRET = 'App-Only-Secret-4-tests-q7R';
export const APP_ONLY_SCOPE = 'https://outlook.office365.com/.default';
export const RS_SECRET = 'rs-secret-for-introspection';

export interface TestAuthServer {
  kind: AuthServerKind;
  issuer: string;
  /** Points the app's Google and Microsoft code paths at this server. */
  endpoints: ProviderEndpoints;
  introspect(token: string): Promise<{ active: boolean; email?: string; sub?: string; scope?: string }>;
  /** Revokes a token as when the user removes the app's access (kills the whole grant). */
  revoke(token: string): Promise<void>;
  /** Refresh-token grants the token endpoint has answered (granted or refused), since start. */
  refreshRequests(): number;
  /** Every refresh token presented at /token since start, in order, as hashes (see tokenHash). */
  tokenLog(): readonly RefreshLogEntry[];
  /**
   * A plain refresh grant with `refreshToken`, as another holder of it (or a thief) would send:
   * 'accepted' or the OAuth error code. With rotation, presenting a spent one revokes the grant.
   */
  presentRefreshToken(refreshToken: string): Promise<string>;
  /** The provider's (opaque) grant id of a refresh token it issued, consumed or not; null if unknown. */
  grantOf(refreshToken: string): Promise<string | null>;
  /**
   * From now on, access tokens of this refresh token's grant live `seconds`: a server whose token
   * runs out between two cron runs, while the app's grant keeps the normal lifetime.
   */
  shortenAccessTokens(refreshToken: string, seconds: number): Promise<void>;
  /**
   * A refresh token for the account, as a completed authorization would have left (grant and
   * token saved in the provider), without a browser: for tests of what a server does with one.
   */
  mintRefreshToken(accountId: string, scope: string): Promise<string>;
  /**
   * Holds the responses of POST /token (code exchange and refresh grant) from now on: the server
   * processes each request, then waits for release() before answering. `arrived` resolves when
   * the first held request has been processed, so a test can cancel while the client waits.
   */
  holdTokenResponses(): TokenHold;
  close(): Promise<void>;
}

/** One refresh grant request as the token endpoint saw it. Tokens only as sha256 (tokenHash). */
export interface RefreshLogEntry {
  presented: string;
  /** 'accepted', or the OAuth error code the endpoint answered (invalid_grant, invalid_client, ...). */
  outcome: string;
  /** Hash of the refresh token the answer carried (the rotated one), or null. */
  issued: string | null;
  /** The client that authenticated (or claimed to), and the grant the presented token belonged to. */
  clientId: string | null;
  grantId: string | null;
  /** Why the provider refused (its error_detail: "refresh token already used"), else null. */
  detail: string | null;
}

/** How the token log names a token: never the token itself, so the log is safe to print. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 32);
}

export interface TokenHold {
  arrived: Promise<void>;
  /** Answers the held requests (the client may have gone) and stops holding. */
  release(): void;
}

export interface AuthServerOptions {
  accessTokenTtl?: number;
  clientAuthMethod?: 'client_secret_post' | 'client_secret_basic' | 'none';
  /** Issue refresh tokens for every code exchange (Google/Microsoft behaviour), or only with offline_access. */
  alwaysIssueRefreshToken?: boolean;
  /** Rotate refresh tokens on every refresh (true), never (false), or oidc-provider's default (unset). */
  rotateRefreshToken?: boolean;
  /** Refresh token lifetime in seconds (default one day). */
  refreshTokenTtl?: number;
  /**
   * Revoking an access token revokes its whole grant (Google's documented behaviour; RFC 7009
   * §2.1 allows it). oidc-provider's default revokes only that access token.
   */
  revokeGrantWithAccessToken?: boolean;
}

const MAIL_SCOPES = [GOOGLE.mailScope, MICROSOFT.smtpScope, MICROSOFT.imapScope, MICROSOFT.popScope, 'smtp', 'imap'];

export async function startAuthServer(kind: AuthServerKind, options: AuthServerOptions = {}): Promise<TestAuthServer> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const prefix = kind === 'microsoft' ? `/${TENANT_ID}/v2.0` : '';
  const issuer = origin + prefix;
  const method = options.clientAuthMethod ?? 'client_secret_post';
  const alwaysRefresh = options.alwaysIssueRefreshToken ?? kind !== 'generic';

  // oidc-provider warns that dev keys and devInteractions are for development: that is the point here.
  /** Grant id → access-token lifetime (shortenAccessTokens). */
  const shortGrants = new Map<string, number>();
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).startsWith('oidc-provider WARNING')) warn(...args);
  };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        ...(method === 'none' ? {} : { client_secret: CLIENT_SECRET }),
        application_type: 'native',
        // Native + loopback IP literal: any port matches, the path must match (RFC 8252 §7.3).
        redirect_uris: Object.values(REDIRECT_PATHS).map((p) => `http://127.0.0.1${p}`),
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: method,
      },
      {
        client_id: APP_CLIENT_ID,
        client_secret: APP_CLIENT_SECRET,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_post',
        scope: APP_ONLY_SCOPE,
      },
      {
        client_id: RS_ID,
        client_secret: RS_SECRET,
        grant_types: [],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    scopes: ['openid', 'offline_access', 'email', 'profile', ...MAIL_SCOPES, APP_ONLY_SCOPE],
    claims: { openid: ['sub', 'tid'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'] },
    conformIdTokenClaims: false,
    async findAccount(_ctx, id) {
      return {
        accountId: id,
        claims: async () => ({ sub: id, email: id, email_verified: true, preferred_username: id, tid: TENANT_ID }),
      };
    },
    // Introspection returns the mailbox, so SMTP and Dovecot can match it to the login user.
    async extraTokenClaims(_ctx, token) {
      return token.kind === 'AccessToken' && token.accountId ? { email: token.accountId } : undefined;
    },
    pkce: { required: () => true },
    ...(options.rotateRefreshToken === undefined ? {} : { rotateRefreshToken: options.rotateRefreshToken }),
    async issueRefreshToken(_ctx, client, code) {
      if (!client.grantTypeAllowed('refresh_token')) return false;
      return alwaysRefresh || code.scopes.has('offline_access');
    },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      // Any registered client may introspect (the mail servers) or revoke its own tokens.
      introspection: { enabled: true, allowedPolicy: async () => true },
      revocation: { enabled: true, allowedPolicy: async () => true },
    },
    ttl: {
      AccessToken: (_ctx, token) =>
        (token.grantId ? shortGrants.get(token.grantId) : undefined) ?? options.accessTokenTtl ?? 3600,
      AuthorizationCode: 60,
      ClientCredentials: options.accessTokenTtl ?? 3600,
      IdToken: 3600,
      RefreshToken: options.refreshTokenTtl ?? 86_400,
      Grant: 86_400,
      Interaction: 600,
      Session: 86_400,
    },
    ...(options.revokeGrantWithAccessToken ? { revokeGrantPolicy: () => true } : {}),
    cookies: { keys: ['mail-preferences-test-cookie-key'] },
    renderError(ctx, out) {
      ctx.type = 'json';
      ctx.body = out;
    },
  });
  console.warn = warn;
  let refreshes = 0;
  const countRefresh = (ctx: KoaContextWithOIDC) => {
    if (ctx.oidc.params?.['grant_type'] === 'refresh_token') refreshes++;
  };
  provider.on('grant.success', countRefresh);
  provider.on('grant.error', countRefresh);
  // Read from the request after the grant handler ran: the presented token, the token entity the
  // provider found for it (its grant), and the rotated token in the answer.
  const log: RefreshLogEntry[] = [];
  const logRefresh = (
    ctx: KoaContextWithOIDC,
    error?: { error?: string; error_description?: string | undefined; error_detail?: string | undefined },
  ) => {
    const presented = ctx.oidc.params?.['refresh_token'];
    if (ctx.oidc.params?.['grant_type'] !== 'refresh_token' || typeof presented !== 'string') return;
    const entities = ctx.oidc.entities as {
      RotatedRefreshToken?: { grantId?: string };
      RefreshToken?: { grantId?: string };
    };
    const found = entities.RotatedRefreshToken ?? entities.RefreshToken;
    const issued = error ? undefined : (ctx.body as { refresh_token?: unknown } | undefined)?.refresh_token;
    log.push({
      presented: tokenHash(presented),
      outcome: error ? (error.error ?? 'server_error') : 'accepted',
      issued: typeof issued === 'string' ? tokenHash(issued) : null,
      clientId: ctx.oidc.client?.clientId ?? (ctx.oidc.params?.['client_id'] as string | undefined) ?? null,
      grantId: found?.grantId ?? null,
      detail: error ? (error.error_detail ?? error.error_description ?? null) : null,
    });
  };
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => logRefresh(ctx));
  provider.on('grant.error', (ctx, error) => logRefresh(ctx, error));
  const grantOf = async (refreshToken: string) =>
    (await provider.RefreshToken.find(refreshToken, { ignoreExpiration: true }))?.grantId ?? null;
  let hold: { arrived: () => void; released: Promise<void> } | null = null;
  provider.use(async (ctx, next) => {
    await next();
    const held = hold;
    if (held && ctx.method === 'POST' && ctx.path === '/token') {
      held.arrived();
      await held.released;
    }
  });
  const callback = provider.callback();

  server.on('request', (req: http.IncomingMessage & { originalUrl?: string }, res) => {
    const url = req.url ?? '/';
    if (kind === 'microsoft') {
      // Microsoft's shape: /{tenant}/oauth2/v2.0/authorize|token for any tenant alias.
      const ms = /^\/[^/]+\/oauth2\/v2\.0\/(authorize|token)(\?.*)?$/.exec(url);
      if (ms) {
        const route = ms[1] === 'authorize' ? '/auth' : '/token';
        req.url = route + (ms[2] ?? '');
        req.originalUrl = prefix + req.url;
      } else if (url.startsWith(prefix + '/')) {
        req.originalUrl = url;
        req.url = url.slice(prefix.length);
      } else {
        return void res.writeHead(404).end();
      }
    }
    callback(req, res);
  });

  const rsAuth = 'Basic ' + Buffer.from(`${RS_ID}:${RS_SECRET}`).toString('base64');
  const endpointsBase = issuer;
  return {
    kind,
    issuer,
    endpoints: {
      google: {
        issuer,
        authorizationEndpoint: `${endpointsBase}/auth`,
        tokenEndpoint: `${endpointsBase}/token`,
        revocationEndpoint: `${endpointsBase}/token/revocation`,
      },
      microsoftAuthority: origin,
    },
    async introspect(token) {
      const response = await fetch(`${issuer}/token/introspection`, {
        method: 'POST',
        headers: { authorization: rsAuth, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }),
      });
      return (await response.json()) as { active: boolean; email?: string; sub?: string; scope?: string };
    },
    async revoke(token) {
      // Revocation is the owning client's to do (RFC 7009 §2.1).
      const response = await fetch(`${issuer}/token/revocation`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          token,
          client_id: CLIENT_ID,
          ...(method === 'none' ? {} : { client_secret: CLIENT_SECRET }),
        }),
      });
      if (!response.ok) throw new Error(`revocation failed: ${response.status} ${await response.text()}`);
    },
    refreshRequests: () => refreshes,
    tokenLog: () => log.map((entry) => ({ ...entry })),
    async presentRefreshToken(refreshToken) {
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
          client_id: CLIENT_ID,
          ...(method === 'none' ? {} : { client_secret: CLIENT_SECRET }),
        }),
      });
      const body = (await response.json()) as { error?: string };
      return response.ok ? 'accepted' : (body.error ?? `http_${response.status}`);
    },
    grantOf,
    async shortenAccessTokens(refreshToken, seconds) {
      const grantId = await grantOf(refreshToken);
      if (!grantId) throw new Error('shortenAccessTokens: the provider knows no such refresh token');
      shortGrants.set(grantId, seconds);
    },
    async mintRefreshToken(accountId, scope) {
      const client = await provider.Client.find(CLIENT_ID);
      if (!client) throw new Error('test client missing');
      const grant = new provider.Grant({ accountId, clientId: CLIENT_ID });
      grant.addOIDCScope(scope);
      const grantId = await grant.save();
      const token = new provider.RefreshToken({
        accountId,
        client,
        grantId,
        scope,
        gty: 'authorization_code',
        authTime: Math.floor(Date.now() / 1000),
      });
      return token.save();
    },
    holdTokenResponses() {
      let arrived!: () => void;
      let release!: () => void;
      const arrival = new Promise<void>((resolve) => (arrived = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      hold = { arrived, released };
      return {
        arrived: arrival,
        release: () => {
          hold = null;
          release();
        },
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
