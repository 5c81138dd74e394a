// Serves the built renderer (out/renderer) over http on 127.0.0.1: Chromium refuses the module
// script from file://, and the app itself serves it from its own app:// origin the same way, with
// the same headers (its CSP among them: the built page has no meta tag of its own).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { rendererHeaders } from '../../src-main/electron/renderer-headers';

export const RENDERER_DIR = path.resolve(import.meta.dirname, '../../out/renderer');

export async function serveRenderer(root = RENDERER_DIR): Promise<{ url: string; close: () => Promise<void> }> {
  if (!existsSync(path.join(root, 'index.html'))) {
    throw new Error(`No built renderer in ${root}. Run "npm run build" first (npm test does it for you).`);
  }
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const file = path.resolve(root, '.' + (pathname === '/' ? '/index.html' : decodeURIComponent(pathname)));
    if (!file.startsWith(root + path.sep)) return void res.writeHead(404).end();
    readFile(file).then(
      (body) => res.writeHead(200, rendererHeaders(file)).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
