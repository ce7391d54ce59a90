/**
 * N domainflow worker processes (src/workers/main.ts) on one Temporal cluster: each its own
 * process, so one can be SIGKILLed (as a crashed machine) and started again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from '../lib/temporal-binaries';

export interface WorkerFleet {
  readonly processes: ChildProcess[];
  /** the last lines each worker wrote (for a failure message) */
  logs(): string[];
  /** SIGKILL worker i, wait for its exit, start a new one in its place. */
  kill(i: number): Promise<void>;
  stop(): Promise<void>;
}

export function startWorkerFleet(count: number, env: NodeJS.ProcessEnv): WorkerFleet {
  const logs: string[] = Array.from({ length: count }, () => '');
  const processes: ChildProcess[] = [];
  const start = (i: number) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/workers/main.ts'], {
      cwd: REPO_ROOT,
      env: {
        ...env,
        // Each worker process needs its own ports (or none): off unless the caller gives a base.
        DOMAINFLOW_METRICS_ADDRESS: env.DOMAINFLOW_METRICS_ADDRESS ?? 'off',
        DOMAINFLOW_HEALTH_ADDRESS: env.DOMAINFLOW_HEALTH_ADDRESS ?? 'off',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d: Buffer) => {
      logs[i] = (logs[i]! + d.toString()).slice(-8_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    processes[i] = child;
  };
  for (let i = 0; i < count; i++) start(i);
  const stopOne = async (child: ChildProcess, signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    await exited;
    clearTimeout(timer);
  };
  return {
    processes,
    logs: () => [...logs],
    async kill(i) {
      await stopOne(processes[i]!, 'SIGKILL');
      start(i);
    },
    async stop() {
      await Promise.all(processes.map((p) => stopOne(p, 'SIGTERM')));
    },
  };
}
