import { ScheduleOverlapPolicy, type Client, type WorkflowHandle } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { parseOrThrow } from '../domain/validation';
import { ensureIntervalSchedule } from './schedules';
import {
  DEFAULT_TASK_QUEUE,
  type ImportPortfolioInput,
  importPortfolioInputSchema,
  type ImportPortfolioWorkflow,
  importStateQuery,
  importWorkflowId,
  type PortfolioRunProgress,
  Registrar,
  type SyncPortfolioInput,
  syncPortfolioInputSchema,
  type SyncPortfolioWorkflow,
  syncScheduleId,
  syncStateQuery,
  syncWorkflowIdPrefix,
} from '../contracts';
import { checkAccount, type KnownAccounts } from './accounts';
import { startOnce, type StartedWorkflow } from './start-once';

interface RunOptions {
  taskQueue?: string;
  /** the deployment's accounts: an input naming another is refused before any call */
  accounts?: KnownAccounts;
}

/** Runs one sync now, outside the schedule: `sync:<registrar>:<account>:manual-<time>`. */
export async function startSync(
  client: Client,
  input: SyncPortfolioInput,
  options: RunOptions = {},
): Promise<WorkflowHandle<SyncPortfolioWorkflow>> {
  const params = parseOrThrow(syncPortfolioInputSchema, input);
  checkAccount(options.accounts, params.registrar, params.account);
  const stamp = new Date().toISOString().replace(/[-:.]/g, '');
  return client.workflow.start<SyncPortfolioWorkflow>('syncPortfolio', {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: `${syncWorkflowIdPrefix(params.registrar, params.account)}:manual-${stamp}`,
    args: [input],
    typedSearchAttributes: [{ key: Registrar, value: params.registrar }],
    staticSummary: `Portfolio sync of ${params.registrar}/${params.account} (manual)`,
  });
}

export async function getSyncProgress(client: Client, workflowId: string): Promise<PortfolioRunProgress> {
  return client.workflow.getHandle(workflowId).query(syncStateQuery);
}

export interface SyncScheduleSettings {
  /** e.g. '6h' (DOMAINFLOW_SYNC_INTERVAL) */
  interval: Duration;
  taskQueue?: string;
  /** sync input per registrar account */
  accounts: SyncPortfolioInput[];
}

/**
 * One Schedule per registrar account (`sync-schedule:<registrar>:<account>`), created or brought
 * up to date: safe to call at every worker start. A run still going when the next is due is not
 * doubled (overlap SKIP).
 */
export async function ensureSyncSchedules(
  client: Client,
  settings: SyncScheduleSettings,
): Promise<Array<{ scheduleId: string; created: boolean }>> {
  const out: Array<{ scheduleId: string; created: boolean }> = [];
  for (const account of settings.accounts) {
    const params = parseOrThrow(syncPortfolioInputSchema, account);
    out.push(
      await ensureIntervalSchedule(client, {
        scheduleId: syncScheduleId(params.registrar, params.account),
        workflowType: 'syncPortfolio',
        workflowId: syncWorkflowIdPrefix(params.registrar, params.account),
        args: [account] as [SyncPortfolioInput],
        registrar: params.registrar,
        interval: settings.interval,
        taskQueue: settings.taskQueue,
      }),
    );
  }
  return out;
}

/** Takes the schedule's action now (a run already going is not doubled). */
export async function triggerSync(client: Client, registrar: string, account = 'default'): Promise<void> {
  await client.schedule.getHandle(syncScheduleId(registrar, account)).trigger(ScheduleOverlapPolicy.SKIP);
}

export type StartedImport = StartedWorkflow<ImportPortfolioWorkflow>;

/** Starts the import of a registrar account (`import:<registrar>:<account>`); a second start joins the first. */
export async function startImport(
  client: Client,
  input: ImportPortfolioInput,
  options: RunOptions = {},
): Promise<StartedImport> {
  const params = parseOrThrow(importPortfolioInputSchema, input);
  checkAccount(options.accounts, params.registrar, params.account);
  return startOnce<ImportPortfolioWorkflow>(client, 'importPortfolio', {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: importWorkflowId(params.registrar, params.account),
    args: [input],
    typedSearchAttributes: [{ key: Registrar, value: params.registrar }],
    staticSummary: `Import of ${params.registrar}/${params.account}`,
  });
}

export async function getImportProgress(
  client: Client,
  registrar: string,
  account = 'default',
): Promise<PortfolioRunProgress & { problems: Array<{ domain?: string; message: string }> }> {
  return client.workflow.getHandle(importWorkflowId(registrar, account)).query(importStateQuery);
}
