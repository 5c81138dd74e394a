// Turns a profile into what oauth4webapi needs: the authorization server's metadata, the client,
// how it authenticates, the scopes and the extra authorization parameters.
import type * as OAuth from 'oauth4webapi';
import { AppError } from '../../src-shared/errors';
import { scopesFor, type OAuthAuth } from '../../src-shared/oauth';
import type { Profile } from '../../src-shared/profile';
import { isSecureUrl } from '../../src-shared/validators';
import type { ProviderEndpoints } from './endpoints';
import { loadOAuth, type OAuthLib } from './oauth-lib';
import { certificateClientAuth } from './certificate';

export interface ResolvedProvider {
  as: OAuth.AuthorizationServer;
  client: OAuth.Client;
  clientAuth: OAuth.ClientAuth;
  scopes: string[];
  extraParams: Record<string, string>;
  /** http:// is allowed only for 127.0.0.1 test servers in unpackaged builds; everything real is https. */
  requestOptions: { [OAuth.allowInsecureRequests]?: boolean; signal?: AbortSignal };
  openid: boolean;
  /** Microsoft: the issuer depends on the tenant the account belongs to (ID token `tid`). */
  issuerForTenant?: (tid: string) => string;
  /** Drops cached metadata this provider came from (after a failure: it may have moved). */
  forgetMetadata: () => void;
}

const TIMEOUT_MS = 20_000;

export async function resolveProvider(
  profile: Profile,
  clientSecret: string | undefined,
  endpoints: ProviderEndpoints,
  discovery?: DiscoveryCache,
): Promise<ResolvedProvider> {
  const oauth = await loadOAuth();
  const auth = profile.auth as OAuthAuth;
  const scopes = scopesFor(profile);
  const client: OAuth.Client = { client_id: auth.clientId };
  const base = { client, scopes, openid: scopes.includes('openid'), forgetMetadata: () => undefined };
  switch (auth.type) {
    case 'google': {
      const g = endpoints.google;
      const as: OAuth.AuthorizationServer = {
        issuer: g.issuer,
        authorization_endpoint: g.authorizationEndpoint,
        token_endpoint: g.tokenEndpoint,
        revocation_endpoint: g.revocationEndpoint,
      };
      // Google's ID tokens carry iss "https://accounts.google.com" or, for some clients, the bare host.
      setExpectedIssuer(oauth, as, (claims) =>
        claims.iss === 'accounts.google.com' ? 'accounts.google.com' : g.issuer,
      );
      return {
        ...base,
        as,
        // A service account authenticates with its signed assertion (jwt-bearer.ts), not a client secret.
        clientAuth:
          auth.credential === 'service_account'
            ? oauth.None()
            : secretAuth(oauth, 'client_secret_post', requireSecret(clientSecret, 'Google')),
        // offline + consent: otherwise Google returns no refresh token on a repeated consent.
        extraParams: { access_type: 'offline', prompt: 'consent', ...loginHint(auth.email) },
        requestOptions: insecureIfLoopback(oauth, g.tokenEndpoint),
      };
    }
    case 'microsoft': {
      const root = `${endpoints.microsoftAuthority}/${encodeURIComponent(auth.tenant)}`;
      const issuerForTenant = (tid: string) => `${endpoints.microsoftAuthority}/${tid}/v2.0`;
      const as: OAuth.AuthorizationServer = {
        issuer: `${root}/v2.0`,
        authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
        token_endpoint: `${root}/oauth2/v2.0/token`,
        device_authorization_endpoint: `${root}/oauth2/v2.0/devicecode`,
      };
      setExpectedIssuer(oauth, as, (claims) =>
        typeof claims.tid === 'string' ? issuerForTenant(claims.tid) : as.issuer,
      );
      const certificate = auth.permission === 'application' && auth.appCredential === 'certificate';
      return {
        ...base,
        as,
        // A certificate signs a client assertion (the key is the stored "client secret"). A "Mobile
        // and desktop" registration is a public client: sending a secret is an error (AADSTS700025).
        clientAuth: certificate
          ? await certificateClientAuth(oauth, clientSecret ?? '', auth.certificateThumbprint, as.token_endpoint!)
          : clientSecret
            ? secretAuth(oauth, 'client_secret_post', clientSecret)
            : oauth.None(),
        // No prompt: Microsoft shows consent only when it is still needed, and login_hint picks the account.
        extraParams: { ...loginHint(auth.email) },
        requestOptions: insecureIfLoopback(oauth, as.token_endpoint!),
        issuerForTenant,
      };
    }
    case 'generic': {
      const issuer = auth.issuer;
      const found = issuer ? await discover(oauth, issuer, discovery) : staticServer(oauth, auth);
      // An explicit device endpoint wins over (or stands in for) the metadata's. The spread keeps
      // the expected-issuer hook, an own enumerable symbol property.
      const as = auth.deviceAuthorizationEndpoint
        ? { ...found, device_authorization_endpoint: auth.deviceAuthorizationEndpoint }
        : found;
      const method = auth.clientAuthMethod;
      return {
        ...base,
        as,
        forgetMetadata: () => (issuer ? discovery?.forget(issuer) : undefined),
        clientAuth:
          method === 'none' ? oauth.None() : secretAuth(oauth, method, requireSecret(clientSecret, 'this provider')),
        extraParams: {
          ...(base.openid || scopes.includes('offline_access') ? { prompt: 'consent' } : {}),
          ...loginHint(auth.email),
        },
        requestOptions: insecureIfLoopback(oauth, as.token_endpoint!),
      };
    }
  }
}

