// Speed and memory figures for the main-process paths an admin waits on. Prints, never asserts:
// run it before and after a change and compare.   npm run bench
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDispatch, createHandlers } from '../src-main/api';
import { createServices } from '../src-main/services';
import { createAesGcmCipher } from '../src-main/vault/aes-gcm-cipher';
import type { ProfileView } from '../src-shared/profile';
import { standardProfile } from '../tests/support/profiles';
import { SMTP_PASSWORD, startSmtpServer } from '../tests/support/smtp-server';

async function time(label: string, runs: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < Math.min(3, runs); i++) await fn(i); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!.toFixed(2);
  console.log(
    `${label.padEnd(40)} n=${String(runs).padStart(4)}  p50 ${pct(0.5).padStart(8)} ms  p95 ${pct(0.95).padStart(8)} ms`,
  );
}

const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-bench-'));
const services = createServices({
  dataDirectory: dir,
  cipher: createAesGcmCipher(randomBytes(32)),
  appVersion: 'bench',
});
const dispatch = createDispatch(createHandlers(services), services);
const call = async <T>(method: string, args: unknown): Promise<T> => {
  const r = await dispatch(method, args);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
};

const smtp = await startSmtpServer();
const ids: string[] = [];
for (let i = 0; i < 50; i++)
  ids.push((await call<ProfileView>('createProfile', { name: `Profile ${i}`, authType: 'standard' })).profile.id);
const id = ids[0]!;

await time('dispatch listProfiles (50 profiles)', 200, () => call('listProfiles', {}));
await time('dispatch saveProfile (settings + secret)', 200, (i) =>
  call('saveProfile', {
    profile: standardProfile(id, 1000 + i, { name: 'Profile 0' }),
    secrets: { password: `pw-${i}` },
  }),
);
await call('saveProfile', {
  profile: standardProfile(id, smtp.port, { name: 'Profile 0' }),
  secrets: { password: SMTP_PASSWORD },
});
await time('vault get (AES-GCM decrypt)', 1000, () => services.vault.get(id, 'password'));
await time('test send over STARTTLS to loopback SMTP', 30, () =>
  call('sendTestEmail', { id, to: 'bench@example.test' }),
);
await time('export 50 profiles to JSON (in memory)', 50, async () => {
  const { renderExport } = await import('../src-main/export/export-service');
  return renderExport({ ...services, dialogs: services.dialogs }, ids, 'json', { mode: 'omit' });
});

const memory = process.memoryUsage();
console.log(
  `${'memory after the runs'.padEnd(40)} rss ${(memory.rss / 2 ** 20).toFixed(1)} MiB  heap ${(memory.heapUsed / 2 ** 20).toFixed(1)} MiB`,
);
await smtp.close();
rmSync(dir, { recursive: true, force: true });
