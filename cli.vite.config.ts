// Builds `mailprefs`, the server command, into ONE file that plain Node (>= 20) runs without
// Electron and without node_modules: every dependency is bundled; only Node's built-ins stay
// imports. `npm run build:cli` → out/cli/mailprefs.mjs.
import { chmodSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vite';

export const CLI_ENTRY = 'src-cli/main.ts';
export const CLI_FILE = 'mailprefs.mjs';

export default defineConfig({
  logLevel: 'warn',
  plugins: [
    {
      name: 'mailprefs-executable',
      // So a server can run ./mailprefs.mjs directly (the file starts with #!/usr/bin/env node).
      writeBundle(options) {
        chmodSync(path.join(options.dir ?? 'out/cli', CLI_FILE), 0o755);
      },
    },
  ],
  build: {
    ssr: CLI_ENTRY,
    outDir: 'out/cli',
    target: 'node20',
    minify: false,
    sourcemap: false,
    emptyOutDir: true,
    copyPublicDir: false,
    rolldownOptions: {
      output: { entryFileNames: CLI_FILE, format: 'es', codeSplitting: false, banner: '#!/usr/bin/env node' },
    },
  },
  // Bundle everything (nodemailer, imapflow, oauth4webapi, age-encryption, zod): a server gets one file.
  ssr: { noExternal: true, target: 'node' },
});