function loginHint(email: string): Record<string, string> {
  return email ? { login_hint: email } : {};
}

function secretAuth(
  oauth: OAuthLib,
  method: 'client_secret_post' | 'client_secret_basic',
  secret: string,
): OAuth.ClientAuth {
  return method === 'client_secret_basic' ? oauth.ClientSecretBasic(secret) : oauth.ClientSecretPost(secret);
}

function requireSecret(secret: string | undefined, provider: string): string {
  if (secret) return secret;
  throw new AppError({
    code: 'oauth_config',
    message: `No client secret is stored, and ${provider} needs one to issue tokens.`,
    hint: 'Copy the client secret from the app registration into "Client secret", save, and authorize again.',
    fields: [{ path: 'secrets.clientSecret', message: 'Enter the client secret.' }],
  });
}

export function insecureIfLoopback(oauth: OAuthLib, url: string): { [OAuth.allowInsecureRequests]?: boolean } {
  // The same rule the settings were validated with: http only where isSecureUrl allows it. The
  // scheme is read before any parse: an https endpoint (every real one) needs none.
  return /^http:/i.test(url) && isSecureUrl(url) ? { [oauth.allowInsecureRequests]: true } : {};
}

/**
 * Discovered metadata per issuer, kept for the HTTP cache lifetime the provider gave it
 * (Cache-Control max-age, else Expires), 5 minutes when it gave none, never over a day, and not
 * at all for no-store/no-cache. One per Services: every refresh used to discover again.
 */
export class DiscoveryCache {
  private readonly entries = new Map<string, { as: OAuth.AuthorizationServer; expires: number }>();

  constructor(private readonly clock: () => number = Date.now) {}

  get(issuer: string): OAuth.AuthorizationServer | undefined {
    const entry = this.entries.get(issuer);
    if (entry && entry.expires > this.clock()) return entry.as;
    this.entries.delete(issuer);
    return undefined;
  }

  set(issuer: string, as: OAuth.AuthorizationServer, headers: Headers): void {
    const lifetime = cacheLifetimeMs(headers, this.clock());
    if (lifetime > 0) this.entries.set(issuer, { as: Object.freeze({ ...as }), expires: this.clock() + lifetime });
  }

  forget(issuer: string): void {
    this.entries.delete(issuer);
  }
}

