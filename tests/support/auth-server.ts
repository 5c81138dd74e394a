// A real OAuth 2.0 / OpenID Connect authorization server (panva's oidc-provider) on 127.0.0.1,
// set up three ways: Google-like (issuer at the root, static endpoints), Microsoft-like (endpoints
// under /{tenant}/oauth2/v2.0/, issuer /{tenant-guid}/v2.0, tid claim) and generic (discovery).
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, verify, X509Certificate, type KeyObject } from 'node:crypto';
import Provider, { errors, type KoaContextWithOIDC } from 'oidc-provider';
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
/** The Google-like server's service account (domain-wide delegation in WORKSPACE_DOMAIN). */
export const SERVICE_ACCOUNT_EMAIL = 'mail-sender@mailprefs-tests.iam.gserviceaccount.com';
export const SERVICE_ACCOUNT_KEY_ID = '4f1c0ffee0ddba11';
export const WORKSPACE_DOMAIN = 'example.test';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** RFC 7662 introspection, as the mail servers see a token: an app-only one has a client_id and no sub. */
export interface Introspection {
  active: boolean;
  email?: string;
  sub?: string;
  scope?: string;
  client_id?: string;
}

export interface TestAuthServer {
  kind: AuthServerKind;
  issuer: string;
  /** Points the app's Google and Microsoft code paths at this server. */
  endpoints: ProviderEndpoints;
  introspect(token: string): Promise<Introspection>;
  /** Revokes a token as when the user removes the app's access (kills the whole grant). */
  revoke(token: string): Promise<void>;
  /** Refresh-token grants the token endpoint has answered (granted or refused), since start. */
  refreshRequests(): number;
  /** Client credentials grants (app-only mints) the token endpoint has answered, since start. */
  clientCredentialsRequests(): number;
  /**
   * Registers an app-only client that authenticates with this certificate (private_key_jwt), as
   * uploading it in Entra ID › Certificates & secrets does; returns the new client's id. Like
   * Entra, the assertion must name the certificate (x5t) and may be addressed to the token URL.
   */
  registerCertificateClient(certificatePem: string): Promise<string>;
  /**
   * Google-like servers: the service account's key file, as Google Cloud downloads it (its
   * private key is what the app must keep in the vault), and one signed by a key Google does not
   * know (a deleted or replaced key).
   */
  serviceAccountKeyFile: string;
  foreignServiceAccountKeyFile: string;
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
  /** The same for the revocation endpoint (RFC 7009): a sign-out waits there. */
  holdRevocationResponses(): TokenHold;
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
  /** Seconds a device code lives (RFC 8628 expires_in). */
  deviceCodeTtl?: number;
  /** Google-like: whether the Workspace admin granted the service account domain-wide delegation. */
  serviceAccountDelegated?: boolean;
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
  /** Certificate clients (registerCertificateClient): client id → the x5t Entra would match. */
  const certificateClients = new Map<string, string>();
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
        grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
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
      // A service account calls the token endpoint with its signed assertion only (RFC 7523 §2.1).
      {
        client_id: SERVICE_ACCOUNT_EMAIL,
        grant_types: [JWT_BEARER],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'none',
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
    // An app-only token (client credentials) names no mailbox: an empty email says so, and lets
    // Dovecot's oauth2 passdb decline it as another user's rather than fail on a missing field.
    async extraTokenClaims(_ctx, token) {
      if (token.kind === 'ClientCredentials') return { email: '' };
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
      // RFC 8628: /device/auth hands out codes, /device is the verification page.
      deviceFlow: { enabled: true },
      // Any registered client may introspect (the mail servers) or revoke its own tokens.
      introspection: { enabled: true, allowedPolicy: async () => true },
      revocation: { enabled: true, allowedPolicy: async () => true },
    },
    ttl: {
      AccessToken: (_ctx, token) =>
        (token.grantId ? shortGrants.get(token.grantId) : undefined) ?? options.accessTokenTtl ?? 3600,
      AuthorizationCode: 60,
      DeviceCode: options.deviceCodeTtl ?? 600,
      ClientCredentials: options.accessTokenTtl ?? 3600,
      IdToken: 3600,
      RefreshToken: options.refreshTokenTtl ?? 86_400,
      Grant: 86_400,
      Interaction: 600,
      Session: 86_400,
    },
    ...(options.revokeGrantWithAccessToken ? { revokeGrantPolicy: () => true } : {}),
    // Entra ID matches the client assertion's x5t against the certificates uploaded to the app.
    async assertJwtClientAuthClaimsAndHeader(_ctx, _claims, header, client) {
      const expected = certificateClients.get(client.clientId);
      if (expected && header['x5t'] !== expected) {
        throw new errors.InvalidClientAuth(
          'AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application.',
        );
      }
    },
    cookies: { keys: ['mail-preferences-test-cookie-key'] },
    renderError(ctx, out) {
      ctx.type = 'json';
      ctx.body = out;
    },
  });
  console.warn = warn;
  // Microsoft's token URL is /{tenant}/oauth2/v2.0/token: an assertion addressed to it is addressed here.
  const expectedAudience = provider.OIDCContext.prototype.clientJwtAuthExpectedAudience;
  provider.OIDCContext.prototype.clientJwtAuthExpectedAudience = function (this: {
    ctx: { req: { microsoftUrl?: string } };
  }) {
    const accepted = expectedAudience.call(this);
    if (this.ctx.req.microsoftUrl) accepted.add(this.ctx.req.microsoftUrl);
    return accepted;
  };
  const serviceAccount = newServiceAccountKey();
  const foreignKey = newServiceAccountKey();
  // Google's JWT bearer grant as its token endpoint answers it (the error texts are Google's).
  provider.registerGrantType(
    JWT_BEARER,
    async (ctx) => {
      // Answered as Google does ({error, error_description} with its texts); oidc-provider's own
      // errors would hide the description.
      const refuse = (error: string, description: string) => {
        ctx.status = 400;
        ctx.body = { error, error_description: description };
      };
      const assertion = String(ctx.oidc.params?.['assertion'] ?? '');
      const [header = '', body = '', signature = ''] = assertion.split('.');
      const signed = Buffer.from(`${header}.${body}`);
      if (!verify('RSA-SHA256', signed, serviceAccount.publicKey, Buffer.from(signature, 'base64url'))) {
        return refuse('invalid_grant', 'Invalid JWT Signature.');
      }
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
      const now = Math.floor(Date.now() / 1000);
      if (claims['iss'] !== SERVICE_ACCOUNT_EMAIL || claims['aud'] !== `${issuer}/token`) {
        return refuse('invalid_grant', 'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.');
      }
      if (typeof claims['exp'] !== 'number' || claims['exp'] < now || claims['exp'] - now > 3600) {
        return refuse('invalid_grant', 'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.');
      }
      if (options.serviceAccountDelegated === false) {
        return refuse(
          'unauthorized_client',
          'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
        );
      }
      const subject = String(claims['sub'] ?? '');
      if (!subject.toLowerCase().endsWith(`@${WORKSPACE_DOMAIN}`))
        return refuse('invalid_grant', 'Invalid email or User ID');
      const scope = String(claims['scope'] ?? '');
      // Introspection (the mail servers' check) wants the token's grant to exist.
      const grant = new provider.Grant({ accountId: subject, clientId: SERVICE_ACCOUNT_EMAIL });
      grant.addOIDCScope(scope);
      const token = new provider.AccessToken({
        accountId: subject,
        client: ctx.oidc.client!,
        grantId: await grant.save(),
        scope,
        gty: 'jwt_bearer',
      });
      ctx.body = {
        access_token: await token.save(),
        token_type: 'Bearer',
        expires_in: token.expiration,
        scope,
      };
    },
    ['assertion'],
  );
  let refreshes = 0;
  let mints = 0;
  const countRefresh = (ctx: KoaContextWithOIDC) => {
    if (ctx.oidc.params?.['grant_type'] === 'refresh_token') refreshes++;
    if (ctx.oidc.params?.['grant_type'] === 'client_credentials') mints++;
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
  const holds = new Map<string, { arrived: () => void; released: Promise<void> }>();
  provider.use(async (ctx, next) => {
    await next();
    const held = ctx.method === 'POST' ? holds.get(ctx.path) : undefined;
    if (held) {
      held.arrived();
      await held.released;
    }
  });
  /** Holds the answers to POSTs on `endpoint` (after the provider has done its work) until released. */
  const holdAt = (endpoint: string): TokenHold => {
    let arrived!: () => void;
    let release!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    holds.set(endpoint, { arrived, released });
    return {
      arrived: arrival,
      release: () => {
        holds.delete(endpoint);
        release();
      },
    };
  };
  const callback = provider.callback();

  server.on('request', (req: http.IncomingMessage & { originalUrl?: string; microsoftUrl?: string }, res) => {
    const url = req.url ?? '/';
    if (kind === 'microsoft') {
      // Microsoft's shape: /{tenant}/oauth2/v2.0/authorize|token for any tenant alias.
      const ms = /^\/[^/]+\/oauth2\/v2\.0\/(authorize|token|devicecode)(\?.*)?$/.exec(url);
      if (ms) {
        req.microsoftUrl = origin + url.split('?')[0];
        const route = ms[1] === 'authorize' ? '/auth' : ms[1] === 'token' ? '/token' : '/device/auth';
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
      return (await response.json()) as Introspection;
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
    clientCredentialsRequests: () => mints,
    async registerCertificateClient(certificatePem) {
      const certificate = new X509Certificate(certificatePem);
      const clientId = `mail-preferences-app-cert-${certificateClients.size + 1}`;
      certificateClients.set(clientId, createHash('sha1').update(certificate.raw).digest('base64url'));
      // A client the adapter holds, like a dynamically registered one (static clients are fixed at start).
      const clients = (provider.Client as unknown as { adapter: { upsert(id: string, data: object): Promise<void> } })
        .adapter;
      await clients.upsert(clientId, {
        client_id: clientId,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'RS256',
        jwks: { keys: [{ ...certificate.publicKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig' }] },
        scope: APP_ONLY_SCOPE,
      });
      return clientId;
    },
    serviceAccountKeyFile: serviceAccount.file,
    foreignServiceAccountKeyFile: foreignKey.file,
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
    holdTokenResponses: () => holdAt('/token'),
    holdRevocationResponses: () => holdAt('/token/revocation'),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A key pair and its key file in Google's format (the fields a real one has). */
function newServiceAccountKey(): { publicKey: KeyObject; file: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const file = JSON.stringify(
    {
      type: 'service_account',
      project_id: 'mailprefs-tests',
      private_key_id: SERVICE_ACCOUNT_KEY_ID,
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: SERVICE_ACCOUNT_EMAIL,
      client_id: '104912345678901234567',
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: 'https://oauth2.googleapis.com/token',
      auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
      universe_domain: 'googleapis.com',
    },
    null,
    2,
  );
  return { publicKey, file };
}
