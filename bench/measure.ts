/** Helpers of the load benchmark: worker child processes, their peak RSS, history event counts. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const REPO = path.resolve(__dirname, '..');

export interface WorkerChild {
  child: ChildProcess;
  /** peak RSS (VmHWM) in bytes, read from /proc while the process lives */
  peakRss(): number;
  stop(): Promise<void>;
}

export function spawnWorker(entry: string, env: NodeJS.ProcessEnv): WorkerChild {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let peak = 0;
  return {
    child,
    peakRss() {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) * 1024);
      } catch {
        // gone: the last reading stands
      }
      return peak;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves when `count` distinct workers poll the workflow task queue. */
export async function waitForPollers(
  connection: Connection,
  namespace: string,
  taskQueue: string,
  timeoutMs = 120_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { pollers } = await connection.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    if ((pollers?.length ?? 0) > 0) return;
    if (Date.now() > deadline) throw new Error(`no worker polls ${taskQueue} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

export interface EventStats {
  type: string;
  workflows: number;
  sampled: number;
  min: number;
  median: number;
  max: number;
}

/** History events per workflow type (closed and running), at most `sample` histories read per type. */
export async function historyEventStats(client: Client, query: string, sample = 100): Promise<EventStats[]> {
  const byType = new Map<string, { workflowId: string; runId: string }[]>();
  for await (const wf of client.workflow.list({ query })) {
    const list = byType.get(wf.type) ?? [];
    list.push({ workflowId: wf.workflowId, runId: wf.runId });
    byType.set(wf.type, list);
  }
  const stats: EventStats[] = [];
  for (const [type, runs] of [...byType].sort()) {
    const step = Math.max(1, Math.floor(runs.length / sample));
    const counts: number[] = [];
    for (let i = 0; i < runs.length && counts.length < sample; i += step) {
      const history = await client.workflow.getHandle(runs[i]!.workflowId, runs[i]!.runId).fetchHistory();
      counts.push(history.events?.length ?? 0);
    }
    counts.sort((a, b) => a - b);
    stats.push({
      type,
      workflows: runs.length,
      sampled: counts.length,
      min: counts[0]!,
      median: counts[Math.floor(counts.length / 2)]!,
      max: counts[counts.length - 1]!,
    });
  }
  return stats;
}
