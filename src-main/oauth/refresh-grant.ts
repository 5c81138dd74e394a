// One refresh-token grant (RFC 6749 §6) through oauth4webapi, with nothing stored: the caller
// decides where the new access token and a rotated refresh token go (the app's vault, or the
// server command's state directory). Errors come back explained (explainOAuthError). The app's
// TokenService and the server command both refresh through here; oauth4webapi loads on first use.
import type * as OAuth from 'oauth4webapi';
import { AppError } from '../../src-shared/errors';
import { isSecureUrl, secureUrlMessage } from '../../src-shared/validators';
import { explainOAuthError } from './explain-oauth-error';
import { loadOAuth } from './oauth-lib';
import { insecureIfLoopback, setExpectedIssuer, type ResolvedProvider } from './resolve-provider';
import { certificateClientAuth } from './certificate';
import { tokenRequest } from './request-deadline';
import type { CancelSignal } from '../profiles/operation-guard';

/** What a refresh needs of a provider: ResolvedProvider has it, so does providerAtTokenEndpoint. */
export type TokenEndpointProvider = Pick<ResolvedProvider, 'as' | 'client' | 'clientAuth' | 'requestOptions'>;

export interface RefreshedGrant {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Present when the provider rotated the refresh token: the old one is now spent. */
  refreshToken?: string;
  /** The scopes the provider says the new token carries, when it says. */
  scopes?: string[];
}

/** How far before a token's issue time this clock may read (an NTP step) and still trust its expiry. */
export const CLOCK_SET_BACK_MS = 5 * 60_000;

/** Refresh this long before expiry, so a token never expires between check and use (TokenService's margin). */
export const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Whether a token still has enough time left to hand out. The margin is REFRESH_MARGIN_MS, or half
 * the token's lifetime when it lives shorter than twice that: a provider issuing two-minute tokens
 * would otherwise be asked again at every use, and each ask may rotate (spend) the refresh token.
 * `obtainedAt` is when the token was issued, when known.
 */
export function hasTimeLeft(expiresAt: number, obtainedAt: number | null, now: number): boolean {
  const known = obtainedAt !== null && Number.isFinite(obtainedAt);
  // Issued "in the future": this clock was ahead when the token came (and has been set back), so
  // its expiry is as far off as the jump. Trusted, an expired token was handed out for as long.
  if (known && now < obtainedAt - CLOCK_SET_BACK_MS) return false;
  const lifetime = known ? expiresAt - obtainedAt : Infinity;
  const margin = Math.min(REFRESH_MARGIN_MS, Math.max(0, lifetime / 2));
  return expiresAt - now > margin;
}

/** Tokens without expires_in are assumed to live an hour (Google's and Microsoft's lifetime). */
export const DEFAULT_EXPIRES_IN_S = 3600;

/**
 * The longest lifetime believed. Some servers say "never expires" with a huge expires_in
 * (Long.MAX_VALUE); taken as it is, its expiry is no valid date, and storing the tokens failed,
 * losing a rotated refresh token with them. A year is longer than any mail provider's tokens.
 */
export const MAX_EXPIRES_IN_S = 365 * 24 * 3600;

/** Epoch ms at which a token from the token endpoint expires (an hour when it does not say). */
export function expiresAtFrom(now: Date, expiresIn: number | undefined): number {
  return now.getTime() + Math.min(expiresIn ?? DEFAULT_EXPIRES_IN_S, MAX_EXPIRES_IN_S) * 1000;
}

export async function refreshGrant(
  provider: TokenEndpointProvider,
  refreshToken: string,
  scopes: readonly string[],
  now: Date,
  /** Aborts the request (a sign-out or delete); the timeout applies either way. */
  signal?: CancelSignal,
): Promise<RefreshedGrant> {
  const oauth = await loadOAuth();
  const tokens = await tokenRequest(
    signal,
    async (deadline) => {
      const response = await oauth.refreshTokenGrantRequest(
        provider.as,
        provider.client,
        provider.clientAuth,
        refreshToken,
        {
          ...provider.requestOptions,
          signal: deadline,
          [oauth.customFetch]: withoutIdToken,
          // Microsoft wants the scope on refresh too (AADSTS900144); RFC 6749 §6: nothing beyond what was granted.
          ...(scopes.length ? { additionalParameters: { scope: scopes.join(' ') } } : {}),
        },
      );
      return oauth.processRefreshTokenResponse(provider.as, provider.client, response);
    },
    (error) => explainOAuthError(error, 'refresh'),
  );
  return {
    accessToken: tokens.access_token,
    expiresAt: expiresAtFrom(now, tokens.expires_in),
    // Only a rotated one: providers that do not rotate often send the same token back, and
    // storing that again would make every refresh a durable write (durability.ts) for nothing.
    ...(tokens.refresh_token && tokens.refresh_token !== refreshToken ? { refreshToken: tokens.refresh_token } : {}),
    ...(tokens.scope ? { scopes: tokens.scope.split(' ').filter(Boolean) } : {}),
  };
}

