import { Context } from '@temporalio/activity';
import type { MetricMeter } from '@temporalio/common';

/**
 * The project's own counters, recorded through the Temporal SDK's metric meter so they appear on
 * the worker's Prometheus endpoint next to the SDK's `temporal_*` series (the runtime's metric
 * prefix applies only to the SDK's own metrics). Inside an activity the meter is
 * `Context.current().metricMeter`, which adds `namespace`, `task_queue` and `activity_type`;
 * outside one (plain unit tests) nothing is recorded.
 */
export const METRIC_REGISTRAR_CALLS = 'domainflow_registrar_calls_total';
export const METRIC_CHARGES = 'domainflow_charges_total';
export const METRIC_MAIL = 'domainflow_mail_total';
export const METRIC_WEBHOOKS = 'domainflow_webhooks_total';

/** ok, or the registrar error kind; `error` = a failure that is not a registrar error (a bug, not configured). */
export type RegistrarCallOutcome = 'ok' | 'temporary' | 'rejected' | 'authentication' | 'funds' | 'error';
export type ChargeKind = 'renew' | 'pay' | 'restore';

function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

function meter(): MetricMeter | undefined {
  return activityContext()?.metricMeter;
}

const registrarOfActivity = new WeakMap<Context, string>();

/** Remembers which registrar the running activity talks to (called where the registrar is picked). */
export function noteRegistrar(registrar: string): void {
  const context = activityContext();
  if (context) registrarOfActivity.set(context, registrar);
}

/** One registrar call made by the running activity; the operation is the activity type. */
export function countRegistrarCall(outcome: RegistrarCallOutcome, registrarHint?: string): void {
  const context = activityContext();
  if (!context) return;
  const registrar = registrarOfActivity.get(context) ?? registrarHint ?? 'unknown';
  context.metricMeter
    .createCounter(METRIC_REGISTRAR_CALLS, '', 'Registrar calls by registrar, operation and outcome')
    .add(1, { registrar, operation: context.info.activityType, outcome });
}

/** A call that charged the reseller's account (renew, pay, restore). */
export function countCharge(registrar: string, kind: ChargeKind): void {
  meter()?.createCounter(METRIC_CHARGES, '', 'Registrar calls that charged the account').add(1, { registrar, kind });
}

/** One e-mail sent (or logged, without DOMAINFLOW_SMTP_URL). */
export function countMail(template: string): void {
  meter()?.createCounter(METRIC_MAIL, '', 'E-mails sent by template').add(1, { template });
}

/** delivered (2xx), retry (unreachable or 408/429/5xx), refused (any other status: not retried). */
export type WebhookOutcome = 'delivered' | 'retry' | 'refused';

/** One webhook delivery attempt, by event type and outcome (the URL stays out: it may hold a token). */
export function countWebhook(eventType: string, outcome: WebhookOutcome): void {
  meter()
    ?.createCounter(METRIC_WEBHOOKS, '', 'Webhook delivery attempts by event type and outcome')
    .add(1, { event_type: eventType, outcome });
}
