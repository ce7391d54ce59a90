import {
  ActivityFailure,
  ApplicationFailure,
  proxyActivities,
  TemporalFailure,
  upsertMemo,
  upsertSearchAttributes,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { WebhookActivities } from '../activities';
import {
  type ChangeEvent,
  changeEventSchema,
  changeEventWorkflowId,
  type DeliverChangeEventResult,
  DomainName,
  LifecycleState,
  Registrar,
  type WebhookDeliveryResult,
} from '../contracts';
import { requireWorkflowId } from './shared';
import { parseWorkflowInput } from './validate';

/**
 * At-least-once: a receiver that is down or answers 408/429/5xx is tried again with growing waits
 * (10 s, 20 s, 40 s … capped at 1 h) for up to 3 days; the waits are durable timers, so a worker
 * restart loses nothing. Any other 4xx is the receiver's definite "no" and ends that receiver's tries.
 */
export const webhookDeliveryOptions: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '3 days',
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 hour',
    nonRetryableErrorTypes: ['WebhookRefused', 'WebhookReceiverRemoved', 'WebhookNotConfigured'],
  },
};

const { postWebhook } = proxyActivities<WebhookActivities>(webhookDeliveryOptions);
const { listWebhookReceivers } = proxyActivities<WebhookActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumInterval: '1 minute' },
});

/** The attempt and HTTP status the activity attached to its last failure, wherever it is nested. */
function lastAnswer(err: unknown): { attempt?: number; httpStatus?: number; reason: string } {
  let failure: unknown = err instanceof ActivityFailure ? err.cause : err;
  const reason = failure instanceof Error ? failure.message : String(failure);
  while (failure instanceof TemporalFailure) {
    if (failure instanceof ApplicationFailure) {
      const details = failure.details?.[0] as { attempt?: number; httpStatus?: number } | undefined;
      return { attempt: details?.attempt, httpStatus: details?.httpStatus, reason };
    }
    failure = failure.cause;
  }
  return { reason };
}

/** Delivers one change event to every configured receiver (workflow ID `event:<event id>`). */
export async function deliverChangeEvent(rawEvent: ChangeEvent): Promise<DeliverChangeEventResult> {
  const event = parseWorkflowInput(changeEventSchema, rawEvent);
  requireWorkflowId(changeEventWorkflowId(event.id));
  upsertSearchAttributes([
    { key: DomainName, value: event.domain },
    { key: Registrar, value: event.registrar },
    { key: LifecycleState, value: 'event-delivering' },
  ]);
  upsertMemo({ summary: `${event.type} for ${event.domain}` });

  const urls = await listWebhookReceivers();
  const receivers = await Promise.all(
    urls.map(async (url): Promise<WebhookDeliveryResult> => {
      try {
        const answer = await postWebhook({ url, event });
        return { url, status: 'delivered', attempts: answer.attempt, httpStatus: answer.httpStatus };
      } catch (err) {
        if (!(err instanceof ActivityFailure)) throw err;
        const last = lastAnswer(err);
        return {
          url,
          status: 'failed',
          attempts: last.attempt ?? 0,
          ...(last.httpStatus !== undefined ? { httpStatus: last.httpStatus } : {}),
          reason: last.reason,
        };
      }
    }),
  );
  const failed = receivers.filter((r) => r.status === 'failed').length;
  const outcome = urls.length === 0 ? 'no-receivers' : failed > 0 ? 'failed' : 'delivered';
  // event-failed is what an operator filters for in the Web UI (LifecycleState = "event-failed").
  upsertSearchAttributes([{ key: LifecycleState, value: `event-${outcome}` }]);
  upsertMemo({ summary: `${event.type} for ${event.domain}: ${outcome}` });
  return { eventId: event.id, receivers };
}
