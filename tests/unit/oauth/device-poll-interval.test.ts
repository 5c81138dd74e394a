// The device sign-in's wait between polls: what the provider asks (RFC 8628 §3.2), five seconds
// more after each slow_down (§3.5), always between a second and ten minutes, because a timer
// beyond Node's range (about 24.8 days) fires at once and a provider's huge interval would
// otherwise poll in a storm.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_POLL_SECONDS, pollSeconds, slowedDown } from '../../../src-main/oauth/grants/device-code';

describe('device sign-in poll interval', () => {
  it('slow_down adds five seconds, up to ten minutes, and stays there however often it comes', () => {
    expect(slowedDown(5)).toBe(10);
    expect(slowedDown(596)).toBe(MAX_POLL_SECONDS);
    let interval = pollSeconds(590);
    for (let i = 0; i < 10; i++) interval = slowedDown(interval);
    expect(interval).toBe(600);
  });

  it('any interval a provider can send in JSON (huge, 1e999, zero, negative, fractional) is bounded', () => {
    expect(pollSeconds(JSON.parse('1e999') as number)).toBe(600);
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (asked) => {
        const wait = pollSeconds(asked);
        const slower = slowedDown(wait);
        expect(wait).toBeGreaterThanOrEqual(1);
        expect(wait).toBeLessThanOrEqual(MAX_POLL_SECONDS);
        expect(slower).toBeGreaterThanOrEqual(wait);
        expect(slower).toBeLessThanOrEqual(MAX_POLL_SECONDS);
        if (asked >= 1 && asked <= MAX_POLL_SECONDS) expect(wait).toBe(asked);
      }),
    );
  });
});
