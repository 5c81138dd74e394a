// The response headers of every file of the built renderer, wherever it is served from: the app's
// app:// protocol, and the http server the browser tests and the bench load it from. The CSP
// travels here, as a header, and not as a meta tag in index.html: Chromium's preload scanner
// holds back the script's fetch until a meta CSP has been parsed (about 20 ms of every start,
// measured by `npm run bench`), and only the header form carries frame-ancestors.
import path from 'node:path';
import { contentSecurityPolicy } from '../../src-shared/csp';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** The same for every file: built once. */
const CSP = contentSecurityPolicy({ dev: false });

export function rendererHeaders(file: string): Record<string, string> {
  return {
    'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
  };
}
