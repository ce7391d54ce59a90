/**
 * `npm test`: the static checks (typecheck, lint, formatting) and every test suite. The checks and
 * the light suites (unit, fuzz, conformance, replay: no Temporal server of their own, no timing
 * assertions; conformance only runs the sandbox over HTTP) run
 * side by side on the two cores; the suites that run Temporal servers and workers (activity,
 * workflow, e2e) run after them, three files at a time (mostly waiting on timers, polls and retries),
 * and the chaos suite last, alone. Every part runs
 * even when an earlier one failed, so one CI run shows every failure; the exit code is the first
 * failure's.
 *
 * The workflows are bundled once, first thing in the light part, into a temporary file that every
 * test process reads (DOMAINFLOW_TEST_WORKFLOW_BUNDLE, see test/helpers/temporal.ts) and every
 * worker process the end-to-end tests start runs (DOMAINFLOW_WORKFLOW_BUNDLE): one bundle instead of
 * one per test file and one per worker (re)start, each a few seconds of CPU on a 2-core machine.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface Part {
  name: string;
  steps: string[][];
  /** keep the output and print it whole at the end of the part (parts running side by side) */
  buffered?: boolean;
  env?: NodeJS.ProcessEnv;
}

interface Outcome {
  name: string;
  code: number;
  seconds: number;
}

/** Runs the steps of one part in order (stopping at the first failure) and times them. */
async function run(part: Part): Promise<Outcome> {
  const started = performance.now();
  let code = 0;
  const output: Buffer[] = [];
  for (const [cmd, ...args] of part.steps) {
    code = await new Promise<number>((resolve) => {
      const child = spawn(cmd!, args, {
        cwd: root,
        stdio: part.buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit',
        env: part.env ?? process.env,
      });
      child.stdout?.on('data', (d: Buffer) => output.push(d));
      child.stderr?.on('data', (d: Buffer) => output.push(d));
      child.on('close', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
      child.on('error', () => resolve(1));
    });
    if (code !== 0) break;
  }
  if (part.buffered) {
    process.stdout.write(`\n::: ${part.name}\n`);
    process.stdout.write(Buffer.concat(output));
  }
  return { name: part.name, code, seconds: (performance.now() - started) / 1000 };
}

const tsx = (file: string, ...args: string[]) => [process.execPath, '--import', 'tsx', file, ...args];

async function main(): Promise<void> {
  const outcomes: Outcome[] = [];
  const bundleDir = mkdtempSync(path.join(tmpdir(), 'domainflow-test-bundle-'));
  const bundleFile = path.join(bundleDir, 'workflow-bundle.js');
  // The light part's replay test reads the bundle; worker processes only start in the later parts.
  const testBundle: NodeJS.ProcessEnv = { ...process.env, DOMAINFLOW_TEST_WORKFLOW_BUNDLE: bundleFile };
  const withBundle: NodeJS.ProcessEnv = { ...testBundle, DOMAINFLOW_WORKFLOW_BUNDLE: bundleFile };
  outcomes.push(
    ...(await Promise.all([
      run({
        name: 'typecheck, lint, format',
        buffered: true,
        steps: [
          [npm, 'run', '--silent', 'typecheck'],
          [npm, 'run', '--silent', 'lint'],
          [npm, 'run', '--silent', 'format:check'],
        ],
      }),
      run({
        name: 'bundle; unit, fuzz, conformance, replay',
        buffered: true,
        env: testBundle,
        steps: [
          tsx('scripts/build-workflow-bundle.ts', '--out', bundleFile),
          tsx('scripts/run-tests.ts', 'unit', 'fuzz', 'conformance', 'replay'),
        ],
      }),
    ])),
  );
  // Without the bundle (its build failed and says why above) every test file bundles for itself.
  const env = existsSync(bundleFile) ? withBundle : process.env;
  outcomes.push(
    await run({
      name: 'activity, workflow, e2e (3 at a time)',
      env,
      steps: [tsx('scripts/run-tests.ts', 'activity', 'workflow', 'e2e', '--concurrency', '3')],
    }),
  );
  outcomes.push(await run({ name: 'chaos', env, steps: [tsx('scripts/run-tests.ts', 'chaos')] }));
  rmSync(bundleDir, { recursive: true, force: true });
  console.log('\n::: npm test parts');
  for (const o of outcomes) {
    console.log(
      `  ${o.name.padEnd(40)} ${o.seconds.toFixed(1).padStart(7)} s  ${o.code === 0 ? 'ok' : `FAILED (${o.code})`}`,
    );
  }
  process.exit(outcomes.find((o) => o.code !== 0)?.code ?? 0);
}

void main();
