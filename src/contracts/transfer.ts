/** transferDomain: inbound transfer (docs/transfer.md). */
import { z } from 'zod';
import { defineQuery } from '@temporalio/workflow';
import { domainNameSchema } from '../domain/domain-name';
import {
  customerIdSchema,
  durationSchema,
  registrarNameSchema,
  uniqueNameserverListSchema,
  type StatusLogEntry,
} from './common';
import { tryDurationMs } from './duration';

export const transferPollingSchema = z
  .object({
    /** first wait between status checks */
    initialInterval: durationSchema('1s').default('5 minutes'),
    /** the wait grows by this factor after each check ... */
    backoffCoefficient: z.number().min(1, 'must be at least 1').max(10, 'must be at most 10').default(2),
    /** ... up to this */
    maxInterval: durationSchema('1s').default('6 hours'),
    /** give up and tell a human after this long */
    deadline: durationSchema('1m').default('10 days'),
  })
  .refine(
    (p) => {
      // The field checks report bad durations; this rule only compares two good ones.
      const max = tryDurationMs(p.maxInterval);
      const initial = tryDurationMs(p.initialInterval);
      return max === undefined || initial === undefined || max >= initial;
    },
    { message: 'must not be shorter than initialInterval', path: ['maxInterval'] },
  );

export const transferDomainInputSchema = z
  .object({
    domain: domainNameSchema,
    /** EPP auth code from the losing registrar */
    authCode: z
      .string({ message: 'is required' })
      .min(1, 'is required')
      .max(255, 'must be at most 255 characters')
      .refine((v) => v.trim() === v && !/[\r\n]/.test(v), 'must not contain line breaks or surrounding spaces'),
    registrar: registrarNameSchema.default('ispapi'),
    /** nameservers to set once the transfer completes (registries ignore them on the transfer itself) */
    nameservers: uniqueNameserverListSchema.optional(),
    /** apply `nameservers` after the transfer; defaults to true when nameservers are given */
    updateNameservers: z.boolean().optional(),
    /** set the transfer lock after the transfer */
    transferLock: z.boolean().default(false),
    /** transfer period in years; omitted lets the registry default apply (e.g. free transfers) */
    periodYears: z.number().int().min(0).max(10).optional(),
    customerId: customerIdSchema.optional(),
    polling: transferPollingSchema.default({
      initialInterval: '5 minutes',
      backoffCoefficient: 2,
      maxInterval: '6 hours',
      deadline: '10 days',
    }),
  })
  .refine((input) => !(input.updateNameservers === true && !input.nameservers), {
    message: 'needs nameservers when updateNameservers is true',
    path: ['updateNameservers'],
  });

export type TransferDomainInput = z.input<typeof transferDomainInputSchema>;
export type TransferDomainParams = z.output<typeof transferDomainInputSchema>;

export const transferWorkflowId = (asciiDomain: string): string => `transfer:${asciiDomain}`;

export type TransferPhase =
  | 'checking'
  | 'requesting'
  | 'pending'
  | 'updating-nameservers'
  | 'locking'
  | 'completed'
  | 'rejected'
  | 'failed'
  | 'timed-out';

export type TransferOutcome = 'completed' | 'rejected' | 'failed' | 'timed-out';

export interface TransferDomainResult {
  domain: string;
  registrar: string;
  outcome: TransferOutcome;
  /** the registrar's reason when the outcome is not completed */
  reason?: string;
  nameserversUpdated: boolean;
  transferLockSet: boolean;
  statusChecks: number;
  finishedAt: string;
}

export interface TransferState {
  domain: string;
  registrar: string;
  phase: TransferPhase;
  /** status checks made so far */
  attempts: number;
  nextCheckAt?: string;
  deadline?: string;
  registrarStatus?: string;
  log: StatusLogEntry[];
  result?: TransferDomainResult;
}

export const transferStateQuery = defineQuery<TransferState>('state');
// checkNow (a status check now instead of at the next scheduled time) is common.ts's checkNowSignal.

/** The `transferDomain` workflow as the client starts it (by type name; src/workflows/signatures.ts checks the code). */
export type TransferDomainWorkflow = (input: TransferDomainInput) => Promise<TransferDomainResult>;
