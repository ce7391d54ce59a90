/** The portfolio runs: syncPortfolio and importPortfolio (docs/portfolio.md). */
import { z } from 'zod';
import { defineQuery } from '@temporalio/workflow';
import type { RegistrarName } from '../registrars/names';
import { accountNameSchema, registrarNameSchema } from './common';
import type { SyncReport } from './events';

const portfolioRunFields = {
  registrar: registrarNameSchema,
  /** the registrar account (one schedule per account); the worker's configured account is 'default' */
  account: accountNameSchema.default('default'),
  /** domains per list call (Openprovider allows at most 1000) */
  pageSize: z.number().int().min(1, 'must be 1-1000').max(1000, 'must be 1-1000').default(1000),
  /** the rate-limited task queue of the list activities; default `<workflow task queue>-<registrar>` */
  listTaskQueue: z.string().min(1).max(200).optional(),
  dueDateOffsetDays: z.number().int().min(0).max(365).default(30),
};

export const syncPortfolioInputSchema = z.object({
  ...portfolioRunFields,
  /** mail the SyncReport (sendSyncReport decides about empty reports) */
  sendReport: z.boolean().default(true),
});
export type SyncPortfolioInput = z.input<typeof syncPortfolioInputSchema>;

export const importPortfolioInputSchema = z.object(portfolioRunFields);
export type ImportPortfolioInput = z.input<typeof importPortfolioInputSchema>;

/** Schedules and manual runs: `sync:<registrar>:<account>` (a schedule appends the run time). */
export const syncWorkflowIdPrefix = (registrar: string, account: string): string => `sync:${registrar}:${account}`;
export const syncScheduleId = (registrar: string, account: string): string => `sync-schedule:${registrar}:${account}`;
export const importWorkflowId = (registrar: string, account: string): string => `import:${registrar}:${account}`;

export type PortfolioRunPhase = 'listing' | 'checking-missing' | 'reporting' | 'done';

export interface PortfolioRunProgress {
  registrar: RegistrarName;
  account: string;
  phase: PortfolioRunPhase;
  startedAt: string;
  finishedAt?: string;
  pagesRead: number;
  /** domains the registrar listed so far */
  domainsSeen: number;
  /** what the registrar says it has in all (when the list answer carries it) */
  total?: number;
  /** domain workflows started for domains seen for the first time */
  started: number;
  /** existing domain workflows told about different facts */
  updated: number;
  /** unchanged: skipped by digest, no workflow touched */
  unchanged: number;
  /** domains no longer listed, checked one by one */
  missingChecked: number;
  /** registrar calls made by this run (list pages, missing checks) */
  registrarCalls: number;
  errors: number;
}

export interface SyncPortfolioResult extends PortfolioRunProgress {
  report: SyncReport;
  reportSent: boolean;
}
export type ImportPortfolioResult = PortfolioRunProgress;

export const syncStateQuery = defineQuery<PortfolioRunProgress>('state');
export const importStateQuery = defineQuery<
  PortfolioRunProgress & { problems: Array<{ domain?: string; message: string }> }
>('state');

/** The portfolio workflows as the client starts them (by type name; src/workflows/signatures.ts checks the code). */
export type SyncPortfolioWorkflow = (input: SyncPortfolioInput) => Promise<SyncPortfolioResult>;
export type ImportPortfolioWorkflow = (input: ImportPortfolioInput) => Promise<ImportPortfolioResult>;
