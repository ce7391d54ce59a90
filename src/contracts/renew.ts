/** renewDomain: one term of one domain, at most once (docs/renew.md). */
import { z } from 'zod';
import { defineQuery } from '@temporalio/workflow';
import { domainNameSchema } from '../domain/domain-name';
import {
  customerIdSchema,
  durationSchema,
  isoDateSchema,
  moneySchema,
  registrarNameSchema,
  type StatusLogEntry,
} from './common';
import { accountScopedId, registrarAccountSchema } from './registrar-account';

export const renewDomainInputSchema = z.object({
  domain: domainNameSchema,
  registrar: registrarNameSchema.default('ispapi'),
  /** the registrar account (docs/accounts.md); another than `default` is part of the workflow ID */
  account: registrarAccountSchema,
  /** the registry expiry date of the term being renewed: part of the workflow ID, once per term */
  expiresOn: isoDateSchema,
  periodYears: z
    .number()
    .int('must be a whole number of years')
    .min(1, 'must be 1-10 years')
    .max(10, 'must be 1-10 years')
    .default(1),
  /** hard quarantine / redemption: restore only when this fee is accepted (equal to or above the registrar's) */
  acceptRestoreFee: moneySchema.optional(),
  customerId: customerIdSchema.optional(),
  /** how long to wait for a restore the registry answers as pending */
  restoreDeadline: durationSchema('1m').default('5 days'),
});

export type RenewDomainInput = z.input<typeof renewDomainInputSchema>;
/** `renew:<domain>:<expiresOn>`; another account: `renew:<account>:<domain>:<expiresOn>` */
export const renewWorkflowId = (asciiDomain: string, expiresOn: string, account?: string): string =>
  accountScopedId(`renew:${asciiDomain}:${expiresOn}`, account);

export type RenewOutcome =
  'renewed' | 'restored' | 'already-renewed' | 'needs-attention' | 'deleted' | 'transferred-away';
export type RenewPhase = 'reading' | 'renewing' | 'restoring' | 'verifying' | RenewOutcome;

export interface RenewDomainResult {
  domain: string;
  registrar: string;
  outcome: RenewOutcome;
  /** what the registrar showed before acting */
  phaseFound: string;
  /** the action taken: renew, pay, soft-restore, hard-restore or none */
  action: 'renew' | 'pay' | 'soft-restore' | 'hard-restore' | 'none';
  /**
   * true when this workflow paid its term (renewal or restore), whichever attempt of the paying
   * call paid it: also when that attempt's answer was lost and its retry found the term extended.
   * false when the term was already extended before this workflow paid anything (docs/renew.md)
   */
  charged: boolean;
  previousExpiresAt?: string;
  newExpiresAt?: string;
  reason?: string;
  finishedAt: string;
}

export interface RenewState {
  domain: string;
  registrar: string;
  phase: RenewPhase;
  log: StatusLogEntry[];
  result?: RenewDomainResult;
}

export const renewStateQuery = defineQuery<RenewState>('state');

/** The `renewDomain` workflow as the client starts it (by type name; src/workflows/signatures.ts checks the code). */
export type RenewDomainWorkflow = (input: RenewDomainInput) => Promise<RenewDomainResult>;
