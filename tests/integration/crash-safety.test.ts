// Kills a process in the middle of saving, many times over; every time the settings on disk
// must still be readable, valid and whole (conf writes to a temp file and renames it).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileSchema, type ProfileView } from '../../src-shared/profile';
import { createTestHost } from '../support/main-host';
import { standardProfile } from '../support/profiles';

const ROUNDS = 20;
const CHILD = path.resolve(import.meta.dirname, '../support/crash-child.ts');

function runAndKill(args: string[], killAfterMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), killAfterMs));
    child.once('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited with ${code}: ${stderr}`)),
    );
  });
}

describe('crash safety', () => {
  it(`keeps the settings whole when the process is killed mid-save (${ROUNDS} rounds)`, async () => {
    const key = randomBytes(32);
    const host = createTestHost({ key });
    const created = await host.call<ProfileView>('createProfile', { name: 'Crash test', authType: 'standard' });
    const id = created.profile.id;
    await host.call('saveProfile', {
      profile: standardProfile(id, 1000, { name: 'Crash test' }),
      secrets: { password: 'pw-0' },
    });

    const seen = new Set<number>();
    for (let round = 0; round < ROUNDS; round++) {
      await runAndKill([host.dataDirectory, key.toString('hex'), id], 20 + ((round * 37) % 200));
      // A fresh reader, as the app after a restart.
      const reader = createTestHost({ dataDirectory: host.dataDirectory, key });
      const views = await reader.call<ProfileView[]>('listProfiles');
      expect(views).toHaveLength(1);
      const { profile } = views[0]!;
      expect(profileSchema.safeParse(profile).success).toBe(true);
      const version = Number(/^save (\d+) /.exec(profile.description)?.[1]);
      expect(profile.outgoing.port).toBe(1000 + (version % 60000)); // one save's fields, not two
      seen.add(version);
      const password = await reader.services.vault.get(id, 'password');
      expect(password).toMatch(/^pw-\d+$/);
      // The vault is written before the settings, so it is never behind them.
      expect(Number(password!.slice(3))).toBeGreaterThanOrEqual(version);
    }
    // The kills landed at different points: many different versions survived.
    expect(seen.size).toBeGreaterThan(ROUNDS / 2);
    host.cleanup();
  }, 120_000);
});
