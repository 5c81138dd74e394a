// Work counted instead of timed: how many JavaScript function calls one run of a path makes, from
// V8's precise coverage with call counts. Unlike a time it does not move with the machine's load,
// so it shows what the app adds to a raw library's path even on a noisy machine. It does not
// weigh the calls (a native decrypt or a system call counts as the one JS call that starts it),
// so it complements the timed ratio and never replaces it. Each resumption of an async function
// after an await counts as a call too, on both sides alike.
import { Session } from 'node:inspector/promises';

export interface CallCounter {
  /** Calls per run of `run`, averaged over `runs` runs; `settle` runs inside the count, once. */
  perRun(run: () => Promise<unknown>, runs: number, settle?: () => Promise<unknown>): Promise<number>;
}

/**
 * Counting slows JavaScript down: nothing timed may run inside `work`. Scripts whose URL matches
 * `ignore` are not counted (the in-process test servers: their work is the same on both sides,
 * and would pull the ratio towards 1).
 */
export async function withCallCounting<T>(ignore: RegExp, work: (counter: CallCounter) => Promise<T>): Promise<T> {
  const session = new Session();
  session.connect();
  let counting = false;
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
    counting = true;
    return await work({
      async perRun(run, runs, settle) {
        await session.post('Profiler.takePreciseCoverage'); // resets the counts
        for (let i = 0; i < runs; i++) await run();
        await settle?.();
        const { result } = await session.post('Profiler.takePreciseCoverage');
        let calls = 0;
        // Without `detailed`, each function's first range is its whole body: its count, its calls.
        for (const script of result) {
          if (ignore.test(script.url)) continue;
          for (const fn of script.functions) calls += fn.ranges[0]?.count ?? 0;
        }
        return calls / runs;
      },
    });
  } finally {
    // Only what was started is stopped, so a failure to start is the error that comes out.
    if (counting) await session.post('Profiler.stopPreciseCoverage');
    session.disconnect();
  }
}
