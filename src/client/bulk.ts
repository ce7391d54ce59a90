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
  resumeBulkSignal,
} from '../contracts';
import { startOnce, type StartedWorkflow } from './start-once';

export type StartedBulkChange = StartedWorkflow<BulkChangeWorkflow>;

/** Starts the bulk job `bulk:<jobId>` (docs/bulk.md); a second start with the same jobId joins the first. */
export async function startBulkChange(
  client: Client,
  input: BulkChangeInput,
  options: { taskQueue?: string } = {},
): Promise<StartedBulkChange> {
  const params = parseOrThrow(bulkChangeInputSchema, input);
  return startOnce<BulkChangeWorkflow>(client, 'bulkChange', {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: bulkWorkflowId(params.jobId),
    args: [input],
    typedSearchAttributes: [
      { key: Registrar, value: params.registrar },
      { key: LifecycleState, value: 'bulk-selecting' },
    ],
    staticSummary: `Bulk ${params.change.kind} at ${params.registrar} (${params.domains ? `${params.domains.length} domains` : 'filter'})`,
  });
}

const job = (client: Client, jobId: string) => client.workflow.getHandle<BulkChangeWorkflow>(bulkWorkflowId(jobId));

export async function getBulkState(client: Client, jobId: string): Promise<BulkState> {
  return job(client, jobId).query(bulkStateQuery);
}

/** Stops sending new domains; those in flight finish. */
export async function pauseBulkChange(client: Client, jobId: string): Promise<void> {
  await job(client, jobId).signal(pauseBulkSignal);
}

export async function resumeBulkChange(client: Client, jobId: string): Promise<void> {
  await job(client, jobId).signal(resumeBulkSignal);
}

/** Stops the job: domains in flight finish, the rest are skipped; the report is still sent. */
export async function cancelBulkChange(client: Client, jobId: string): Promise<void> {
  await job(client, jobId).signal(cancelBulkSignal);
}
