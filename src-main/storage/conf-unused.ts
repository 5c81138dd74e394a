// conf imports ajv (a JSON Schema compiler, about 90 modules) and semver (about 45) for its
// `schema` and `migrations` options. This app gives conf neither: zod checks every document, and
// the documents carry their own version. So the main bundle resolves those imports here
// (scripts/build/main-aliases.ts), and the start path no longer loads some 130 modules that never
// run. Should an option ever reach them, the first use throws rather than skip a check quietly.

function unused(name: string): never {
  throw new Error(`${name} is not bundled: conf's schema and migrations options are not used by this app`);
}

/** ajv/dist/2020.js */
export class Ajv2020 {
  constructor() {
    unused('ajv');
  }
}

/** ajv-formats (default export, read as `.default` by conf) and semver (default export). */
const stub = new Proxy(
  {},
  {
    get: (_, key) => (key === 'then' || typeof key === 'symbol' ? undefined : () => unused(`${String(key)}`)),
  },
);
export default stub;
