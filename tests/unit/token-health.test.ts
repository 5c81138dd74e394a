// Token health with the clock as a parameter: each warning appears at the right time.
import { describe, expect, it } from 'vitest';
import { newProfile } from '../../src-shared/new-profile';
import type { ProfileView } from '../../src-shared/profile';
import { GOOGLE_TESTING_LIFETIME_MS, needsAttention, tokenHealth } from '../../src-shared/token-health';

const T0 = Date.parse('2026-12-01T12:00:00Z');
const H = 3_600_000;
const DAY = 24 * H;

function google(options: { testing?: boolean; secretExpires?: string } = {}): ProfileView {
  const profile = newProfile('6f1c2a3b-4d5e-4f60-8a7b-8c9d0e1f2a3b', 'G', 'google');
  return {
    profile: {
      ...profile,
      health: {
        googleAppInTesting: options.testing ?? false,
        clientSecretExpiresOn: options.secretExpires ?? '',
        checklist: [],
      },
    },
    secrets: { password: false, clientSecret: true, accessToken: true, refreshToken: true },
    status: { state: 'verified', lastVerifiedSend: null, reason: null },
    authorization: {
      account: 'a@example.test',
      scopes: ['https://mail.google.com/'],
      accessTokenExpiresAt: new Date(T0 + H).toISOString(),
      hasRefreshToken: true,
      authorizedAt: new Date(T0).toISOString(),
      lastRefreshAt: null,
    },
    updatedAt: new Date(T0).toISOString(),
    revision: 3,
  };
}

const item = (view: ProfileView, now: number, id: string) => tokenHealth(view, now).find((i) => i.id === id);

describe('token health', () => {
  it('counts the access token down, then says it expired', () => {
    expect(item(google(), T0 + 30 * 60_000, 'access')?.text).toBe('Access token expires in 30 min 0 s');
    expect(item(google(), T0 + H + 5000, 'access')?.text).toMatch(/expired 5 s ago \(renewed automatically/);
  });

  it('Google in Testing: a warning, a problem in the last 2 days, then expired', () => {
    const view = google({ testing: true });
    expect(item(google(), T0, 'testing')).toBeUndefined();
    expect(item(view, T0 + DAY, 'testing')?.level).toBe('warning');
    expect(item(view, T0 + 5.5 * DAY, 'testing')?.level).toBe('problem');
    expect(item(view, T0 + GOOGLE_TESTING_LIFETIME_MS + 1, 'testing')?.text).toMatch(/7 days are over/);
    expect(needsAttention(view, T0 + DAY)).toBe(true);
    expect(needsAttention(google(), T0 + DAY)).toBe(false);
  });

  it('client secret: nothing until 30 days before, a warning then, a problem after', () => {
    const view = google({ secretExpires: '2027-01-31' });
    const end = Date.parse('2027-01-31T23:59:59Z');
    expect(item(view, end - 31 * DAY, 'secret')).toBeUndefined();
    expect(item(view, end - 29 * DAY, 'secret')?.level).toBe('warning');
    expect(item(view, end + 1000, 'secret')?.level).toBe('problem');
  });

  it('says why re-authorization is required', () => {
    const view = {
      ...google(),
      status: { state: 'reauthorization_required' as const, lastVerifiedSend: null, reason: 'Refresh token revoked.' },
    };
    expect(item(view, T0, 'reauthorize')).toEqual({
      id: 'reauthorize',
      level: 'problem',
      text: 'Re-authorization required: Refresh token revoked.',
    });
  });
});
