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
import { accountScopedId, registrarAccountSchema } from './registrar-account';
import { checkTransferFields } from '../domain/tld-fields/operations';

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

/** The input as checked before the patch 'tld-fields-transfer' (no TLD fields): replay only. */
export const legacyTransferDomainInputSchema = z
  .object({
    domain: domainNameSchema,
    /** EPP auth code from the losing registrar */
    authCode: z
      .string({ message: 'is required' })
      .min(1, 'is required')
      .max(255, 'must be at most 255 characters')
      .refine((v) => v.trim() === v && !/[\r\n]/.test(v), 'must not contain line breaks or surrounding spaces'),
    registrar: registrarNameSchema.default('ispapi'),
    /** the registrar account (docs/accounts.md); another than `default` is part of the workflow ID */
    account: registrarAccountSchema,
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
    /** TLD fields the transfer carries, by neutral key (src/domain/tld-fields/operations.ts), e.g. .ca { "legalType": "CCO" } */
    extras: z.record(z.string(), z.string()).optional(),
  })
  .refine((input) => !(input.updateNameservers === true && !input.nameservers), {
    message: 'needs nameservers when updateNameservers is true',
    path: ['updateNameservers'],
  });

/**
 * The input as checked since the patch 'tld-fields-transfer': the extras against the fields the
 * field table says a transfer of the TLD carries (.ca legal type), each problem naming extras.<key>.
 */
export const transferDomainInputSchema = legacyTransferDomainInputSchema.superRefine((input, ctx) => {
  for (const problem of checkTransferFields(input.domain, input.extras ?? {})) {
    ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
  }
});

export type TransferDomainInput = z.input<typeof transferDomainInputSchema>;
export type TransferDomainParams = z.output<typeof transferDomainInputSchema>;

/** `transfer:<domain>`; another account: `transfer:<account>:<domain>` */
export const transferWorkflowId = (asciiDomain: string, account?: string): string =>
  accountScopedId(`transfer:${asciiDomain}`, account);

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
