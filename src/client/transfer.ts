import type { Client } from '@temporalio/client';
import { parseOrThrow } from '../domain/validation';
import {
  checkNowSignal,
  CustomerId,
  DEFAULT_TASK_QUEUE,
  DomainName,
  LifecycleState,
  Registrar,
  type TransferDomainInput,
  transferDomainInputSchema,
  type TransferDomainWorkflow,
  type TransferState,
  transferStateQuery,
  transferWorkflowId,
} from '../contracts';
import { accountNote, checkAccount, type KnownAccounts } from './accounts';
import { startOnce, type StartedWorkflow } from './start-once';

export type StartedTransfer = StartedWorkflow<TransferDomainWorkflow>;

/**
 * Starts the transfer workflow for a domain, once. Validates the input here, at the edge, so a
 * bad request never reaches Temporal, and the ID rule makes a second start a no-op.
 */
export async function startTransfer(
  client: Client,
  input: TransferDomainInput,
  options: { taskQueue?: string; accounts?: KnownAccounts } = {},
): Promise<StartedTransfer> {
  const params = parseOrThrow(transferDomainInputSchema, input);
  checkAccount(options.accounts, params.registrar, params.account);
  return startOnce<TransferDomainWorkflow>(client, 'transferDomain', {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: transferWorkflowId(params.domain, params.account),
    // The workflow normalises again; passing the validated form keeps history readable.
    args: [{ ...input, domain: params.domain }],
    typedSearchAttributes: [
      { key: DomainName, value: params.domain },
      { key: Registrar, value: params.registrar },
      { key: LifecycleState, value: 'transfer-checking' },
      ...(params.customerId ? [{ key: CustomerId, value: params.customerId }] : []),
    ],
    staticSummary: `Transfer ${params.domain} to ${params.registrar}${accountNote(params.account)}`,
    // the workflow's own first memo: set here, the workflow does not upsert it again (issue 18)
    memo: { summary: `transfer of ${params.domain} via ${params.registrar}` },
  });
}

export async function getTransferState(client: Client, workflowId: string): Promise<TransferState> {
  return client.workflow.getHandle(workflowId).query(transferStateQuery);
}

export async function requestTransferCheck(client: Client, workflowId: string): Promise<void> {
  await client.workflow.getHandle(workflowId).signal(checkNowSignal);
}
