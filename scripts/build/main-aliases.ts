// Imports the main bundle resolves to our own modules instead of the package (see each target's
// header for why). Shared by electron.vite.config.ts and the bench's start-up harness, so the
// harness measures the bundle the app ships.
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CONF_UNUSED = path.join(ROOT, 'src-main/storage/conf-unused.ts');

export const MAIN_ALIASES = [
  { find: /^ajv\/dist\/2020\.js$/, replacement: CONF_UNUSED },
  { find: /^ajv-formats$/, replacement: CONF_UNUSED },
  { find: /^semver$/, replacement: CONF_UNUSED },
];
