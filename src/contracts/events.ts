/** Change events (webhooks), their delivery workflow and the sync report (docs/events.md). */
import { z } from 'zod';
import { domainNameSchema } from '../domain/domain-name';
import { registrarNameSchema } from './common';

/**
 * A change worth telling the billing system about. `id` is stable for the change itself
 * (`<domain>:<type>:<discriminator>`), so a second emission of the same change is dropped by the
 * delivery workflow's ID and a receiver de-duplicates retried deliveries by it.
 */
export const changeEventSchema = z.object({
  id: z
    .string({ message: 'is required' })
    .min(1, 'must not be empty')
    .max(800, 'must be at most 800 characters (it is part of a workflow ID)'),
  type: z
    .string({ message: 'is required' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be a dotted name such as 'domain.expiry-changed'"),
  occurredAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2025-01-31T12:00:00Z' }),
  domain: domainNameSchema,
  registrar: registrarNameSchema,
  data: z.record(z.string(), z.unknown()).default({}),
});
export type ChangeEvent = z.input<typeof changeEventSchema>;

/** One delivery workflow per event: the ID is the de-duplication. */
export const changeEventWorkflowId = (eventId: string): string => `event:${eventId}`;

export interface WebhookDeliveryResult {
  url: string;
  /** delivered = a 2xx answer; failed = refused for good (a 4xx) or retries used up */
  status: 'delivered' | 'failed';
  /** delivery attempts made, including the successful one */
  attempts: number;
  /** HTTP status of the last answer, when there was one */
  httpStatus?: number;
  reason?: string;
}

export interface DeliverChangeEventResult {
  eventId: string;
  /** one entry per configured receiver; empty when no DOMAINFLOW_WEBHOOK_URLS are configured */
  receivers: WebhookDeliveryResult[];
}

const changeFrom = z.string().nullable();
const valueChange = z.object({ domain: z.string(), from: changeFrom, to: changeFrom });

/** What one sync run changed, for the admin's report mail (sendSyncReport). */
export const syncReportSchema = z.object({
  registrar: registrarNameSchema,
  account: z.string().optional(),
  startedAt: z.string(),
  finishedAt: z.string(),
  domainsSeen: z.number().int().min(0),
  expiryChanges: z.array(valueChange).default([]),
  dueDateChanges: z.array(valueChange).default([]),
  phaseChanges: z.array(valueChange).default([]),
  corrections: z
    .array(
      z.object({
        domain: z.string(),
        setting: z.enum(['autorenew', 'privacy']),
        from: z.union([z.boolean(), z.string()]),
        to: z.union([z.boolean(), z.string()]),
      }),
    )
    .default([]),
  errors: z.array(z.object({ domain: z.string().optional(), message: z.string() })).default([]),
});
export type SyncReport = z.input<typeof syncReportSchema>;

/** The `deliverChangeEvent` workflow as the client starts it (by type name; src/workflows/signatures.ts checks the code). */
export type DeliverChangeEventWorkflow = (input: ChangeEvent) => Promise<DeliverChangeEventResult>;