const HEURISTIC_LIFETIME_MS = 5 * 60_000;
const MAX_LIFETIME_MS = 24 * 3600_000;

export function cacheLifetimeMs(headers: Headers, now: number): number {
  const control = (headers.get('cache-control') ?? '').toLowerCase();
  if (/(^|[\s,])(no-store|no-cache)\b/.test(control)) return 0;
  const maxAge = /(^|[\s,])max-age\s*=\s*"?(\d+)/.exec(control)?.[2];
  let lifetime = HEURISTIC_LIFETIME_MS;
  if (maxAge !== undefined) lifetime = Number(maxAge) * 1000;
  else if (headers.has('expires')) {
    const expires = Date.parse(headers.get('expires')!);
    const date = Date.parse(headers.get('date') ?? '') || now;
    lifetime = Number.isNaN(expires) ? 0 : expires - date;
  }
  // RFC 9111 §4.2.3: a shared cache on the way (a CDN) already held it for Age seconds.
  const age = Number(/^\s*(\d+)\s*$/.exec(headers.get('age') ?? '')?.[1] ?? 0) * 1000;
  return Math.max(0, Math.min(lifetime - age, MAX_LIFETIME_MS));
}

/** RFC 8414 / OpenID Connect discovery: OIDC metadata first, then OAuth AS metadata. */
async function discover(oauth: OAuthLib, issuer: string, cache?: DiscoveryCache): Promise<OAuth.AuthorizationServer> {
  const cached = cache?.get(issuer);
  if (cached) return cached;
  const issuerUrl = new URL(issuer);
  let lastError: unknown;
  for (const algorithm of ['oidc', 'oauth2'] as const) {
    try {
      const response = await oauth.discoveryRequest(issuerUrl, {
        algorithm,
        ...insecureIfLoopback(oauth, issuer),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const as = await oauth.processDiscoveryResponse(issuerUrl, response);
      cache?.set(issuer, as, response.headers);
      return as;
    } catch (error) {
      lastError = error;
    }
  }
  throw new AppError(
    {
      code: 'oauth_config',
      message: `The provider's metadata could not be read from ${issuer}.`,
      hint: 'Check the issuer URL (its /.well-known/openid-configuration must be reachable), or leave the issuer empty and enter the authorization and token endpoints.',
      detail: lastError instanceof Error ? lastError.message : String(lastError),
    },
    { cause: lastError },
  );
}

function staticServer(oauth: OAuthLib, auth: Extract<OAuthAuth, { type: 'generic' }>): OAuth.AuthorizationServer {
  const as: OAuth.AuthorizationServer = {
    issuer: new URL(auth.tokenEndpoint).origin,
    authorization_endpoint: auth.authorizationEndpoint,
    token_endpoint: auth.tokenEndpoint,
  };
  // Without an issuer there is nothing to compare an ID token's iss with; it came over TLS from
  // the token endpoint itself (OIDC Core 3.1.3.7), so accept what it says.
  setExpectedIssuer(oauth, as, (claims) => String(claims.iss));
  return as;
}

export const OAUTH_TIMEOUT_MS = TIMEOUT_MS;

/**
 * ID-token issuer that depends on the token (Microsoft multi-tenant, Google's two spellings).
 * oauth4webapi exposes this hook for exactly that case (openid-client uses it for Entra ID);
 * it is not in its typings, so check it exists rather than fail open.
 */
export function setExpectedIssuer(
  oauth: OAuthLib,
  as: OAuth.AuthorizationServer,
  expected: (claims: Record<string, unknown>) => string,
): void {
  const hook = (oauth as unknown as { _expectedIssuer?: symbol })._expectedIssuer;
  if (typeof hook !== 'symbol')
    throw new Error('oauth4webapi no longer offers _expectedIssuer; review resolve-provider.ts');
  (as as unknown as Record<symbol, unknown>)[hook] = (result: { claims: Record<string, unknown> }) =>
    expected(result.claims);
}
