// kill -9 at random instants while a child makes random mixed changes (create, save with a new
// password, rename, duplicate, delete). After every kill the store, opened as the app opens it
// at start, must hold the invariant with no repair at all, and equal either the state of the last
// call that answered ok or that state plus the call in flight: never half of one, never a secret
// lost for a call that answered ok. CRASH_ROUNDS=1000 npm run test:integration runs a longer one.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkStore } from '../../src-main/storage/store-invariant';
import type { Model } from '../support/crash-child';
import { createTestHost } from '../support/main-host';

const ROUNDS = Number(process.env['CRASH_ROUNDS'] ?? 100);
const CHILD = path.resolve(import.meta.dirname, '../support/crash-child.ts');

interface Killed {
  acknowledged: Model;
  inFlight: Model | null;
  steps: number;
}

function runAndKill(
  dataDirectory: string,
  keyHex: string,
  seed: number,
  killAfterMs: number,
  start: Model,
): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDirectory, keyHex, String(seed)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let buffer = '';
    const state: Killed = { acknowledged: start, inFlight: null, steps: 0 };
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        else if (line.startsWith('begin ')) state.inFlight = JSON.parse(line.slice(6)) as Model;
        else if (line === 'ok' && state.inFlight) {
          state.acknowledged = state.inFlight;
          state.inFlight = null;
          state.steps++;
        }
      }
    });
    child.once('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve(state) : reject(new Error(`child exited with ${code}: ${stderr}`)),
    );
  });
}

describe('crash safety', () => {
  it(`kill -9 at ${ROUNDS} random points: the store is whole, and holds every call that answered ok`, async () => {
    const key = randomBytes(32);
    const host = createTestHost({ key });
    let expected: Model = {};
    let steps = 0;
    let landedInFlight = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const killed = await runAndKill(
        host.dataDirectory,
        key.toString('hex'),
        round + 1,
        5 + Math.floor(Math.random() * 120),
        expected,
      );
      steps += killed.steps;
      const file = path.join(host.dataDirectory, 'profiles.json');
      const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
      expect(checkStore(raw).repairs, `round ${round}`).toEqual([]);
      // A fresh reader, as the app after a restart.
      const reader = createTestHost({ dataDirectory: host.dataDirectory, key });
      const actual: Model = {};
      for (const view of reader.services.profiles.list()) {
        actual[view.profile.name] = {
          description: view.profile.description,
          password: (await reader.services.vault.get(view.profile.id, 'password')) ?? null,
        };
      }
      if (killed.inFlight && JSON.stringify(sorted(actual)) === JSON.stringify(sorted(killed.inFlight))) {
        landedInFlight++;
      } else {
        expect(
          sorted(actual),
          `round ${round}: the disk holds neither the last ok'd state nor the one in flight`,
        ).toEqual(sorted(killed.acknowledged));
      }
      expected = actual;
    }
    // The kills really landed among the writes: work was done, and some kills caught a call mid-way.
    expect(steps).toBeGreaterThan(ROUNDS);
    console.log(
      `crash test: ${ROUNDS} kills, ${steps} calls answered ok, ${landedInFlight} kills after a write landed but before its answer`,
    );
    host.cleanup();
  }, 600_000);
});

function sorted(model: Model): [string, Model[string]][] {
  return Object.entries(model).sort(([a], [b]) => a.localeCompare(b));
}
