// When a stored access token is handed out and when it is refreshed: five minutes before expiry,
// or half its lifetime for short-lived tokens, so that no token is refreshed while it is fresh.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLOCK_SET_BACK_MS, hasTimeLeft, REFRESH_MARGIN_MS } from '../../../src-main/oauth/refresh-grant';

const HOUR = 3600_000;

describe('hasTimeLeft', () => {
  it('refreshes an hour-long token five minutes before it expires', () => {
    const obtained = 0;
    expect(hasTimeLeft(HOUR, obtained, HOUR - REFRESH_MARGIN_MS - 1)).toBe(true);
    expect(hasTimeLeft(HOUR, obtained, HOUR - REFRESH_MARGIN_MS)).toBe(false);
  });

  it('uses a short-lived token for the first half of its life', () => {
    expect(hasTimeLeft(2000, 0, 0)).toBe(true);
    expect(hasTimeLeft(2000, 0, 999)).toBe(true);
    expect(hasTimeLeft(2000, 0, 1000)).toBe(false);
  });

  it('does not trust the expiry of a token issued while this clock ran ahead (it was set back since)', () => {
    const day = 24 * HOUR;
    // Refreshed with the clock a day fast: issued at +1 day, expiring at +1 day and an hour.
    const obtained = day;
    const expires = day + HOUR;
    expect(hasTimeLeft(expires, obtained, 2 * HOUR)).toBe(false); // NTP corrected it: refresh now
    expect(hasTimeLeft(expires, obtained, obtained - CLOCK_SET_BACK_MS)).toBe(true); // an ordinary step
  });

  it('keeps the full margin when the issue time is unknown', () => {
    expect(hasTimeLeft(REFRESH_MARGIN_MS, null, 0)).toBe(false);
    expect(hasTimeLeft(REFRESH_MARGIN_MS + 1, null, 0)).toBe(true);
  });

  it('never hands out an expired token, and always a freshly issued one that lives', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 * HOUR }),
        fc.integer({ min: 1, max: 10 * HOUR }),
        fc.integer({ min: -HOUR, max: 11 * HOUR }),
        (obtained, lifetime, elapsed) => {
          const expires = obtained + lifetime;
          const now = obtained + elapsed;
          const left = hasTimeLeft(expires, obtained, now);
          if (now >= expires) expect(left).toBe(false);
          // Set back further than an NTP step since it was issued: its expiry is not to be trusted.
          if (elapsed < -CLOCK_SET_BACK_MS) return void expect(left).toBe(false);
          if (elapsed <= 0) expect(left).toBe(true);
          // Never more than the standard margin before expiry is a token given up.
          if (expires - now > REFRESH_MARGIN_MS) expect(left).toBe(true);
        },
      ),
    );
  });
});