/**
 * The token endpoint's answer without its ID token. By the time it arrives the refresh token is
 * rotated (spent); an ID token that failed oauth4webapi's checks — this host's clock behind its
 * not-before time or past its expiry, a signing algorithm other than the assumed RS256 — failed
 * the whole refresh, and the new refresh token was thrown away with it. Nothing here uses an ID
 * token from a refresh (the account comes from the sign-in), so it is not read at all.
 */
async function withoutIdToken(url: string, init: RequestInit): Promise<Response> {
  const response = await fetch(url, init);
  if (response.status !== 200) return response;
  const text = await response.text();
  let body = text;
  if (text.includes('"id_token"')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && 'id_token' in parsed) {
        const { id_token: _ignored, ...rest } = parsed as Record<string, unknown>;
        body = JSON.stringify(rest);
      }
    } catch {
      // Not JSON: oauth4webapi words that refusal.
    }
  }
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  headers.delete('content-encoding');
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

export interface TokenEndpointSettings {
  clientId: string;
  tokenEndpoint: string;
  clientAuthMethod: 'client_secret_post' | 'client_secret_basic' | 'none' | 'private_key_jwt';
  /** The client secret, or with private_key_jwt the certificate's key (PKCS#8 DER, base64). */
  clientSecret?: string | undefined;
  /** private_key_jwt: the certificate's SHA-1 thumbprint (x5t). */
  certificateThumbprint?: string | undefined;
  /** For the device authorization grant on the server (`mailprefs authorize --device`). */
  deviceAuthorizationEndpoint?: string | undefined;
}

/**
 * A provider known only by its token endpoint, as an exported config describes it (the endpoint
 * was resolved at export time, so no discovery is needed on the server). The token endpoint gets
 * the refresh token and the client secret, so it must be https (http only for 127.0.0.1 where
 * isSecureUrl allows it).
 */
export async function providerAtTokenEndpoint(settings: TokenEndpointSettings): Promise<TokenEndpointProvider> {
  const { clientId, tokenEndpoint, clientAuthMethod, clientSecret, deviceAuthorizationEndpoint } = settings;
  if (!isSecureUrl(tokenEndpoint)) {
    throw new AppError({
      code: 'oauth_config',
      message: `The token endpoint "${tokenEndpoint}" is not a secure URL, so no refresh token is sent to it.`,
      hint: secureUrlMessage(),
      fields: [{ path: 'oauth.tokenEndpoint', message: secureUrlMessage() }],
    });
  }
  if (clientAuthMethod !== 'none' && !clientSecret) {
    throw new AppError({
      code: 'oauth_config',
      message: 'No client secret is present, and the provider needs one to issue tokens.',
      hint: 'Export the profile again with its secrets, or fill in secrets.clientSecret.',
      fields: [{ path: 'secrets.clientSecret', message: 'Enter the client secret.' }],
    });
  }
  const oauth = await loadOAuth();
  const as: OAuth.AuthorizationServer = {
    issuer: new URL(tokenEndpoint).origin,
    token_endpoint: tokenEndpoint,
    ...(deviceAuthorizationEndpoint ? { device_authorization_endpoint: deviceAuthorizationEndpoint } : {}),
  };
  // An ID token on refresh came over TLS from the token endpoint itself (OIDC Core 3.1.3.7), and
  // its issuer may differ from the endpoint's origin (Microsoft tenants, Google): accept its iss.
  setExpectedIssuer(oauth, as, (claims) => String(claims['iss']));
  const clientAuth =
    clientAuthMethod === 'none'
      ? oauth.None()
      : clientAuthMethod === 'private_key_jwt'
        ? await certificateClientAuth(oauth, clientSecret!, settings.certificateThumbprint ?? '', tokenEndpoint)
        : clientAuthMethod === 'client_secret_basic'
          ? oauth.ClientSecretBasic(clientSecret!)
          : oauth.ClientSecretPost(clientSecret!);
  return { as, client: { client_id: clientId }, clientAuth, requestOptions: insecureIfLoopback(oauth, tokenEndpoint) };
}
