/**
 * bulkChange: one change applied to many domains as one durable job (docs/bulk.md). Each domain is
 * changed through its `domain` entity's Update with the request id `<bulk workflow id>:<domain>`,
 * so a domain is changed at most once however often the job's worker dies.
 */
import { z } from 'zod';
import { defineQuery, defineSignal } from '@temporalio/workflow';
import { CONTACT_ROLES, contactSchema } from '../domain/contact';
import { domainNameSchema, hostNameSchema } from '../domain/domain-name';
import type { RegistrarName } from '../registrars/names';
import {
  continueAsNewAfterEventsSchema,
  customerIdSchema,
  registrarNameSchema,
  type StatusLogEntry,
  uniqueNameserverListSchema,
} from './common';
import { accountScopedId, registrarAccountSchema } from './registrar-account';

/** One job holds at most this many domains (its state carries every outcome): split larger ones. */
export const MAX_BULK_DOMAINS = 10_000;

export const BULK_CHANGE_KINDS = ['nameservers', 'lock', 'contacts', 'privacy', 'autorenew'] as const;
export type BulkChangeKind = (typeof BULK_CHANGE_KINDS)[number];

/** The change, as the domain entity's Update takes it (setNameservers, setTransferLock, updateContact, setPrivacy, setAutorenew). */
export const bulkChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('nameservers'), nameservers: uniqueNameserverListSchema }),
  z.object({ kind: z.literal('lock'), locked: z.boolean({ message: 'must be true or false' }) }),
  z.object({
    kind: z.literal('contacts'),
    role: z.enum(CONTACT_ROLES, { message: `must be one of ${CONTACT_ROLES.join(', ')}` }),
    contact: contactSchema,
  }),
  z.object({ kind: z.literal('privacy'), enabled: z.boolean({ message: 'must be true or false' }) }),
  z.object({ kind: z.literal('autorenew'), enabled: z.boolean({ message: 'must be true or false' }) }),
]);
export type BulkChange = z.output<typeof bulkChangeSchema>;

/**
 * Which managed domains (running `domain` entities of the job's registrar): all of a customer, of a
 * TLD, and/or those whose nameservers include every name given. Read once, when the job starts.
 */
export const bulkFilterSchema = z.object({
  customerId: customerIdSchema.optional(),
  tld: z
    .string()
    .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/, 'must be a TLD such as com or co.uk (ASCII, without the dot)')
    .optional(),
  nameservers: z.array(hostNameSchema).min(1, 'must name 1 to 13 nameservers').max(13).optional(),
});
export type BulkFilter = z.output<typeof bulkFilterSchema>;

export type BulkOutcome = 'changed' | 'unchanged' | 'failed';

/** What the job carries over continue-as-new: the resolved list and every outcome so far. */
export interface BulkProgress {
  domains: string[];
  /** index of the next domain to send */
  next: number;
  changed: string[];
  unchanged: string[];
  failed: Array<{ domain: string; reason: string }>;
  /** domains not sent because the job was cancelled */
  skipped: number;
  startedAt: string;
  log: StatusLogEntry[];
  paused: boolean;
  cancelled: boolean;
}

export const bulkChangeInputSchema = z
  .object({
    /** names the job: bulk:<jobId>; a second start with the same id joins the first */
    jobId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes or underscores'),
    /** one registrar per job: its rate limit paces the job */
    registrar: registrarNameSchema,
    /** the registrar account (docs/accounts.md): every domain's entity of that account; in the workflow ID */
    account: registrarAccountSchema,
    change: bulkChangeSchema,
    domains: z.array(domainNameSchema).min(1, 'must list at least one domain').max(MAX_BULK_DOMAINS).optional(),
    filter: bulkFilterSchema.optional(),
    /** domains sent per second; the client derives it from the registrar's rate (docs/bulk.md) */
    domainsPerSecond: z.number().positive('must be above 0').max(200).default(1),
    /** domains in flight at once */
    concurrency: z.number().int().min(1).max(64).default(8),
    /** carried over by continue-as-new */
    progress: z.custom<BulkProgress>((v) => v === undefined || (typeof v === 'object' && v !== null)).optional(),
    continueAsNewAfterEvents: continueAsNewAfterEventsSchema,
  })
  // A continued run carries the list in `progress` and names neither.
  .refine((v) => v.progress !== undefined || (v.domains === undefined) !== (v.filter === undefined), {
    message: 'give either domains or filter, not both and not neither',
    path: ['domains'],
  });
export type BulkChangeInput = z.input<typeof bulkChangeInputSchema>;

/**
 * Registrar calls one domain's change makes (read, write, read back): the job sends domains at the
 * list queue's share of the registrar's rate (half of it) divided by this, so the registrar sees
 * at most half its limit from a job.
 */
export const CALLS_PER_BULK_DOMAIN = 3;
export const defaultDomainsPerSecond = (registrarCallsPerSecond: number): number =>
  Math.max(0.1, Math.round((registrarCallsPerSecond / 2 / CALLS_PER_BULK_DOMAIN) * 10) / 10);

/** `bulk:<jobId>`; another account: `bulk:<account>:<jobId>` */
export const bulkWorkflowId = (jobId: string, account?: string): string => accountScopedId(`bulk:${jobId}`, account);
/** The request id each domain's Update carries (and its Update id): one change per job and domain. */
export const bulkRequestId = (workflowId: string, domain: string): string => `${workflowId}:${domain}`;

export type BulkPhase = 'selecting' | 'running' | 'paused' | 'reporting' | 'done' | 'cancelled';

export interface BulkReport {
  jobId: string;
  registrar: RegistrarName;
  change: BulkChange;
  total: number;
  changed: string[];
  /** already as wished: nothing was sent */
  unchanged: string[];
  failed: Array<{ domain: string; reason: string }>;
  skipped: number;
  startedAt: string;
  finishedAt: string;
  cancelled: boolean;
}

export interface BulkState {
  phase: BulkPhase;
  log: StatusLogEntry[];
  jobId: string;
  kind: BulkChangeKind;
  total: number;
  /** outcomes known (changed + unchanged + failed) */
  done: number;
  changed: number;
  unchanged: number;
  failed: number;
  skipped: number;
  inFlight: number;
  /** the domains being changed now (at most `concurrency`) */
  inFlightDomains: string[];
  paused: boolean;
}

export const bulkStateQuery = defineQuery<BulkState>('state');
export const pauseBulkSignal = defineSignal('pause');
export const resumeBulkSignal = defineSignal('resume');
/** Stops sending; domains in flight finish, the rest are skipped, the report says so. */
export const cancelBulkSignal = defineSignal('cancel');

/** The `bulkChange` workflow as the client starts it (src/workflows/signatures.ts checks the code). */
export type BulkChangeWorkflow = (input: BulkChangeInput) => Promise<BulkReport>;
