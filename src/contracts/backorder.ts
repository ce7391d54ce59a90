/** backorder: catch a dropping domain for a customer (docs/backorder.md). */
import { z } from 'zod';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { domainNameSchema } from '../domain/domain-name';
import { contactSetSchema } from '../domain/contact';
import { currencySchema, customerIdSchema, durationSchema, registrarNameSchema, type StatusLogEntry } from './common';
import { accountScopedId, registrarAccountSchema } from './registrar-account';

export const backorderInputSchema = z.object({
  customerId: customerIdSchema,
  domain: domainNameSchema,
  registrar: registrarNameSchema.default('ispapi'),
  /** the registrar account (docs/accounts.md); another than `default` is part of the workflow ID */
  account: registrarAccountSchema,
  currency: currencySchema.default('USD'),
  contacts: contactSetSchema,
  /** where the customer's mail goes; defaults to the owner's address */
  notifyEmail: z.email({ message: 'must be an e-mail address' }).optional(),
  /** windows before the drop (registry and registrar rules; shorter only in tests) */
  timing: z
    .object({
      activateBefore: durationSchema('1s').default('3 days'),
      processBefore: durationSchema('1s').default('2 hours'),
      giveUpAfterDrop: durationSchema('1s').default('2 days'),
      recheckEvery: durationSchema('1s').default('1 day'),
      pollEvery: durationSchema('1s').default('1 hour'),
    })
    .default({
      activateBefore: '3 days',
      processBefore: '2 hours',
      giveUpAfterDrop: '2 days',
      recheckEvery: '1 day',
      pollEvery: '1 hour',
    }),
});
export type BackorderInput = z.input<typeof backorderInputSchema>;
/** `backorder:<customer>:<domain>`; another account: `backorder:<account>:<customer>:<domain>` */
export const backorderWorkflowId = (customerId: string, asciiDomain: string, account?: string): string =>
  accountScopedId(`backorder:${customerId}:${asciiDomain}`, account);

export type BackorderWorkflowStatus =
  | 'REQUESTED'
  | 'ACTIVE'
  | 'PROCESSING'
  | 'AUCTION-PENDING'
  | 'PENDING-PAYMENT'
  | 'SUCCESSFUL'
  | 'FAILED'
  | 'AUCTION-WON'
  | 'AUCTION-LOST'
  | 'CANCELLED';

export interface BackorderState {
  customerId: string;
  domain: string;
  phase: BackorderWorkflowStatus;
  dropAt?: string;
  reference?: string;
  /** price in minor units */
  price?: { amount: number; currency: string };
  fundsReserved: boolean;
  lowBalanceMailSent: boolean;
  nextCheckAt?: string;
  log: StatusLogEntry[];
  result?: BackorderResult;
}

export interface BackorderResult {
  customerId: string;
  domain: string;
  status: BackorderWorkflowStatus;
  reason?: string;
  reference?: string;
  /** minor units actually taken from the customer's balance */
  charged: number;
  currency: string;
  finishedAt: string;
}

export const backorderStateQuery = defineQuery<BackorderState>('state');
export const cancelBackorderUpdate = defineUpdate<{ cancelled: true }, []>('cancel');

/** The `backorder` workflow as the client starts it (by type name; src/workflows/signatures.ts checks the code). */
export type BackorderWorkflow = (input: BackorderInput) => Promise<BackorderResult>;
