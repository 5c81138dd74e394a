// Cold start without Electron: what the main process does before it can answer the renderer
// (services, store, dispatch), then one listProfiles. Built by the bench the way electron-vite
// builds main (package dependencies external, the rest bundled) and run as `node harness.mjs DIR`.
// Prints its peak RSS in bytes and exits: the parent times spawn → exit.
import { readFileSync } from 'node:fs';
import { createDispatch, createHandlers } from '../../src-main/api';
import { createServices } from '../../src-main/services';
import { createAesGcmCipher } from '../../src-main/vault/aes-gcm-cipher';

const dataDirectory = process.argv[2];
if (!dataDirectory) throw new Error('usage: harness.mjs DATA_DIRECTORY');
const services = createServices({
  dataDirectory,
  cipher: createAesGcmCipher(Buffer.alloc(32, 7)),
  appVersion: 'bench',
});
const dispatch = createDispatch(createHandlers(services), services);
const result = await dispatch('listProfiles', {});
if (!result.ok) throw new Error(result.error.message);

/** VmHWM starts afresh at exec; getrusage's maxRSS can carry the forking parent's peak over. */
function peakRss(): number {
  try {
    return 1024 * Number(/VmHWM:\s*(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
  } catch {
    return 1024 * process.resourceUsage().maxRSS;
  }
}
process.stdout.write(String(peakRss()));
process.exit(0);
