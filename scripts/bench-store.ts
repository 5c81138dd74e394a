// Store figures from the integrity issue, as ratios measured in this run (npm run bench:store):
//   listProfiles (through dispatch) / one read + JSON.parse of profiles.json, at 1, 100, 1000 profiles
//   dispatch's own overhead: dispatch('getAppInfo') minus calling the handler directly, in µs
// Baseline and app path alternate round by round, so machine noise hits both alike.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDispatch, createHandlers } from '../src-main/api';
import { NOT_VERIFIED, STORE_VERSION, type StoredProfile } from '../src-main/profiles/profile-document';
import { createServices } from '../src-main/services';
import { createAesGcmCipher } from '../src-main/vault/aes-gcm-cipher';
import { standardProfile } from '../tests/support/profiles';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 200);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;
const ns = () => Number(process.hrtime.bigint());

async function measure(count: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-bench-store-'));
  const profiles: Record<string, StoredProfile> = {};
  const order: string[] = [];
  const time = new Date().toISOString();
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    order.push(id);
    profiles[id] = {
      profile: standardProfile(id, 587, { name: `Profile ${i}` }),
      status: NOT_VERIFIED,
      authorization: null,
      secrets: { password: randomBytes(48).toString('base64') },
      createdAt: time,
      updatedAt: time,
      revision: 1,
    };
  }
  const file = path.join(dir, 'profiles.json');
  writeFileSync(file, JSON.stringify({ version: STORE_VERSION, order, profiles }, null, '\t'));
  const services = createServices({
    dataDirectory: dir,
    cipher: createAesGcmCipher(randomBytes(32)),
    appVersion: 'bench',
  });
  const handlers = createHandlers(services);
  const dispatch = createDispatch(handlers, services);
  const read: number[] = [];
  const list: number[] = [];
  const viaDispatch: number[] = [];
  const direct: number[] = [];
  for (let r = 0; r < ROUNDS + 10; r++) {
    let t = ns();
    JSON.parse(readFileSync(file, 'utf8'));
    const a = ns() - t;
    t = ns();
    const listed = await dispatch('listProfiles', {});
    const b = ns() - t;
    if (!listed.ok || (listed.value as unknown[]).length !== count)
      throw new Error('listProfiles did not list them all');
    t = ns();
    await dispatch('getAppInfo', {});
    const c = ns() - t;
    t = ns();
    await handlers.getAppInfo({});
    const d = ns() - t;
    if (r < 10) continue; // warm-up
    read.push(a);
    list.push(b);
    viaDispatch.push(c);
    direct.push(d);
  }
  rmSync(dir, { recursive: true, force: true });
  const ratios = list.map((x, i) => x / read[i]!);
  return {
    count,
    readMs: median(read) / 1e6,
    listMs: median(list) / 1e6,
    ratio: median(list) / median(read),
    ratioP10P90: [[...ratios].sort((a, b) => a - b)[Math.floor(ratios.length * 0.1)]!, p90(ratios)],
    overheadUs: (median(viaDispatch) - median(direct)) / 1e3,
    overheadP90Us: (p90(viaDispatch) - median(direct)) / 1e3,
  };
}

console.log(`store bench, ${ROUNDS} interleaved rounds per size (medians)`);
console.log('profiles  read+parse  listProfiles  ratio (p10–p90)      dispatch overhead median (p90)');
for (const count of [1, 100, 1000]) {
  const m = await measure(count);
  console.log(
    `${String(m.count).padStart(8)}  ${m.readMs.toFixed(3).padStart(8)} ms  ${m.listMs.toFixed(3).padStart(9)} ms  ${m.ratio.toFixed(2).padStart(5)}× (${m.ratioP10P90[0]!.toFixed(2)}–${m.ratioP10P90[1]!.toFixed(2)})   ${m.overheadUs.toFixed(1).padStart(6)} µs (${m.overheadP90Us.toFixed(1)} µs)`,
  );
}
