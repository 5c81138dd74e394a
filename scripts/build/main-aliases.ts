// Imports the main bundle resolves to our own modules instead of the package (see each target's
// header for why). Shared by electron.vite.config.ts and the bench's start-up harness, so the
// harness measures the bundle the app ships.
import { fileURLToPath } from 'node:url';

// import.meta.url, not import.meta.dirname: electron-vite bundles its config into one temporary
// file at the project root and rewrites only import.meta.url (and __dirname) to each source
// file's own place, so import.meta.dirname would name the root and '../..' would leave it.
const CONF_UNUSED = fileURLToPath(new URL('../../src-main/storage/conf-unused.ts', import.meta.url));

export const MAIN_ALIASES = [
  { find: /^ajv\/dist\/2020\.js$/, replacement: CONF_UNUSED },
  { find: /^ajv-formats$/, replacement: CONF_UNUSED },
  { find: /^semver$/, replacement: CONF_UNUSED },
];
