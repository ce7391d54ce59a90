/** deleteDomain: delete one domain now or at its expiry, with an explicit confirmation (docs/domain-operations.md). */
import { z } from 'zod';
import { defineQuery } from '@temporalio/workflow';
import { domainNameSchema } from '../domain/domain-name';
import { customerIdSchema, registrarNameSchema, type StatusLogEntry } from './common';
import { accountScopedId, registrarAccountSchema } from './registrar-account';

export const DELETE_MODES = ['now', 'at-expiry'] as const;
export type DeleteMode = (typeof DELETE_MODES)[number];

export const deleteDomainInputSchema = z
  .object({
    domain: domainNameSchema,
    registrar: registrarNameSchema.default('ispapi'),
    /** the registrar account (docs/accounts.md); another than `default` is part of the workflow ID */
    account: registrarAccountSchema,
    /** the domain name again: nothing is deleted without it (compared in its ASCII form) */
    confirm: z.string({ message: 'must be the domain name again' }),
    /** now: the registry deletes it (restorable for a while); at-expiry: it is not renewed and deleted at its expiry */
    mode: z.enum(DELETE_MODES, { message: `must be one of ${DELETE_MODES.join(', ')}` }).default('now'),
    customerId: customerIdSchema.optional(),
  })
  .superRefine((input, ctx) => {
    const again = domainNameSchema.safeParse(input.confirm);
    if (!again.success || again.data !== input.domain) {
      ctx.addIssue({
        code: 'custom',
        path: ['confirm'],
        message: `must repeat the domain name (${input.domain}) to confirm the deletion`,
      });
    }
  });

export type DeleteDomainInput = z.input<typeof deleteDomainInputSchema>;
/** `delete:<domain>`; another account: `delete:<account>:<domain>` */
export const deleteWorkflowId = (asciiDomain: string, account?: string): string =>
  accountScopedId(`delete:${asciiDomain}`, account);

export type DeleteOutcome = 'deleted' | 'deletes-at-expiry' | 'already-deleted' | 'refused';
export type DeletePhase = 'reading' | 'deleting' | 'verifying' | DeleteOutcome;

export interface DeleteDomainResult {
  domain: string;
  registrar: string;
  mode: DeleteMode;
  outcome: DeleteOutcome;
  /** the lifecycle phase found before acting */
  phaseFound: string;
  /** the phase after (deleted: pending-delete, soft- or hard-quarantine ...) */
  phase?: string;
  /** true when this workflow sent the deleting call (DeleteDomain / DELETE / the renewal mode) */
  sent: boolean;
  /** at-expiry: the registry expiry the domain is deleted at */
  deletesAt?: string;
  /** restorable at the normal renewal fee until (soft quarantine), where the registrar says */
  softRestorableUntil?: string;
  /** restorable for the restore fee until (hard quarantine / redemption), where the registrar says */
  restorableUntil?: string;
  restoreFee?: { amount: string; currency: string };
  reason?: string;
  finishedAt: string;
}

export interface DeleteState {
  domain: string;
  registrar: string;
  mode: DeleteMode;
  phase: DeletePhase;
  log: StatusLogEntry[];
  result?: DeleteDomainResult;
}

export const deleteStateQuery = defineQuery<DeleteState>('state');

/** The `deleteDomain` workflow as the client starts it (by type name; src/workflows/signatures.ts checks the code). */
export type DeleteDomainWorkflow = (input: DeleteDomainInput) => Promise<DeleteDomainResult>;
