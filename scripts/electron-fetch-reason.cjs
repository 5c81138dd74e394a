// Preloaded into Electron's installer by scripts/ensure-electron.ts. Node's fetch rejects with a
// bare "fetch failed"; the useful part (ENOTFOUND, ECONNREFUSED, a certificate error) sits in
// `cause`. Rethrow with the cause and the URL in the message, so the installer's one-line error
// tells the admin what actually went wrong.
'use strict';
const originalFetch = globalThis.fetch;
globalThis.fetch = async function fetchWithReason(input, init) {
  try {
    return await originalFetch(input, init);
  } catch (error) {
    const cause = error && error.cause;
    const detail = cause ? [cause.code, cause.hostname ?? cause.message].filter(Boolean).join(' ') : '';
    const url = typeof input === 'object' && input && 'url' in input ? input.url : String(input);
    throw new Error(`${error.message}${detail ? ` (${detail})` : ''} while downloading ${url}`, { cause: error });
  }
};
