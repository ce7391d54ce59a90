/**
 * Replay scenario of changeFeed (the gateway's change events, issue 20), recorded by
 * scripts/record-histories.ts: started by signal-with-start as the event activity does, three events
 * recorded (one of them twice, which the feed ignores), then read through its query.
 */
import { CHANGE_FEED_WORKFLOW_ID, changeFeedSinceQuery, recordChangeEventSignal } from '../../src/contracts';
import type { ChangeEvent } from '../../src/contracts';
import { until, type Scenario } from './replay-scenarios';

const event = (n: number): ChangeEvent => ({
  id: `replay-feed-${n}`,
  type: 'domain.expiry-changed',
  occurredAt: `2026-01-0${n}T12:00:00Z`,
  domain: `replay-feed-${n}.com`,
  registrar: 'ispapi',
  data: { from: '2026-06-01', to: '2027-06-01' },
});

export const FEED_SCENARIOS: Record<string, Scenario> = {
  'changeFeed-recorded': async ({ client, taskQueue }) => {
    for (const e of [event(1), event(2), event(2), event(3)]) {
      await client.workflow.signalWithStart('changeFeed', {
        taskQueue,
        workflowId: CHANGE_FEED_WORKFLOW_ID,
        args: [{}],
        signal: recordChangeEventSignal,
        signalArgs: [e],
      });
    }
    const handle = client.workflow.getHandle(CHANGE_FEED_WORKFLOW_ID);
    await until('three events in the feed', async () => {
      const page = await handle.query(changeFeedSinceQuery, 0, 10);
      return page.events.length === 3;
    });
    return CHANGE_FEED_WORKFLOW_ID;
  },
};
