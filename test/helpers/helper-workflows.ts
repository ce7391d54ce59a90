/**
 * Small workflows that drive the workflow helpers (src/workflows/poll.ts, mutex.ts) on a real
 * test server: test/workflow/workflow-helpers.test.ts bundles this file.
 */
import { defineQuery, defineSignal, setHandler, sleep } from '@temporalio/workflow';
import { Mutex } from '../../src/workflows/mutex';
import { pollUntil, Wakeup } from '../../src/workflows/poll';

export const probeCheckNow = defineSignal('checkNow');
export const probeWaiting = defineQuery<boolean>('waiting');

export interface PollProbeInput {
  /** what each check answers, in turn; null: nothing yet */
  answers: Array<string | null>;
  intervalMs: number;
  backoffCoefficient?: number;
  maxIntervalMs?: number;
  /** from the start, ms */
  deadlineMs: number;
  checkFirst?: boolean;
  minWaitMs?: number;
}

/** Runs pollUntil; returns the answer, the waits it asked for and when (ms after the start) each check ran. */
export async function pollProbe(
  input: PollProbeInput,
): Promise<{ answer: string | null; waits: number[]; checksAt: number[] }> {
  const start = Date.now();
  const wakeup = new Wakeup();
  let waiting = false;
  setHandler(probeCheckNow, () => wakeup.now());
  setHandler(probeWaiting, () => waiting);
  const checksAt: number[] = [];
  const waits: number[] = [];
  const answer = await pollUntil(
    {
      intervalMs: input.intervalMs,
      backoffCoefficient: input.backoffCoefficient,
      maxIntervalMs: input.maxIntervalMs,
      deadline: start + input.deadlineMs,
      checkFirst: input.checkFirst,
      minWaitMs: input.minWaitMs,
      wakeup,
      onWait: (nextCheckAt) => {
        waits.push(Date.parse(nextCheckAt) - Date.now());
        waiting = true;
      },
      onWoken: () => (waiting = false),
    },
    async () => {
      checksAt.push(Date.now() - start);
      return input.answers[checksAt.length - 1] ?? undefined;
    },
  );
  return { answer: answer ?? null, waits, checksAt };
}

/** Two sections that each wait a second, started together; returns the order they ran in. */
export async function mutexProbe(): Promise<string[]> {
  const mutex = new Mutex('entity-mutex');
  const log: string[] = [];
  const section = (name: string) =>
    mutex.runExclusive(async () => {
      log.push(`${name} start`);
      await sleep(1000);
      log.push(`${name} end`);
    });
  await Promise.all([section('a'), section('b'), section('c')]);
  return log;
}
