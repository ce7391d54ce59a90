import { Agent, request } from 'undici';
import type { Logger } from 'pino';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { WebhookSettings } from '../config/config';
import { countWebhook } from '../workers/metrics';
import { type ChangeEvent, changeEventSchema } from '../contracts';
import {
  ATTEMPT_HEADER,
  EVENT_ID_HEADER,
  EVENT_TYPE_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  signatureHeader,
} from '../webhooks/verify';

/** Answers worth another try: a timeout, "slow down", or the receiver's own trouble. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Seconds or an HTTP date; capped so a receiver cannot park an event for days. */
function retryAfterMs(value: string | string[] | undefined, now: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  const ms = /^\d+$/.test(text.trim()) ? Number(text.trim()) * 1000 : Date.parse(text) - now;
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, 60 * 60 * 1000) : undefined;
}

/** The activity attempt (1 = first); 1 when called directly, outside a worker. */
function currentAttempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}

export interface PostWebhookResult {
  httpStatus: number;
  attempt: number;
}

export const WEBHOOK_REQUEST_TIMEOUT_MS = 15_000;

/**
 * Delivers change events to the configured receivers. The shared secret is read here, in the worker
 * process, and never passed through a workflow: it would otherwise sit in the history.
 */
export function createWebhookActivities(settings: WebhookSettings, logger?: Logger) {
  const agent = new Agent({
    connect: { timeout: 10_000 },
    headersTimeout: WEBHOOK_REQUEST_TIMEOUT_MS,
    bodyTimeout: WEBHOOK_REQUEST_TIMEOUT_MS,
  });
  return {
    /** The receivers configured now (DOMAINFLOW_WEBHOOK_URLS); recorded in the delivery's history. */
    async listWebhookReceivers(): Promise<string[]> {
      return settings.urls;
    },

    /**
     * One signed POST of one event to one receiver. A 2xx is success; 408, 429, 5xx and network
     * errors are thrown as retryable (the workflow's retry policy backs off); any other answer is a
     * refusal that no retry will change (e.g. 401 for a wrong secret) and is thrown non-retryable.
     */
    async postWebhook(input: { url: string; event: ChangeEvent }): Promise<PostWebhookResult> {
      const attempt = currentAttempt();
      if (!settings.urls.includes(input.url)) {
        // Removed from the configuration since the delivery started: nobody wants it any more.
        throw ApplicationFailure.nonRetryable(
          'this receiver is no longer in DOMAINFLOW_WEBHOOK_URLS',
          'WebhookReceiverRemoved',
          { attempt },
        );
      }
      if (!settings.secret) {
        throw ApplicationFailure.nonRetryable('DOMAINFLOW_WEBHOOK_SECRET is not set', 'WebhookNotConfigured');
      }
      const event = changeEventSchema.parse(input.event);
      const body = JSON.stringify(event);
      const timestamp = Math.floor(Date.now() / 1000);
      const log = { eventId: event.id, type: event.type, url: input.url, attempt };
      let status: number;
      let headers: Record<string, string | string[] | undefined>;
      try {
        const response = await request(input.url, {
          method: 'POST',
          dispatcher: agent,
          // A fresh connection per delivery: deliveries are rare, and no socket outlives the activity.
          reset: true,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'domainflow-webhooks/1',
            [EVENT_ID_HEADER]: event.id,
            [EVENT_TYPE_HEADER]: event.type,
            [TIMESTAMP_HEADER]: String(timestamp),
            [ATTEMPT_HEADER]: String(attempt),
            [SIGNATURE_HEADER]: signatureHeader(settings.secret, body, timestamp),
          },
          body,
        });
        status = response.statusCode;
        headers = response.headers;
        await response.body.dump({ limit: 64 * 1024 });
      } catch (err) {
        logger?.warn({ ...log, err: (err as Error).message }, 'webhook delivery failed; will retry');
        countWebhook(event.type, 'retry');
        throw ApplicationFailure.retryable(
          `receiver not reachable: ${(err as Error).message}`,
          'WebhookReceiverUnreachable',
          { attempt },
        );
      }
      if (status >= 200 && status < 300) {
        logger?.info({ ...log, status }, 'webhook delivered');
        countWebhook(event.type, 'delivered');
        return { httpStatus: status, attempt };
      }
      if (isRetryableStatus(status)) {
        logger?.warn({ ...log, status }, 'webhook receiver answered with a temporary error; will retry');
        countWebhook(event.type, 'retry');
        const delay = retryAfterMs(headers['retry-after'], Date.now());
        throw ApplicationFailure.create({
          message: `receiver answered HTTP ${status}`,
          type: 'WebhookReceiverError',
          details: [{ httpStatus: status, attempt }],
          ...(delay !== undefined ? { nextRetryDelay: delay } : {}),
        });
      }
      logger?.error({ ...log, status }, 'webhook refused by the receiver; not retried');
      countWebhook(event.type, 'refused');
      throw ApplicationFailure.nonRetryable(
        `receiver refused the delivery with HTTP ${status}${status === 401 || status === 403 ? ' (check DOMAINFLOW_WEBHOOK_SECRET on both sides)' : ''}`,
        'WebhookRefused',
        { httpStatus: status, attempt },
      );
    },
  };
}

export type WebhookActivities = ReturnType<typeof createWebhookActivities>;
