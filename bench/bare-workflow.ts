/**
 * The ceiling: a bare workflow of a transfer's shape (5 activities and a 1 s timer) with no-op
 * activities, no codec, no search attributes, no registrar. What Temporal itself allows here.
 */
import { proxyActivities, sleep } from '@temporalio/workflow';

const { noop } = proxyActivities<{ noop(step: number): Promise<void> }>({ startToCloseTimeout: '1 minute' });

export async function bareWorkflow(): Promise<{ finishedAt: string }> {
  await noop(1);
  await noop(2);
  await sleep('1s');
  await noop(3);
  await noop(4);
  await noop(5);
  return { finishedAt: new Date().toISOString() };
}
