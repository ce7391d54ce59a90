/**
 * Runs the test files with node's own test runner. Node 20 does not expand globs itself, so the
 * files are collected here: unit, conformance (the sandboxes over HTTP against the official
 * references), activity (sandbox over HTTP), workflow (time-skipping server)
 * and end to end (dev server + worker process + command line). Pass folder names to run a part:
 * `npm run test:all -- unit activity`.
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

const root = path.resolve(__dirname, '..');
const suites = ['unit', 'fuzz', 'conformance', 'activity', 'workflow', 'replay', 'e2e', 'chaos'];
// `--long` (npm run test:chaos): the chaos suite's long form, CHAOS_ROUNDS rounds (default 4)
// instead of the one round `npm test` runs; CHAOS_SEED repeats a run.
const chaosEnv =
  process.argv.includes('--long') && !process.env.CHAOS_ROUNDS ? { CHAOS_ROUNDS: '4' } : ({} as NodeJS.ProcessEnv);
// `--concurrency N`: test files run side by side (default one at a time; see below).
const concurrencyArg = process.argv.indexOf('--concurrency');
const concurrency = concurrencyArg > 0 ? Number(process.argv[concurrencyArg + 1]) : 1;
if (!Number.isInteger(concurrency) || concurrency < 1) {
  console.error('--concurrency: must be a whole number of 1 or more');
  process.exit(2);
}
const wanted = process.argv.slice(2).filter((a, i, all) => !a.startsWith('-') && all[i - 1] !== '--concurrency');
const selected = wanted.length > 0 ? wanted : suites;
const unknown = selected.filter((s) => !suites.includes(s));
if (unknown.length > 0) {
  console.error(`unknown test suite(s): ${unknown.join(', ')}; choose from ${suites.join(', ')}`);
  process.exit(2);
}

function collect(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return collect(full);
      return name.endsWith('.test.ts') ? [full] : [];
    });
}

/**
 * With --concurrency, the files start in list order and each free slot takes the next one: the
 * longest files go first, so the last to finish are short ones and no core idles while one long
 * file runs alone at the end. Wall time per file, one at a time on the 2-core CI machine (busy):
 * backorder 154 s, portfolio-sync 77 s, worker-process 62 s, transfer-cli 58 s, cli-watch 46 s,
 * renew-kill 46 s, portfolio-sync-openprovider 45 s, change-registrant 43 s; most others 8-35 s.
 * A file not listed keeps its place after these.
 */
const LONGEST_FIRST = [
  'workflow/backorder',
  'e2e/worker-process',
  'e2e/transfer-cli',
  'workflow/portfolio-sync',
  'e2e/cli-watch',
  'e2e/renew-kill',
  'workflow/portfolio-sync-openprovider',
  'workflow/change-registrant',
].map((name) => path.join(root, 'test', `${name}.test.ts`));
const rank = (file: string): number => {
  const i = LONGEST_FIRST.indexOf(file);
  return i < 0 ? LONGEST_FIRST.length : i;
};
const collected = selected.flatMap((suite) => collect(path.join(root, 'test', suite)));
// Array.prototype.sort is stable: unlisted files keep the suite order.
const files = concurrency > 1 ? [...collected].sort((a, b) => rank(a) - rank(b)) : collected;
// One file at a time by default: the workflow and end-to-end files each run a Temporal server and
// a worker. Most of their time is waiting (drops, polls, retries), so `npm test` runs two of them
// side by side on CI's two cores, and the chaos suite (worker kills, timeouts) alone.
// The TAP stream passes through, and every "not ok" (with its location, failure type and error) is
// listed again last: CI shows only the tail of a long log, where a failure deep inside names nothing.
// (The spec reporter's own list is lost to --test-force-exit, which ends the process before it is written.)
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    // Node 20 applies this to each test file as a whole (its subprocess), not only to each test.
    '--test-timeout=600000',
    // A file whose set-up failed half-way (one server started, the next one did not) would keep its
    // process alive on the open handle until the 10-minute timeout; its failure is already reported.
    '--test-force-exit',
    ...files.map((f) => path.relative(root, f)),
  ],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...chaosEnv } },
);
const failures: string[] = [];
let inFailure = false;
createInterface({ input: child.stdout }).on('line', (line) => {
  process.stdout.write(`${line}\n`);
  if (/^\s*not ok \d+ - /.test(line)) {
    failures.push(line.trim());
    inFailure = true;
  } else if (inFailure && (/^\s*(location|failureType|error):/.test(line) || failures.at(-1)?.endsWith('|-'))) {
    // a multi-line error (`error: |-`) gives its first line
    failures.push(`    ${line.trim()}`);
  } else if (inFailure && /^\s*\.\.\.$/.test(line)) {
    inFailure = false;
  }
});
child.on('close', (code, signal) => {
  if (failures.length > 0)
    process.stdout.write(`\n::: failing tests (${selected.join(', ')})\n${failures.join('\n')}\n`);
  process.exit(code ?? (signal ? 1 : 0));
});
