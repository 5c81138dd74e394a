// The build's own config, loaded the way `electron-vite build` loads it (bundled into a temporary
// file at the root): every alias must name a file that exists wherever the clone lives. A path
// computed from the wrong base once resolved only because Vite reads '/x' as root-relative when
// the clone sat two levels below '/'.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfigFromFile } from 'electron-vite';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

describe('electron.vite.config.ts', () => {
  it('aliases the main bundle to files that exist, by absolute paths inside the project', async () => {
    const loaded = await loadConfigFromFile({ command: 'build', mode: 'production' }, undefined, root, 'silent');
    const main = loaded.config.main as { resolve?: { alias?: { find: RegExp; replacement: string }[] } };
    const aliases = main.resolve?.alias ?? [];
    expect(aliases.length).toBeGreaterThan(0);
    for (const { find, replacement } of aliases) {
      expect(path.isAbsolute(replacement), String(find)).toBe(true);
      expect(replacement.startsWith(root + path.sep), `${String(find)} → ${replacement}`).toBe(true);
      expect(existsSync(replacement), replacement).toBe(true);
    }
  });

  it("puts a CSP meta tag into the dev server's page only: a build gets its CSP as a header", async () => {
    for (const command of ['build', 'serve'] as const) {
      const loaded = await loadConfigFromFile({ command, mode: 'production' }, undefined, root, 'silent');
      const renderer = loaded.config.renderer as { plugins?: unknown[] };
      const plugin = (renderer.plugins ?? [])
        .flat()
        .find((p) => (p as { name?: string })?.name === 'mailprefs-csp') as {
        configResolved: (config: { command: string }) => void;
        transformIndexHtml: (html: string) => string;
      };
      plugin.configResolved({ command });
      const html = plugin.transformIndexHtml('<head>\n    <!-- CSP -->\n    <title>x</title>\n</head>');
      expect(html).not.toContain('<!-- CSP -->');
      if (command === 'build') expect(html).not.toContain('Content-Security-Policy');
      else
        expect(html).toMatch(
          /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'unsafe-inline'/,
        );
    }
  });
});
