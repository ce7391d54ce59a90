/**
 * `npm test`: the static checks (typecheck, lint, formatting) and every test suite. The checks and
 * the light suites (unit, fuzz, replay: no Temporal server of their own, no timing assertions) run
 * side by side on the two cores; the suites that run Temporal servers and workers (activity,
 * workflow, e2e) run after them, two files at a time (mostly waiting on timers, polls and retries),
 * and the chaos suite last, alone. Every part runs
 * even when an earlier one failed, so one CI run shows every failure; the exit code is the first
 * failure's.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface Part {
  name: string;
  steps: string[][];
  /** keep the output and print it whole at the end of the part (parts running side by side) */
  buffered?: boolean;
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
        env: process.env,
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
        name: 'unit, fuzz, replay',
        buffered: true,
        steps: [tsx('scripts/run-tests.ts', 'unit', 'fuzz', 'replay')],
      }),
    ])),
  );
  outcomes.push(
    await run({
      name: 'activity, workflow, e2e (2 at a time)',
      steps: [tsx('scripts/run-tests.ts', 'activity', 'workflow', 'e2e', '--concurrency', '2')],
    }),
  );
  outcomes.push(await run({ name: 'chaos', steps: [tsx('scripts/run-tests.ts', 'chaos')] }));
  console.log('\n::: npm test parts');
  for (const o of outcomes) {
    console.log(
      `  ${o.name.padEnd(40)} ${o.seconds.toFixed(1).padStart(7)} s  ${o.code === 0 ? 'ok' : `FAILED (${o.code})`}`,
    );
  }
  process.exit(outcomes.find((o) => o.code !== 0)?.code ?? 0);
}

void main();
