// OAuth 2.0 provider facts as data (PROVIDERS.md), and what follows from a profile: the scopes to
// ask for and the loopback redirect URI to register. Logic that talks to servers is in src-main.
import type { AuthSettings, AuthType, Profile } from './profile';

export type OAuthType = Exclude<AuthType, 'standard'>;
export type OAuthAuth = Extract<AuthSettings, { type: OAuthType }>;

export function isOAuth(auth: AuthSettings): auth is OAuthAuth {
  return auth.type !== 'standard';
}

/** Loopback host per RFC 8252 §7.3: the IP literal, so no resolver can send it elsewhere. */
export const LOOPBACK_HOST = '127.0.0.1';

/** A redirect path per provider kind, so a stray callback for one cannot complete another. */
export const REDIRECT_PATHS: Record<OAuthType, string> = {
  google: '/oauth/google',
  microsoft: '/oauth/microsoft',
  generic: '/oauth/callback',
};

/** The URI to register at the provider. Without a fixed port, providers match any port. */
export function redirectUriFor(type: OAuthType, port: number | null): string {
  // eslint-disable-next-line @microsoft/sdl/no-insecure-url -- RFC 8252 §7.3: the loopback redirect URI is http by design.
  return `http://${LOOPBACK_HOST}${port ? `:${port}` : ''}${REDIRECT_PATHS[type]}`;
}

export const GOOGLE = {
  issuer: 'https://accounts.google.com',
  authorizationEndpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenEndpoint: 'https://oauth2.googleapis.com/token',
  revocationEndpoint: 'https://oauth2.googleapis.com/revoke',
  mailScope: 'https://mail.google.com/',
} as const;

export const MICROSOFT = {
  authority: 'https://login.microsoftonline.com',
  smtpScope: 'https://outlook.office.com/SMTP.Send',
  imapScope: 'https://outlook.office.com/IMAP.AccessAsUser.All',
  popScope: 'https://outlook.office.com/POP.AccessAsUser.All',
  /**
   * App-only (client credentials): one scope for whatever application permissions the admin
   * consented to (SMTP.SendAsApp, IMAP.AccessAsApp, POP.AccessAsApp). No refresh, no identity.
   */
  appOnlyScope: 'https://outlook.office365.com/.default',
} as const;

/** Whether a profile gets its tokens without anyone signing in (Office 365 application permission). */
/** Nobody signs in: Office 365 application permission, or a Google service account. */
export function isAppOnly(auth: AuthSettings): boolean {
  return (
    (auth.type === 'microsoft' && auth.permission === 'application') ||
    (auth.type === 'google' && auth.credential === 'service_account')
  );
}

/** Scopes for a profile: mail access for the protocols it uses, plus identity and refresh. */
export function scopesFor(profile: Pick<Profile, 'auth' | 'incoming'>): string[] {
  const { auth } = profile;
  switch (auth.type) {
    case 'standard':
      return [];
    case 'google':
      // One scope covers SMTP, IMAP and POP at Google; a service account's token is the mailbox's, no ID token.
      return auth.credential === 'service_account' ? [GOOGLE.mailScope] : [GOOGLE.mailScope, 'openid', 'email'];
    case 'microsoft': {
      if (auth.permission === 'application') return [MICROSOFT.appOnlyScope];
      // One resource per token: only outlook.office.com scopes, never Graph ones.
      const incoming =
        profile.incoming?.protocol === 'imap'
          ? [MICROSOFT.imapScope]
          : profile.incoming?.protocol === 'pop3'
            ? [MICROSOFT.popScope]
            : [];
      return [MICROSOFT.smtpScope, ...incoming, 'offline_access', 'openid', 'email'];
    }
    case 'generic':
      return auth.scope.split(/\s+/).filter(Boolean);
  }
}

/** What the renderer may know about an authorization: metadata only, never a token. */
export interface AuthorizationInfo {
  /** The account the provider says consented (ID token email / preferred_username). */
  account: string | null;
  scopes: string[];
  accessTokenExpiresAt: string | null;
  hasRefreshToken: boolean;
  authorizedAt: string;
  lastRefreshAt: string | null;
  /**
   * Set when an export handed this grant's refresh token to a server (one holder per refresh
   * token): the app no longer holds it, never refreshes or revokes it. Null or absent otherwise.
   */
  handedOff?: { at: string; file: string } | null;
}

export interface AuthorizationStart {
  /** The page to open: the provider's sign-in (browser flow) or its verification page (device code). */
  authorizationUrl: string;
  /** The loopback redirect URI; empty for the device code flow, which has none. */
  redirectUri: string;
  /** When the flow gives up waiting for the browser. */
  expiresAt: string;
  /** Device code flow (RFC 8628): what the admin enters, and where. */
  device?: DeviceCodeStart;
}

export interface DeviceCodeStart {
  userCode: string;
  verificationUri: string;
  /** The verification page with the code filled in, when the provider offers one. */
  verificationUriComplete: string | null;
}

/** How Authorize signs the mailbox in: the browser on this computer, or a code on another device. */
export const SIGN_IN_METHODS = ['browser', 'device'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];
