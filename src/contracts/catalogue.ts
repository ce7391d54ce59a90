/** The price catalogue: the `catalogue` workflow per registrar account and `syncCatalogue` (docs/prices.md). */
import { z } from 'zod';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CatalogueChange, PricedEntry } from '../domain/catalogue';
import { accountNameSchema, continueAsNewAfterEventsSchema, registrarNameSchema } from './common';

export type { CatalogueChange, PricedEntry, SalePrices } from '../domain/catalogue';
export { CATALOGUE_OPERATIONS, type CatalogueOperation } from '../domain/catalogue';

const accountFields = {
  registrar: registrarNameSchema,
  /** the registrar account; the configured one is 'default' */
  account: accountNameSchema.default('default'),
};

export interface CatalogueState {
  entries: PricedEntry[];
  /** +1 for every sync that changed something; 0 = never synced */
  revision: number;
  syncedAt: string | null;
  /** the last syncs' answers by sync id, so a retried Update gets its first answer also after continue-as-new */
  applied: Array<{ syncId: string; result: ApplyCatalogueResult }>;
}

export const catalogueInputSchema = z.strictObject({
  ...accountFields,
  continueAsNewAfterEvents: continueAsNewAfterEventsSchema,
  /** carried over by continue-as-new */
  state: z.custom<CatalogueState>((v) => v === undefined || (typeof v === 'object' && v !== null)).optional(),
});
export type CatalogueInput = z.input<typeof catalogueInputSchema>;

export const syncCatalogueInputSchema = z.strictObject(accountFields);
export type SyncCatalogueInput = z.input<typeof syncCatalogueInputSchema>;

/** The catalogue of one registrar account, held by a workflow that lives as long as the account. */
export const catalogueWorkflowId = (registrar: string, account: string): string => `catalogue:${registrar}:${account}`;
/** Sync runs: `catalogue-sync:<registrar>:<account>` (a schedule appends the run time, a manual run `:manual-<time>`). */
export const syncCatalogueWorkflowIdPrefix = (registrar: string, account: string): string =>
  `catalogue-sync:${registrar}:${account}`;
export const catalogueScheduleId = (registrar: string, account: string): string =>
  `catalogue-schedule:${registrar}:${account}`;

const amount = z.string().regex(/^\d{1,12}\.\d{2}$/, 'must be an amount like 10.00');
const prices = {
  register: amount,
  renew: amount,
  transfer: amount,
  restore: amount.nullable(),
  trade: amount.nullable(),
};
const pricedEntrySchema = z.strictObject({
  tld: z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/, 'must be a TLD like com or co.uk, without the dot'),
  periods: z.array(z.number().int().min(1).max(100)),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a currency code like USD'),
  ...prices,
  sale: z.strictObject(prices),
});

/** A sync's hand-over (the applyCatalogue Update); checked before it is written to the history. */
export const applyCatalogueInputSchema = z.strictObject({
  /** the sync run (workflow ID / run ID): the Update ID, so a retried hand-over is applied once */
  syncId: z.string().min(1, 'must not be empty').max(1000),
  syncedAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }),
  entries: z.array(pricedEntrySchema).max(10_000, 'must list at most 10,000 TLDs'),
});
export type ApplyCatalogueInput = z.input<typeof applyCatalogueInputSchema>;

export interface ApplyCatalogueResult {
  /** the catalogue's revision after this sync (unchanged when nothing changed) */
  revision: number;
  changes: CatalogueChange[];
}

export interface CatalogueView {
  registrar: string;
  account: string;
  revision: number;
  syncedAt: string | null;
  entries: PricedEntry[];
}

export interface SyncCatalogueResult {
  registrar: string;
  account: string;
  tlds: number;
  revision: number;
  added: number;
  changed: number;
  removed: number;
  /** change events emitted: one per added, changed or removed TLD */
  events: number;
}

/** A sync's priced catalogue; answers what changed against the catalogue held so far. */
export const applyCatalogueUpdate = defineUpdate<ApplyCatalogueResult, [ApplyCatalogueInput]>('applyCatalogue');
/** The whole catalogue, or only the TLD given (without a leading dot; an empty list when it is not sold). */
export const catalogueQuery = defineQuery<CatalogueView, [string?]>('catalogue');

/** The catalogue workflows as the client starts them (by type name; src/workflows/signatures.ts checks the code). */
export type CatalogueWorkflow = (input: CatalogueInput) => Promise<never>;
export type SyncCatalogueWorkflow = (input: SyncCatalogueInput) => Promise<SyncCatalogueResult>;
