// The renderer's Content-Security-Policy, in one place: the HTML meta tag (build), the custom
// protocol's response header (Electron) and the tests all use this function.

/**
 * `meta`: the policy for an HTML meta tag, which browsers ignore frame-ancestors in (and warn
 * about); the header form carries it.
 */
export function contentSecurityPolicy({ dev, meta = false }: { dev: boolean; meta?: boolean }): string {
  const directives: Record<string, string> = {
    'default-src': "'none'",
    // The Vite dev server injects an inline React-refresh preamble and talks over a websocket.
    'script-src': dev ? "'self' 'unsafe-inline'" : "'self'",
    'style-src': "'self'",
    'img-src': "'self' data:",
    'font-src': "'self'",
    'connect-src': dev ? "'self' ws:" : "'self'",
    'base-uri': "'none'",
    'form-action': "'none'",
    'frame-ancestors': "'none'",
    'object-src': "'none'",
  };
  if (meta) delete directives['frame-ancestors'];
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}
