/**
 * Rules every lifecycle's contract shares, defined once: the registrar name, the customer id, the
 * nameserver list, money, dates, durations, the status log and the task queue names. Part of the
 * workflow bundle (workflows validate their input again): pure and deterministic, no I/O.
 */
import { z } from 'zod';
import { defineSignal } from '@temporalio/workflow';
import { hostNameSchema } from '../domain/domain-name';
import { REGISTRAR_NAMES } from '../registrars/names';
import { tryDurationMs } from './duration';

/** The task queue workers poll unless configured otherwise. */
export const DEFAULT_TASK_QUEUE = 'domainflow';
/**
 * The rate-limited queue of a registrar account's list activities (portfolio runs):
 * `<taskQueue>-<registrar>` for the default account, `<taskQueue>-<registrar>-<account>` for another.
 */
export const registrarListTaskQueue = (taskQueue: string, registrar: string, account?: string): string =>
  account === undefined || account === 'default' ? `${taskQueue}-${registrar}` : `${taskQueue}-${registrar}-${account}`;

/** A duration such as '5 minutes', '6h' or '10d' of at least `min`. */
export const durationSchema = (min: string) =>
  z.string().refine(
    (value) => {
      const millis = tryDurationMs(value);
      return millis !== undefined && millis >= (tryDurationMs(min) ?? Infinity);
    },
    { message: `must be a duration such as '5 minutes', '6h' or '10d', at least ${min}` },
  );

export const registrarNameSchema = z.enum(REGISTRAR_NAMES, {
  message: `must be one of ${REGISTRAR_NAMES.join(', ')}`,
});

const ID_RULE = /^[A-Za-z0-9_.-]{1,64}$/;
const ID_MESSAGE = 'must be 1-64 letters, digits, dots, dashes or underscores';

/** The reseller's customer: part of workflow IDs and a search attribute. */
export const customerIdSchema = z.string().regex(ID_RULE, ID_MESSAGE);
/** A registrar account name (one sync schedule per account): the same rule as a customer id. */
export const accountNameSchema = z.string().regex(ID_RULE, ID_MESSAGE);

/** 2 to 13 host names, in the registrar's order. */
export const nameserverListSchema = z
  .array(hostNameSchema)
  .min(2, 'must list 2 to 13 nameservers')
  .max(13, 'must list 2 to 13 nameservers');
/** The same, without repeats (transfers and registrations; .swiss applications never checked this). */
export const uniqueNameserverListSchema = nameserverListSchema.refine(
  (list) => new Set(list).size === list.length,
  'must not repeat a nameserver',
);

export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD');

export const moneySchema = z.object({
  amount: z.string().regex(/^\d+(\.\d{1,2})?$/, 'must be a decimal amount such as 120.00'),
  currency: currencySchema,
});

export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((v) => {
    // Date.parse quietly turns 2026-02-30 into March 2nd: the day must survive a round trip.
    const parsed = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === v && v > '1970-01-01';
  }, 'must be a real date after 1970');

/** Entities that live forever continue as new after this many history events (tests use a small number). */
export const continueAsNewAfterEventsSchema = z.number().int().min(50).max(50_000).default(10_000);

/** One move of a workflow's phase, kept for people (the `state` query). */
export interface StatusLogEntry {
  at: string;
  from: string;
  to: string;
  why: string;
}

/** Asks a polling workflow (transfer, registration) to check now instead of at the next scheduled time. */
export const checkNowSignal = defineSignal('checkNow');
