// How long a provider's discovery document is kept: as its HTTP caching headers say (RFC 9111),
// less what a cache on the way has already held it for (Age), never negative.
import { describe, expect, it } from 'vitest';
import { cacheLifetimeMs } from '../../../src-main/oauth/resolve-provider';

const now = Date.parse('2026-12-03T12:00:00Z');
const lifetime = (headers: Record<string, string>) => cacheLifetimeMs(new Headers(headers), now);

describe('discovery cache lifetime', () => {
  it('max-age, less the Age a shared cache added, and nothing once it is spent', () => {
    expect(lifetime({ 'cache-control': 'public, max-age=3600' })).toBe(3_600_000);
    expect(lifetime({ 'cache-control': 'public, max-age=3600', age: '3590' })).toBe(10_000);
    expect(lifetime({ 'cache-control': 'max-age=60', age: '600' })).toBe(0);
    expect(lifetime({ 'cache-control': 'max-age=60', age: 'soon' })).toBe(60_000); // not a number of seconds
  });

  it('no-store and no-cache keep nothing; Expires counts from Date', () => {
    expect(lifetime({ 'cache-control': 'no-store', age: '0' })).toBe(0);
    expect(lifetime({ 'cache-control': 'no-cache' })).toBe(0);
    expect(lifetime({ date: 'Thu, 03 Dec 2026 12:00:00 GMT', expires: 'Thu, 03 Dec 2026 12:10:00 GMT' })).toBe(600_000);
  });
});
