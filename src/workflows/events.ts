import { patched, proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { ChangeEventActivities } from '../activities';
import type { RegistrarName } from '../registrars/registrar';
import type { ChangeEvent } from '../contracts';
import { LOCAL_RETRY_THRESHOLD } from './shared';

/**
 * Never gives up: an event that could not be handed over would be lost. Only Temporal itself being
 * unreachable from the worker makes this wait.
 */
const eventOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const;
const events = proxyActivities<ChangeEventActivities>(eventOptions);
// The start is idempotent (REJECT_DUPLICATE on the event id) and short: a local activity records one
// marker event instead of six (issue 18). Its retries wait on server timers, as an activity's do.
const localEvents = proxyLocalActivities<ChangeEventActivities>({
  ...eventOptions,
  localRetryThreshold: LOCAL_RETRY_THRESHOLD,
});

/**
 * Hands a change event to its own delivery workflow `deliverChangeEvent` (ID `event:<id>`) and
 * returns once that has started; the caller never waits for the receivers. A second emission of
 * the same event id is a no-op, also after the first delivery finished (REJECT_DUPLICATE, within
 * the namespace's retention). Deterministic: the start is an activity
 * (src/activities/events.ts), recorded in the caller's history.
 */
export async function emitChangeEvent(event: ChangeEvent, how: { local?: boolean } = {}): Promise<void> {
  await (how.local ? localEvents : events).startChangeEventDelivery(event);
}

/**
 * The end of a released workflow as the event `workflow.<workflow type>.<outcome>` (outcome in
 * lower case), one per run: the run ID is the discriminator, so a replayed or retried end is the
 * same event. Behind the patch `outcome-events`: runs that started before it end without one.
 * `lean`: the caller took a later patch that includes this one (e.g. 'lean-transfer'), so
 * 'outcome-events' is not asked, and the event starts through a local activity.
 */
export async function emitOutcomeEvent<R extends object>(
  result: R,
  end: { domain: string; registrar: string; outcome: string },
  how: { lean?: boolean } = {},
): Promise<R> {
  if (!(how.lean || patched('outcome-events'))) return result;
  const { workflowType, workflowId, runId } = workflowInfo();
  const outcome = end.outcome.toLowerCase();
  const type = `workflow.${workflowType}.${outcome}`;
  await emitChangeEvent(
    {
      id: `${end.domain}:${type}:${runId}`,
      type,
      occurredAt: new Date().toISOString(),
      domain: end.domain,
      // every workflow input was validated against registrarNameSchema
      registrar: end.registrar as RegistrarName,
      data: { workflowId, runId, outcome, result },
    },
    { local: how.lean === true },
  );
  return result;
}
