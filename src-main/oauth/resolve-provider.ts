// Turns a profile into what oauth4webapi needs: the authorization server's metadata, the client,
// how it authenticates, the scopes and the extra authorization parameters.
import * as oauth from 'oauth4webapi';
import { AppError } from '../../src-shared/errors';
import { scopesFor, type OAuthAuth } from '../../src-shared/oauth';
import type { Profile } from '../../src-shared/profile';
import { isSecureUrl } from '../../src-shared/validators';
import type { ProviderEndpoints } from './endpoints';

export interface ResolvedProvider {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  clientAuth: oauth.ClientAuth;
  scopes: string[];
  extraParams: Record<string, string>;
  /** http:// is allowed only for 127.0.0.1 test servers in unpackaged builds; everything real is https. */
  requestOptions: { [oauth.allowInsecureRequests]?: boolean; signal?: AbortSignal };
  openid: boolean;
  /** Microsoft: the issuer depends on the tenant the account belongs to (ID token `tid`). */
  issuerForTenant?: (tid: string) => string;
}

const TIMEOUT_MS = 20_000;

export async function resolveProvider(
  profile: Profile,
  clientSecret: string | undefined,
  endpoints: ProviderEndpoints,
): Promise<ResolvedProvider> {
  const auth = profile.auth as OAuthAuth;
  const scopes = scopesFor(profile);
  const client: oauth.Client = { client_id: auth.clientId };
  const base = { client, scopes, openid: scopes.includes('openid') };
  switch (auth.type) {
    case 'google': {
      const g = endpoints.google;
      const as: oauth.AuthorizationServer = {
        issuer: g.issuer,
        authorization_endpoint: g.authorizationEndpoint,
        token_endpoint: g.tokenEndpoint,
        revocation_endpoint: g.revocationEndpoint,
      };
      // Google's ID tokens carry iss "https://accounts.google.com" or, for some clients, the bare host.
      setExpectedIssuer(as, (claims) => (claims.iss === 'accounts.google.com' ? 'accounts.google.com' : g.issuer));
      return {
        ...base,
        as,
        clientAuth: secretAuth('client_secret_post', requireSecret(clientSecret, 'Google')),
        // offline + consent: otherwise Google returns no refresh token on a repeated consent.
        extraParams: { access_type: 'offline', prompt: 'consent', ...loginHint(auth.email) },
        requestOptions: insecureIfLoopback(g.tokenEndpoint),
      };
    }
    case 'microsoft': {
      const root = `${endpoints.microsoftAuthority}/${encodeURIComponent(auth.tenant)}`;
      const issuerForTenant = (tid: string) => `${endpoints.microsoftAuthority}/${tid}/v2.0`;
      const as: oauth.AuthorizationServer = {
        issuer: `${root}/v2.0`,
        authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
        token_endpoint: `${root}/oauth2/v2.0/token`,
      };
      setExpectedIssuer(as, (claims) => (typeof claims.tid === 'string' ? issuerForTenant(claims.tid) : as.issuer));
      return {
        ...base,
        as,
        // A "Mobile and desktop" registration is a public client: sending a secret is an error (AADSTS700025).
        clientAuth: clientSecret ? secretAuth('client_secret_post', clientSecret) : oauth.None(),
        // No prompt: Microsoft shows consent only when it is still needed, and login_hint picks the account.
        extraParams: { ...loginHint(auth.email) },
        requestOptions: insecureIfLoopback(as.token_endpoint!),
        issuerForTenant,
      };
    }
    case 'generic': {
      const as = auth.issuer ? await discover(auth.issuer) : staticServer(auth);
      const method = auth.clientAuthMethod;
      return {
        ...base,
        as,
        clientAuth: method === 'none' ? oauth.None() : secretAuth(method, requireSecret(clientSecret, 'this provider')),
        extraParams: {
          ...(base.openid || scopes.includes('offline_access') ? { prompt: 'consent' } : {}),
          ...loginHint(auth.email),
        },
        requestOptions: insecureIfLoopback(as.token_endpoint!),
      };
    }
  }
}

function loginHint(email: string): Record<string, string> {
  return email ? { login_hint: email } : {};
}

function secretAuth(method: 'client_secret_post' | 'client_secret_basic', secret: string): oauth.ClientAuth {
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

export function insecureIfLoopback(url: string): { [oauth.allowInsecureRequests]?: boolean } {
  const parsed = new URL(url);
  // The same rule the settings were validated with: http only where isSecureUrl allows it.
  return parsed.protocol === 'http:' && isSecureUrl(url) ? { [oauth.allowInsecureRequests]: true } : {};
}

/** RFC 8414 / OpenID Connect discovery: OIDC metadata first, then OAuth AS metadata. */
async function discover(issuer: string): Promise<oauth.AuthorizationServer> {
  const issuerUrl = new URL(issuer);
  let lastError: unknown;
  for (const algorithm of ['oidc', 'oauth2'] as const) {
    try {
      const response = await oauth.discoveryRequest(issuerUrl, {
        algorithm,
        ...insecureIfLoopback(issuer),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      return await oauth.processDiscoveryResponse(issuerUrl, response);
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

function staticServer(auth: Extract<OAuthAuth, { type: 'generic' }>): oauth.AuthorizationServer {
  const as: oauth.AuthorizationServer = {
    issuer: new URL(auth.tokenEndpoint).origin,
    authorization_endpoint: auth.authorizationEndpoint,
    token_endpoint: auth.tokenEndpoint,
  };
  // Without an issuer there is nothing to compare an ID token's iss with; it came over TLS from
  // the token endpoint itself (OIDC Core 3.1.3.7), so accept what it says.
  setExpectedIssuer(as, (claims) => String(claims.iss));
  return as;
}

export const OAUTH_TIMEOUT_MS = TIMEOUT_MS;

/**
 * ID-token issuer that depends on the token (Microsoft multi-tenant, Google's two spellings).
 * oauth4webapi exposes this hook for exactly that case (openid-client uses it for Entra ID);
 * it is not in its typings, so check it exists rather than fail open.
 */
export function setExpectedIssuer(
  as: oauth.AuthorizationServer,
  expected: (claims: Record<string, unknown>) => string,
): void {
  const hook = (oauth as unknown as { _expectedIssuer?: symbol })._expectedIssuer;
  if (typeof hook !== 'symbol')
    throw new Error('oauth4webapi no longer offers _expectedIssuer; review resolve-provider.ts');
  (as as unknown as Record<symbol, unknown>)[hook] = (result: { claims: Record<string, unknown> }) =>
    expected(result.claims);
}
