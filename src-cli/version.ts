// The version mailprefs reports: the app's, from package.json (bundled into the single file).
import pkg from '../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;
