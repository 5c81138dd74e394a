// Child process for the crash test of the two durability classes: on three profiles it rotates
// the refresh token (durable), caches a new access token (deferred) and records a status
// (deferred), in random order and at random pauses, until it is killed. Before each change it
// prints the state the store holds once that change is committed, and whether the change is
// durable; after it, "ok". The parent then knows which states the disk may hold: one of those,
// no older than the last durable change that answered ok.
import { createServices } from '../../src-main/services';
import { createAesGcmCipher } from '../../src-main/vault/aes-gcm-cipher';
import { applySealed } from '../../src-main/vault/secret-vault';
import type { ProfileStatus } from '../../src-shared/profile';
import { seededRandom } from './seeded-random';

export interface CacheModelEntry {
  refreshToken: string | null;
  accessToken: string | null;
  status: string | null;
}
export type CacheModel = Record<string, CacheModelEntry>;

const [dataDirectory, keyHex, seedText] = process.argv.slice(2);
if (!dataDirectory || !keyHex || !seedText) throw new Error('usage: crash-child-cache <dir> <key-hex> <seed>');
const services = createServices({ dataDirectory, cipher: createAesGcmCipher(Buffer.from(keyHex, 'hex')) });
const { profiles, vault } = services;

const rng = seededRandom(seedText);
const random = (n: number) => rng.below(n);

/** What the store holds now, by profile name (the parent reads the disk into the same shape). */
async function cacheModel(s: typeof services): Promise<CacheModel> {
  const model: CacheModel = {};
  for (const view of s.profiles.list()) {
    model[view.profile.name] = {
      refreshToken: (await s.vault.get(view.profile.id, 'refreshToken')) ?? null,
      accessToken: (await s.vault.get(view.profile.id, 'accessToken')) ?? null,
      status: view.status.reason,
    };
  }
  return model;
}

const ids = Object.fromEntries(profiles.list().map((v) => [v.profile.name, v.profile.id] as const));
const model = await cacheModel(services);
process.stdout.write('ready\n');

for (let step = 0; ; step++) {
  const name = ['A', 'B', 'C'][random(3)]!;
  const id = ids[name]!;
  const kind = random(3);
  const next: CacheModel = structuredClone(model);
  const tag = `${rng.state}-${step}`;
  let run: () => Promise<unknown>;
  if (kind < 2) {
    // A refresh as TokenService writes it: the tokens with the authorization's times, one patch.
    // Rotated (a new refresh token) it must be on disk before "ok"; access token only, it may wait.
    const tokens = kind === 0 ? { refreshToken: `rt-${tag}`, accessToken: `at-${tag}` } : { accessToken: `at-${tag}` };
    next[name] = { ...next[name]!, ...tokens };
    run = async () => {
      const sealed = await vault.seal(tokens);
      const time = new Date(Date.now() + step).toISOString();
      await profiles.patch(id, (current) => ({
        secrets: applySealed(current.secrets, sealed),
        authorization: { ...current.authorization!, accessTokenExpiresAt: time, lastRefreshAt: time },
      }));
    };
  } else {
    const status: ProfileStatus = { state: 'not_verified', lastVerifiedSend: null, reason: `status ${tag}` };
    next[name] = { ...next[name]!, status: status.reason };
    run = () => profiles.setStatus(id, status);
  }
  process.stdout.write(`begin ${kind === 0 ? 'durable' : 'deferred'} ${JSON.stringify(next)}\n`);
  await run();
  Object.assign(model, next);
  process.stdout.write('ok\n');
  // Pauses of up to ~a deferred write's delay: some kills land before it, some after.
  if (random(4) === 0) await new Promise((r) => setTimeout(r, random(250)));
}
