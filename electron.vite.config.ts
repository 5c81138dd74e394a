// Three builds: main (Node, ESM), preload (sandboxed, so CommonJS in one file), renderer (web).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { MAIN_ALIASES } from './scripts/build/main-aliases';
import { contentSecurityPolicy } from './src-shared/csp';

/**
 * The CSP for the Vite dev server's page, as a meta tag (relaxed for HMR). A build has none: the
 * app's app:// protocol sends the strict policy as a header (src-main/electron/renderer-headers.ts).
 */
function cspPlugin(): Plugin {
  let dev = false;
  return {
    name: 'mailprefs-csp',
    configResolved(config) {
      dev = config.command === 'serve';
    },
    transformIndexHtml(html) {
      const tag = dev
        ? `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy({ dev, meta: true })}" />`
        : '';
      return html.replace(/ *<!-- CSP -->\n?/, tag ? `    ${tag}\n` : '');
    },
  };
}

export default defineConfig({
  main: {
    resolve: { alias: MAIN_ALIASES },
    build: {
      outDir: 'out/main',
      lib: { entry: 'src-main/index.ts' },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      lib: { entry: 'src-preload/index.ts', formats: ['cjs'] },
      rolldownOptions: { output: { entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [react(), cspPlugin()],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves the renderer unminified; the first screen loads less minified.
      minify: true,
      rolldownOptions: {
        input: 'src-renderer/index.html',
        // React in a chunk of its own, beside the app's: Chromium compiles each module script off
        // the main thread as it arrives, two of them at once on two cores, so the form is on
        // screen ~15 ms sooner than from one bundle (npm run bench, navigation). The lazy chunks
        // import React from it too.
        output: {
          codeSplitting: { groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ }] },
        },
      },
    },
  },
});
