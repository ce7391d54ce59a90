/**
 * Workflow inputs, results and IDs: the contract shared by the workflows, the client helpers, the
 * command line and services in other languages (documented as JSON in the README). Validated with
 * zod at the edge and again at the top of each workflow.
 */
import { z } from 'zod';
import { msToNumber } from '@temporalio/common/lib/time';
import { domainNameSchema, hostNameSchema } from '../domain/domain-name';
import { REGISTRAR_NAMES } from '../registrars/registrar';

export const DEFAULT_TASK_QUEUE = 'domainflow';

const duration = (min: string) =>
  z.string().refine(
    (value) => {
      try {
        return msToNumber(value as never) >= msToNumber(min as never);
      } catch {
        return false;
      }
    },
    { message: `must be a duration such as '5 minutes', '6h' or '10d', at least ${min}` },
  );

export const registrarNameSchema = z.enum(REGISTRAR_NAMES, {
  message: `must be one of ${REGISTRAR_NAMES.join(', ')}`,
});

export const transferPollingSchema = z
  .object({
    /** first wait between status checks */
    initialInterval: duration('1s').default('5 minutes'),
    /** the wait grows by this factor after each check ... */
    backoffCoefficient: z.number().min(1, 'must be at least 1').max(10, 'must be at most 10').default(2),
    /** ... up to this */
    maxInterval: duration('1s').default('6 hours'),
    /** give up and tell a human after this long */
    deadline: duration('1m').default('10 days'),
  })
  .refine((p) => msToNumber(p.maxInterval as never) >= msToNumber(p.initialInterval as never), {
    message: 'must not be shorter than initialInterval',
    path: ['maxInterval'],
  });

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
    nameservers: z
      .array(hostNameSchema)
      .min(2, 'must list 2 to 13 nameservers')
      .max(13, 'must list 2 to 13 nameservers')
      .refine((list) => new Set(list).size === list.length, 'must not repeat a nameserver')
      .optional(),
    /** apply `nameservers` after the transfer; defaults to true when nameservers are given */
    updateNameservers: z.boolean().optional(),
    /** set the transfer lock after the transfer */
    transferLock: z.boolean().default(false),
    /** transfer period in years; omitted lets the registry default apply (e.g. free transfers) */
    periodYears: z.number().int().min(0).max(10).optional(),
    customerId: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes or underscores')
      .optional(),
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

export interface StatusLogEntry {
  at: string;
  from: string;
  to: string;
  why: string;
}

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
