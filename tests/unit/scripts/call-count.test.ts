// The bench's call counter: each call of a function counts, per run, and scripts it is told to
// ignore are left out (the bench leaves the in-process SMTP server out this way).
import { describe, expect, it } from 'vitest';
import { withCallCounting } from '../../../scripts/bench/call-count';

function leaf(n: number): number {
  return n + 1;
}
async function tenLeaves(): Promise<void> {
  for (let i = 0; i < 10; i++) leaf(i);
}

describe('withCallCounting', () => {
  it('counts the calls one run makes, averaged over the runs, and leaves ignored scripts out', async () => {
    const all = await withCallCounting(/(?!)/, (counter) => counter.perRun(tenLeaves, 4));
    // tenLeaves itself and its ten calls of leaf, per run; the loop around them adds a few.
    expect(all).toBeGreaterThanOrEqual(11);
    const ignoring = await withCallCounting(/call-count\.test/, (counter) => counter.perRun(tenLeaves, 4));
    expect(all - ignoring).toBeGreaterThanOrEqual(11);
  });

  it('a run that does more counts more', async () => {
    const [ten, twenty] = await withCallCounting(/(?!)/, async (counter) => [
      await counter.perRun(tenLeaves, 3),
      await counter.perRun(async () => {
        await tenLeaves();
        await tenLeaves();
      }, 3),
    ]);
    expect(twenty - ten).toBeGreaterThanOrEqual(11);
  });
});
