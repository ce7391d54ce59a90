import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { Context } from '@temporalio/activity';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import {
  CHANGE_FEED_WORKFLOW_ID,
  type ChangeEvent,
  changeEventSchema,
  changeEventWorkflowId,
  DomainName,
  LifecycleState,
  Registrar,
  recordChangeEventSignal,
} from '../contracts';
import type { WebhookSettings } from '../config/config';

/**
 * Starts the delivery workflow of a change event from the emitting workflow's worker, through the
 * worker's own client. Not a child workflow: a delivery must outlive the workflow that emitted it
 * and must never hold it up, and abandoned children leave the time-skipping test server unable to
 * skip time (temporalio/sdk-typescript#1101), which every workflow test relies on.
 */
export function createChangeEventActivities(
  client: Client,
  webhooks: WebhookSettings,
  /** changeFeed: also record every event in the `change-feed` workflow (the gateway's GET /v1/events) */
  options: { changeFeed?: boolean } = {},
) {
  return {
    /**
     * started = a delivery workflow started now; duplicate = this event id was emitted before (the
     * second start is the no-op); no-receivers = DOMAINFLOW_WEBHOOK_URLS is empty, so no delivery
     * workflow is made and this result in the emitter's history is the whole record of the event.
     */
    async startChangeEventDelivery(
      rawEvent: ChangeEvent,
    ): Promise<{ delivery: 'started' | 'duplicate' | 'no-receivers' }> {
      const event = changeEventSchema.parse(rawEvent);
      if (options.changeFeed) {
        // Signal-with-start: the feed exists from the first event on. The feed ignores an event id
        // it holds already, so a retry of this activity records the event once.
        await client.workflow.signalWithStart('changeFeed', {
          taskQueue: Context.current().info.taskQueue,
          workflowId: CHANGE_FEED_WORKFLOW_ID,
          args: [{}],
          signal: recordChangeEventSignal,
          signalArgs: [event],
          staticSummary: 'Change events for readers without webhooks (GET /v1/events)',
        });
      }
      if (webhooks.urls.length === 0) return { delivery: 'no-receivers' };
      try {
        await client.workflow.start('deliverChangeEvent', {
          // The delivery runs where the emitting workflow runs: its worker has the webhook activities.
          taskQueue: Context.current().info.taskQueue,
          workflowId: changeEventWorkflowId(event.id),
          args: [event],
          // Also after the first delivery closed: an event id is delivered once per retention period.
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          typedSearchAttributes: [
            { key: DomainName, value: event.domain },
            { key: Registrar, value: event.registrar },
            { key: LifecycleState, value: 'event-delivering' },
          ],
          staticSummary: `${event.type} for ${event.domain}`,
        });
        return { delivery: 'started' };
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return { delivery: 'duplicate' };
        throw err;
      }
    },
  };
}

export type ChangeEventActivities = ReturnType<typeof createChangeEventActivities>;
