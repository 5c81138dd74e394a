#!/usr/bin/env node
// `npm test`: system packages (as root), type-checks, lint, build, every test suite, then a quick bench.
// Prints one summary at the end, ending in the line "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const RESULTS = '.test-results';
rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });

const run = (label, command, args, extraEnv = {}) => {
  console.log(`\n=== ${label}: ${[command, ...args].join(' ')}`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`=== ${label}: ${status === 0 ? 'ok' : `FAILED (exit ${status})`} in ${seconds}s`);
  return status === 0;
};

// Gates: nothing is worth testing if these fail.
const gates = [
  ['system packages', 'bash', ['scripts/install-system-deps.sh']],
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['build', 'npx', ['electron-vite', 'build']],
];
for (const [label, command, args] of gates) {
  if (!run(label, command, args)) process.exit(1);
}

const vitest = (project) => [
  'vitest',
  'run',
  '--project',
  project,
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${RESULTS}/${project}.json`,
];
// The Electron specs run for real wherever Electron's installer can fetch the binary; elsewhere
// they skip and print the installer's own reason, passed to them in MAILPREFS_ELECTRON_MISSING.
console.log('\n=== electron binary: npx tsx scripts/ensure-electron.ts --reason-only');
const electron = spawnSync('npx', ['tsx', 'scripts/ensure-electron.ts', '--reason-only'], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
const electronMissing = (electron.stdout ?? '').trim();
console.log(`=== electron binary: ${electronMissing ? `not available (${electronMissing})` : 'ready'}`);

const suites = [
  ['unit', 'npx', vitest('unit')],
  ['integration', 'npx', vitest('integration')],
  ['e2e + electron', 'npx', ['playwright', 'test']],
];
const suiteOk = suites.map(([label, command, args]) =>
  run(label, command, args, electronMissing ? { MAILPREFS_ELECTRON_MISSING: electronMissing } : {}),
);

// Speed figures, after the suites (docs/benchmarks.md has the full run). Timings never fail the
// run; the bench's exit code is non-zero only when it crashes (a send or refresh that errors),
// and that does fail it: it means a path the suites cover broke under the bench.
const benchOk = run('bench (quick, informational)', 'npx', ['tsx', 'scripts/bench.ts', '--quick', '--no-build']);

const totals = { passed: 0, failed: 0, skipped: 0 };
const rows = [];
for (const project of ['unit', 'integration']) {
  const file = `${RESULTS}/${project}.json`;
  if (!existsSync(file)) continue;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const row = {
    suite: project,
    passed: r.numPassedTests,
    failed: r.numFailedTests,
    skipped: r.numPendingTests + r.numTodoTests,
  };
  rows.push(row);
}
const pw = `${RESULTS}/playwright.json`;
if (existsSync(pw)) {
  const byProject = {};
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const p = (byProject[t.projectName] ??= { passed: 0, failed: 0, skipped: 0 });
        if (t.status === 'skipped') p.skipped++;
        else if (t.status === 'expected' || t.status === 'flaky') p.passed++;
        else p.failed++;
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of JSON.parse(readFileSync(pw, 'utf8')).suites ?? []) walk(suite);
  for (const [suite, counts] of Object.entries(byProject)) rows.push({ suite, ...counts });
}

console.log('\n=== Test totals');
for (const row of rows) {
  console.log(
    `${row.suite.padEnd(12)} ${String(row.passed).padStart(4)} passed ${String(row.failed).padStart(3)} failed ${String(row.skipped).padStart(3)} skipped`,
  );
  totals.passed += row.passed;
  totals.failed += row.failed;
  totals.skipped += row.skipped;
}
const ok = suiteOk.every(Boolean) && benchOk && totals.failed === 0 && totals.passed > 0;
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok ? 0 : 1);
