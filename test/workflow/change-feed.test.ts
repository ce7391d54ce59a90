import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  CHANGE_FEED_WORKFLOW_ID,
  type ChangeEvent,
  type ChangeFeedWorkflow,
  changeFeedSinceQuery,
  recordChangeEventSignal,
} from '../../src/contracts';
import { createTestWorker, createTimeSkippingEnv, eventually, uniqueTaskQueue } from '../helpers/temporal';

const event = (n: number): ChangeEvent => ({
  id: `feed-${n}.com:domain.expiry-changed:${n}`,
  type: 'domain.expiry-changed',
  occurredAt: '2026-12-01T00:00:00Z',
  domain: `feed-${n}.com`,
  registrar: 'ispapi',
  data: { n },
});

/** The change feed behind GET /v1/events: order, cursors, de-duplication, the window, continue-as-new. */
describe('changeFeed workflow (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  before(async () => {
    env = await createTimeSkippingEnv();
  });
  after(async () => {
    await env?.teardown();
  });

  it('keeps the newest events with rising cursors, ignores a repeated id, reports a gap, survives continue-as-new', async () => {
    const taskQueue = uniqueTaskQueue('feed');
    const worker = await createTestWorker(env, { taskQueue });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start<ChangeFeedWorkflow>('changeFeed', {
        taskQueue,
        workflowId: CHANGE_FEED_WORKFLOW_ID,
        // 12 events kept; continue-as-new after 50 history events (60 signals make well over 50)
        args: [{ keep: 12, continueAsNewAfterEvents: 50 }],
      });
      for (let n = 1; n <= 60; n++) {
        await handle.signal(recordChangeEventSignal, event(n));
        if (n === 3) await handle.signal(recordChangeEventSignal, event(3)); // a retried activity
      }
      const page = await eventually(async () => {
        const p = await env.client.workflow.getHandle(CHANGE_FEED_WORKFLOW_ID).query(changeFeedSinceQuery, 0, 100);
        return p.events.at(-1)?.cursor === 60 ? p : undefined;
      });
      assert.deepEqual(
        page.events.map((e) => e.cursor),
        Array.from({ length: 12 }, (_, i) => 49 + i),
        'the newest 12, one cursor per distinct event',
      );
      assert.deepEqual(
        page.events.map((e) => e.event.data),
        Array.from({ length: 12 }, (_, i) => ({ n: 49 + i })),
      );
      assert.equal(page.gap, true, 'events 1-48 left the window');
      const tail = await handle.query(changeFeedSinceQuery, 58, 100);
      assert.deepEqual(
        tail.events.map((e) => e.cursor),
        [59, 60],
      );
      assert.equal(tail.gap, false);
      assert.deepEqual(await handle.query(changeFeedSinceQuery, 60, 100), { events: [], nextCursor: 60, gap: false });
      const { runId } = await env.client.workflow.getHandle(CHANGE_FEED_WORKFLOW_ID).describe();
      assert.notEqual(runId, handle.firstExecutionRunId, 'continued as new, the window carried over');
    });
  });
});
