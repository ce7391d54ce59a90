import type { Client } from '@temporalio/client';
import { parseOrThrow } from '../domain/validation';
import {
  type BulkChangeInput,
  bulkChangeInputSchema,
  type BulkChangeWorkflow,
  type BulkState,
  bulkStateQuery,
  bulkWorkflowId,
  cancelBulkSignal,
  DEFAULT_TASK_QUEUE,
  LifecycleState,
  pauseBulkSignal,
  Registrar,
  registrarAccountSchema,
  resumeBulkSignal,
} from '../contracts';
import { accountNote, checkAccount, type KnownAccounts } from './accounts';
import { startOnce, type StartedWorkflow } from './start-once';

export type StartedBulkChange = StartedWorkflow<BulkChangeWorkflow>;

/**
 * Starts the bulk job `bulk:<jobId>` (another registrar account: `bulk:<account>:<jobId>`, its
 * domains that account's entities; docs/bulk.md); a second start with the same jobId joins the first.
 */
export async function startBulkChange(
  client: Client,
  input: BulkChangeInput,
  options: { taskQueue?: string; accounts?: KnownAccounts } = {},
): Promise<StartedBulkChange> {
  const params = parseOrThrow(bulkChangeInputSchema, input);
  checkAccount(options.accounts, params.registrar, params.account);
  return startOnce<BulkChangeWorkflow>(client, 'bulkChange', {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: bulkWorkflowId(params.jobId, params.account),
    args: [input],
    typedSearchAttributes: [
      { key: Registrar, value: params.registrar },
      { key: LifecycleState, value: 'bulk-selecting' },
    ],
    staticSummary: `Bulk ${params.change.kind} at ${params.registrar}${accountNote(params.account)} (${params.domains ? `${params.domains.length} domains` : 'filter'})`,
  });
}

/** A job's handle; `account`: the registrar account it was started for (absent: `default`). */
const job = (client: Client, jobId: string, account?: string) =>
  client.workflow.getHandle<BulkChangeWorkflow>(
    bulkWorkflowId(jobId, parseOrThrow(registrarAccountSchema, account, 'account')),
  );

export async function getBulkState(client: Client, jobId: string, account?: string): Promise<BulkState> {
  return job(client, jobId, account).query(bulkStateQuery);
}

/** Stops sending new domains; those in flight finish. */
export async function pauseBulkChange(client: Client, jobId: string, account?: string): Promise<void> {
  await job(client, jobId, account).signal(pauseBulkSignal);
}

export async function resumeBulkChange(client: Client, jobId: string, account?: string): Promise<void> {
  await job(client, jobId, account).signal(resumeBulkSignal);
}

/** Stops the job: domains in flight finish, the rest are skipped; the report is still sent. */
export async function cancelBulkChange(client: Client, jobId: string, account?: string): Promise<void> {
  await job(client, jobId, account).signal(cancelBulkSignal);
}
