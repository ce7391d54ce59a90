import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundlerOptions } from '../../src/workers/bundle-options';
import type { mutexProbe, pollProbe, PollProbeInput } from '../helpers/helper-workflows';
import { createTestWorker, createTimeSkippingEnv, eventually, uniqueTaskQueue } from '../helpers/temporal';

const HELPER_WORKFLOWS = require.resolve('../helpers/helper-workflows');

/** pollUntil and Mutex (src/workflows) inside real workflows on the time-skipping server. */
describe('workflow helpers: pollUntil and Mutex (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uniqueTaskQueue('helpers');

  before(async () => {
    [env, bundle] = await Promise.all([
      createTimeSkippingEnv(),
      bundleWorkflowCode({ workflowsPath: HELPER_WORKFLOWS, ...bundlerOptions, logger: new DefaultLogger('WARN') }),
    ]);
    worker = await createTestWorker(env, { taskQueue, workflowBundle: bundle });
    running = worker.run();
  });
  after(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  let n = 0;
  const poll = (input: PollProbeInput) =>
    env.client.workflow.execute<typeof pollProbe>('pollProbe', {
      taskQueue,
      workflowId: `poll-probe-${++n}`,
      args: [input],
    });

  it('waits first, grows the wait by the factor up to the cap, and returns the first answer', async () => {
    const result = await poll({
      answers: [null, null, null, 'done'],
      intervalMs: 1_000,
      backoffCoefficient: 2,
      maxIntervalMs: 3_000,
      deadlineMs: 60_000,
    });
    assert.equal(result.answer, 'done');
    assert.deepEqual(result.waits, [1_000, 2_000, 3_000, 3_000]);
    assert.equal(result.checksAt.length, 4);
  });

  it('never waits past the deadline, and a check after it that finds nothing ends the poll', async () => {
    const result = await poll({ answers: [], intervalMs: 2_000, backoffCoefficient: 2, deadlineMs: 5_000 });
    assert.equal(result.answer, null);
    // waits 2 s, then 4 s cut to what is left before the deadline (3 s less the time the check took)
    assert.equal(result.waits.length, 2);
    assert.equal(result.waits[0], 2_000);
    assert.ok(result.waits[1]! <= 3_000 && result.waits[1]! > 2_000, `second wait ${result.waits[1]}`);
    assert.ok(result.checksAt[1]! >= 5_000, `the last check ran at the deadline or after (${result.checksAt[1]})`);
  });

  it('checkFirst checks at once; minWaitMs is the shortest wait near the deadline', async () => {
    const result = await poll({
      answers: [],
      intervalMs: 60_000,
      deadlineMs: 61_500,
      checkFirst: true,
      minWaitMs: 1_000,
    });
    assert.equal(result.checksAt[0], 0);
    assert.equal(result.waits.length, 2);
    assert.equal(result.waits[0], 60_000);
    assert.ok(result.waits[1]! <= 1_500 && result.waits[1]! >= 1_000, `second wait ${result.waits[1]}`);
    const late = await poll({
      answers: [],
      intervalMs: 60_000,
      deadlineMs: 60_500,
      checkFirst: true,
      minWaitMs: 1_000,
    });
    // at most 500 ms were left after the second check: the wait is still 1 s
    assert.deepEqual(late.waits, [60_000, 1_000]);
    assert.equal(late.checksAt.length, 3);
  });

  it('a checkNow signal ends the wait early', async () => {
    const handle = await env.client.workflow.start<typeof pollProbe>('pollProbe', {
      taskQueue,
      workflowId: `poll-probe-${++n}`,
      args: [{ answers: ['now'], intervalMs: 3_600_000, deadlineMs: 36_000_000 }],
    });
    await eventually(async () => ((await handle.query<boolean>('waiting')) ? true : undefined));
    await handle.signal('checkNow');
    const result = await handle.result();
    assert.equal(result.answer, 'now');
    assert.ok(result.checksAt[0]! < 3_600_000, `checked after ${result.checksAt[0]} ms, not the hour`);
  });

  it('Mutex: sections started together run one at a time, in the order they asked', async () => {
    const log = await env.client.workflow.execute<typeof mutexProbe>('mutexProbe', {
      taskQueue,
      workflowId: `mutex-probe-${++n}`,
    });
    assert.deepEqual(log, ['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });
});
