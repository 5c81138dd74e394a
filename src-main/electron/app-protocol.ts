// Serves the built renderer from app://mailprefs/ instead of file:// (Electron security checklist:
// a custom protocol gives the page a real origin and confines it to the renderer folder).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import { rendererHeaders } from './renderer-headers';

export const APP_SCHEME = 'app';
export const APP_HOST = 'mailprefs';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * How the scheme is registered (before the app is ready). standard + secure give the page a real,
 * secure origin; supportFetchAPI lets it load its chunks; codeCache keeps V8's compiled renderer
 * code between starts, which Chromium does for http(s) only unless a custom scheme asks (it
 * needs standard too): from the second start on, the bundle is not compiled again.
 */
export const APP_SCHEME_REGISTRATION: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

/** Maps an app:// URL to a file inside root, or null if it points anywhere else. */
export function resolveAppFile(requestUrl: string, root: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  } catch {
    return null; // a malformed escape (%E0%A4%A) names no file: 404, not a failed handler
  }
  const file = path.resolve(root, '.' + relative);
  const inside = path.relative(root, file);
  if (inside.startsWith('..') || path.isAbsolute(inside)) return null;
  return file;
}

export function registerAppProtocol(protocol: Protocol, root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(request.url, root);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, { headers: rendererHeaders(file) });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
