// Statistics for the bench: each measure runs app and baseline interleaved, round by round, so
// the machine's noise hits both alike. The ratio is the median of the per-round ratios; its
// spread is their interquartile range.

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export const median = (values: readonly number[]) => quantile(values, 0.5);

export interface Row {
  measure: string;
  unit: 'ms' | 'µs' | 'KiB' | 'MiB' | 'calls';
  app: number[];
  base: number[];
  /** One ratio per round (app median / baseline median within the round). */
  ratios: number[];
  baseline: string;
  /** Upper bound for the ratio (or, with `absolute`, for the app's median). */
  goal: number;
  /** The measure is an absolute value (no baseline), e.g. dispatch overhead in µs. */
  absolute?: boolean;
  /** Shown for understanding, with no goal of its own (e.g. work counted in calls). */
  informational?: boolean;
  note?: string;
}

export interface Sampler {
  app: () => Promise<number>;
  base: () => Promise<number>;
}

/**
 * Runs `rounds` rounds of `perRound` samples on each side, alternating which side goes first,
 * after `warmup` untimed samples of each.
 */
export async function interleave(
  sampler: Sampler,
  { rounds, perRound, warmup }: { rounds: number; perRound: number; warmup: number },
): Promise<{ app: number[]; base: number[]; ratios: number[] }> {
  for (let i = 0; i < warmup; i++) {
    await sampler.app();
    await sampler.base();
  }
  const app: number[] = [];
  const base: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < perRound; i++) {
      if ((r + i) % 2 === 0) {
        a.push(await sampler.app());
        b.push(await sampler.base());
      } else {
        b.push(await sampler.base());
        a.push(await sampler.app());
      }
    }
    app.push(...a);
    base.push(...b);
    ratios.push(median(a) / median(b));
  }
  return { app, base, ratios };
}

const fmt = (value: number, unit: Row['unit']) =>
  Number.isNaN(value) ? '–' : unit === 'µs' || value >= 100 ? value.toFixed(0) : value.toFixed(value >= 10 ? 1 : 2);

export function verdict(row: Row): string {
  if (row.informational) return '–';
  const value = row.absolute ? median(row.app) : median(row.ratios);
  return value <= row.goal ? 'ok' : 'over';
}

/** A Markdown table: the same text goes to the console and to docs/benchmarks.md. */
export function table(rows: readonly Row[]): string {
  const head = [
    '| measure | app p50 | app p90 | baseline p50 | baseline p90 | ratio | ratio IQR | goal | |',
    '| --- | ---: | ---: | ---: | ---: | ---: | :---: | ---: | --- |',
  ];
  const body = rows.map((row) => {
    const u = row.unit;
    const cells = row.absolute
      ? [
          row.measure,
          `${fmt(median(row.app), u)} ${u}`,
          `${fmt(quantile(row.app, 0.9), u)} ${u}`,
          '–',
          '–',
          '–',
          `${fmt(quantile(row.app, 0.25), u)}–${fmt(quantile(row.app, 0.75), u)} ${u}`,
          `≤ ${row.goal} ${u}`,
          verdict(row),
        ]
      : [
          row.measure,
          `${fmt(median(row.app), u)} ${u}`,
          `${fmt(quantile(row.app, 0.9), u)} ${u}`,
          `${fmt(median(row.base), u)} ${u}`,
          `${fmt(quantile(row.base, 0.9), u)} ${u}`,
          `${median(row.ratios).toFixed(2)}×`,
          `${quantile(row.ratios, 0.25).toFixed(2)}–${quantile(row.ratios, 0.75).toFixed(2)}`,
          row.informational ? '–' : `≤ ${row.goal}×`,
          verdict(row),
        ];
    return `| ${cells.join(' | ')} |`;
  });
  return [...head, ...body].join('\n');
}
