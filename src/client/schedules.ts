import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { DEFAULT_TASK_QUEUE, Registrar } from '../contracts';

/** One per-account Schedule that starts a registrar-wide run (the portfolio sync, the price sync). */
export interface IntervalSchedule {
  scheduleId: string;
  workflowType: string;
  /** the ID prefix; Temporal appends the scheduled time to each run's ID */
  workflowId: string;
  args: unknown[];
  registrar: string;
  interval: Duration;
  taskQueue?: string;
}

/**
 * Creates the Schedule or brings it up to date, so it is safe at every worker start. A run still
 * going when the next is due is not doubled (overlap SKIP); a worker down for a while catches up
 * at most 10 minutes of missed runs, not a backlog.
 */
export async function ensureIntervalSchedule(
  client: Client,
  s: IntervalSchedule,
): Promise<{ scheduleId: string; created: boolean }> {
  const action = {
    type: 'startWorkflow' as const,
    workflowType: s.workflowType,
    args: s.args,
    taskQueue: s.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: s.workflowId,
    typedSearchAttributes: [{ key: Registrar, value: s.registrar }],
  };
  const spec = { intervals: [{ every: s.interval }] };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '10 minutes' as Duration };
  try {
    await client.schedule.create({ scheduleId: s.scheduleId, spec, action, policies });
    return { scheduleId: s.scheduleId, created: true };
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(s.scheduleId).update((previous) => ({ ...previous, spec, action, policies }));
    return { scheduleId: s.scheduleId, created: false };
  }
}
