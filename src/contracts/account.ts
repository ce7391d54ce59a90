/** customerAccount: prepaid balances in minor units (cents), never floats (docs/accounts.md). */
import { z } from 'zod';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { continueAsNewAfterEventsSchema, currencySchema, customerIdSchema } from './common';

const reference = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'must be 1-128 letters, digits or . _ : -');
const currency = currencySchema;
const minorUnits = z
  .number()
  .int('must be a whole number of minor units (cents)')
  .positive('must be more than 0')
  .max(1_000_000_000_00, 'must be at most 1,000,000,000.00');

export const depositSchema = z.object({
  reference,
  amount: minorUnits,
  currency,
  memo: z.string().max(200).optional(),
});
export const reserveSchema = z.object({
  reference,
  amount: minorUnits,
  currency,
  memo: z.string().max(200).optional(),
  /** a workflow to signal (fundsDeposited) when a deposit arrives after this was refused */
  notifyWorkflowId: z.string().min(1).max(1000).optional(),
});
export const settleSchema = z.object({ reference });

export type DepositRequest = z.input<typeof depositSchema>;
export type ReserveRequest = z.input<typeof reserveSchema>;
export type SettleRequest = z.input<typeof settleSchema>;

export interface Reservation {
  reference: string;
  amount: number;
  currency: string;
  memo?: string;
  at: string;
}

export interface LedgerEntry {
  at: string;
  kind: 'deposit' | 'reserve' | 'release' | 'capture' | 'refused';
  reference: string;
  amount: number;
  currency: string;
  memo?: string;
}

export type AccountOperationResult =
  | { status: 'deposited' | 'reserved' | 'released' | 'captured'; reference: string; duplicate: boolean }
  | {
      status: 'refused';
      reference: string;
      reason: 'insufficient-funds' | 'unknown-reservation' | 'already-captured' | 'already-released';
      available?: number;
      duplicate: boolean;
    };

export interface CurrencyBalance {
  currency: string;
  /** money the customer has (deposits minus captures) */
  balance: number;
  /** held for open reservations */
  reserved: number;
  /** balance minus reserved */
  available: number;
}

export interface AccountState {
  customerId: string;
  balances: Record<string, number>;
  reservations: Reservation[];
  /** reference -> first result, so a repeated reference changes nothing */
  processed: Array<[string, AccountOperationResult]>;
  entries: LedgerEntry[];
  waitingForFunds: string[];
}

export interface AccountView {
  customerId: string;
  currencies: CurrencyBalance[];
  reservations: Reservation[];
  recentEntries: LedgerEntry[];
}

export const customerAccountInputSchema = z.object({
  customerId: customerIdSchema,
  /** carried over by continue-as-new */
  state: z.custom<AccountState>((v) => v === undefined || (typeof v === 'object' && v !== null)).optional(),
  /** continue as new after this many history events (tests use a small number) */
  continueAsNewAfterEvents: continueAsNewAfterEventsSchema,
});
export type CustomerAccountInput = z.input<typeof customerAccountInputSchema>;

export const accountWorkflowId = (customerId: string): string => `account:${customerId}`;

export const depositUpdate = defineUpdate<AccountOperationResult, [DepositRequest]>('deposit');
export const reserveUpdate = defineUpdate<AccountOperationResult, [ReserveRequest]>('reserve');
export const releaseUpdate = defineUpdate<AccountOperationResult, [SettleRequest]>('release');
export const captureUpdate = defineUpdate<AccountOperationResult, [SettleRequest]>('capture');
export const accountQuery = defineQuery<AccountView>('state');
/** Sent to workflows whose reservation was refused, when money arrives. */
export const fundsDepositedSignal = defineSignal<[{ customerId: string; currency: string }]>('fundsDeposited');

/** The `customerAccount` workflow as the client starts it (by type name; src/workflows/signatures.ts checks the code). */
export type CustomerAccountWorkflow = (input: CustomerAccountInput) => Promise<never>;
