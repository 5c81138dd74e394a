// How an OAuth profile's authorization is doing, and what needs the admin before it fails: the
// access token's time left, the refresh token's age, Google's 7-day limit for apps in Testing,
// a client secret about to expire, and why re-authorization is required. Pure: the clock is a
// parameter, so the form (ticking) and the tests (a fixed time) read it the same way.
import { isAppOnly } from './oauth';
import type { ProfileView } from './profile';

export type HealthLevel = 'ok' | 'warning' | 'problem';

export interface HealthItem {
  id: 'access' | 'refresh' | 'testing' | 'secret' | 'reauthorize';
  level: HealthLevel;
  text: string;
}

const DAY = 86_400_000;
/** Google: refresh tokens of an app in Testing expire 7 days after consent. */
export const GOOGLE_TESTING_LIFETIME_MS = 7 * DAY;
/** Client secret banner from this long before its expiry. */
export const SECRET_WARNING_MS = 30 * DAY;

export function tokenHealth(view: ProfileView, now: number): HealthItem[] {
  const items: HealthItem[] = [];
  const { auth } = view.profile;
  if (auth.type === 'standard') return items;
  if (view.status.state === 'reauthorization_required') {
    items.push({
      id: 'reauthorize',
      level: 'problem',
      text: `Re-authorization required: ${view.status.reason ?? 'the provider no longer accepts the stored authorization.'}`,
    });
  }
  const info = view.authorization;
  if (info?.accessTokenExpiresAt) {
    const left = Date.parse(info.accessTokenExpiresAt) - now;
    items.push({
      id: 'access',
      level: 'ok',
      text:
        left > 0
          ? `Access token expires in ${duration(left)}`
          : `Access token expired ${duration(-left)} ago${info.hasRefreshToken || isAppOnly(auth) ? ' (renewed automatically on next use)' : ''}`,
    });
  }
  if (info && isAppOnly(auth)) {
    // No authorization to age: the app mints a token from its secret whenever it needs one.
    const minted = info.lastRefreshAt ?? info.authorizedAt;
    items.push({
      id: 'refresh',
      level: 'ok',
      text: `Token minted with the client secret ${duration(now - Date.parse(minted))} ago`,
    });
  } else if (info) {
    const age = now - Date.parse(info.authorizedAt);
    const refreshed = info.lastRefreshAt
      ? `; last refreshed ${duration(now - Date.parse(info.lastRefreshAt))} ago`
      : '; not refreshed yet';
    items.push({ id: 'refresh', level: 'ok', text: `Authorized ${duration(age)} ago${refreshed}` });
    const health = view.profile.health;
    if (auth.type === 'google' && health?.googleAppInTesting && info.hasRefreshToken) {
      const left = Date.parse(info.authorizedAt) + GOOGLE_TESTING_LIFETIME_MS - now;
      items.push(
        left > 0
          ? {
              id: 'testing',
              level: left < 2 * DAY ? 'problem' : 'warning',
              text: `The Google app is in Testing: this refresh token stops working in ${duration(left)}. Publish the consent screen (or make the app Internal) and authorize again.`,
            }
          : {
              id: 'testing',
              level: 'problem',
              text: 'The Google app is in Testing and its 7 days are over: the refresh token no longer works. Publish the consent screen (or make the app Internal) and authorize again.',
            },
      );
    }
  }
  const expiresOn = view.profile.health?.clientSecretExpiresOn;
  if (expiresOn && view.secrets.clientSecret) {
    const left = Date.parse(`${expiresOn}T23:59:59Z`) - now;
    if (left <= 0)
      items.push({
        id: 'secret',
        level: 'problem',
        text: `The client secret expired on ${expiresOn}: create a new one in the app registration, paste its Value, save.`,
      });
    else if (left <= SECRET_WARNING_MS)
      items.push({
        id: 'secret',
        level: 'warning',
        text: `The client secret expires on ${expiresOn} (in ${duration(left)}): create a new one before then, paste its Value, save.`,
      });
  }
  return items;
}

/** Whether the sidebar marks the profile as needing the admin. */
export function needsAttention(view: ProfileView, now: number): boolean {
  return tokenHealth(view, now).some((item) => item.level !== 'ok');
}

export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} days`;
}
