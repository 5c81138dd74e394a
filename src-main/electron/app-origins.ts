// Which URLs belong to the app: an exact origin match, never a string prefix. A prefix check
// lets app://mailprefs.evil or http://127.0.0.1:5173@evil.example through.

/** scheme://host[:port]. Node reports origin "null" for custom schemes such as app://, so build it. */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : null;
  } catch {
    return null;
  }
}

/** A predicate for "is this one of the app's own pages", from the app's origins. */
export function isAppUrl(allowedOrigins: readonly string[]): (url: string) => boolean {
  const allowed = new Set(allowedOrigins.map((origin) => originOf(origin)));
  return (url) => {
    const origin = originOf(url);
    return origin !== null && allowed.has(origin);
  };
}
