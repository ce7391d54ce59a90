import { randomUUID } from 'node:crypto';
import { WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { parseOrThrow } from '../domain/validation';
import {
  type AuthCodeInput,
  authCodeInputSchema,
  type AuthCodeResult,
  type AuthCodeWorkflow,
  authCodeWorkflowId,
  CustomerId,
  DEFAULT_TASK_QUEUE,
  type DeleteDomainInput,
  deleteDomainInputSchema,
  type DeleteDomainWorkflow,
  type DeleteState,
  deleteStateQuery,
  deleteWorkflowId,
  DomainName,
  LifecycleState,
  Registrar,
  type TransferOutInput,
  transferOutInputSchema,
  type TransferOutResult,
  type TransferOutWorkflow,
  transferOutWorkflowId,
} from '../contracts';
import { accountNote, checkAccount, type KnownAccounts } from './accounts';
import { startOnce, type StartedWorkflow } from './start-once';

/**
 * The everyday operations through Temporal (docs/domain-operations.md): deleting a domain, its
 * auth code, answering a transfer-out and the .uk push. Inputs are validated with the workflows'
 * own schemas before anything is sent (ValidationError naming the field).
 */

export type StartedDeletion = StartedWorkflow<DeleteDomainWorkflow>;

/** Starts `delete:<domain>`: nothing without `confirm` = the domain name again; a second start joins the first. */
export async function startDeletion(
  client: Client,
  input: DeleteDomainInput,
  options: { taskQueue?: string; accounts?: KnownAccounts } = {},
): Promise<StartedDeletion> {
  const params = parseOrThrow(deleteDomainInputSchema, input);
  checkAccount(options.accounts, params.registrar, params.account);
  return startOnce<DeleteDomainWorkflow>(client, 'deleteDomain', {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: deleteWorkflowId(params.domain, params.account),
    args: [{ ...input, domain: params.domain }],
    typedSearchAttributes: [
      { key: DomainName, value: params.domain },
      { key: Registrar, value: params.registrar },
      { key: LifecycleState, value: 'delete-reading' },
      ...(params.customerId ? [{ key: CustomerId, value: params.customerId }] : []),
    ],
    staticSummary: `Delete ${params.domain}${accountNote(params.account)} (${params.mode})`,
  });
}

export async function getDeletionState(client: Client, workflowId: string): Promise<DeleteState> {
  return client.workflow.getHandle(workflowId).query(deleteStateQuery);
}

/**
 * The domain's auth code (or a new one with `reset: true`), through the `domainAuthCode` workflow;
 * waits for it. The code travels in the result payload only (encrypted by the codec). Idempotent by
 * `requestId` (default: a new one per call).
 */
export async function fetchAuthCode(
  client: Client,
  input: Omit<AuthCodeInput, 'requestId'> & { requestId?: string },
  options: { taskQueue?: string; accounts?: KnownAccounts } = {},
): Promise<AuthCodeResult> {
  const request = { ...input, requestId: input.requestId ?? randomUUID() };
  const params = parseOrThrow(authCodeInputSchema, request);
  checkAccount(options.accounts, params.registrar, params.account);
  const started = await startOnce<AuthCodeWorkflow>(client, 'domainAuthCode', {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: authCodeWorkflowId(params.domain, params.requestId, params.account),
    // The same request id again answers the first run's code, also after it closed: a retried
    // `reset` does not make a second new code.
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    args: [{ ...request, domain: params.domain }],
    typedSearchAttributes: [
      { key: DomainName, value: params.domain },
      { key: Registrar, value: params.registrar },
    ],
    staticSummary: `${params.reset ? 'Reset' : 'Show'} the auth code of ${params.domain}${accountNote(params.account)}`,
  });
  return started.handle.result();
}

/** Approves or denies a pending transfer-out, or pushes (.uk) to a tag; waits for the answer. */
export async function runTransferOut(
  client: Client,
  input: TransferOutInput,
  options: { taskQueue?: string; accounts?: KnownAccounts } = {},
): Promise<{ workflowId: string; started: boolean; result: TransferOutResult }> {
  const params = parseOrThrow(transferOutInputSchema, input);
  checkAccount(options.accounts, params.registrar, params.account);
  const started = await startOnce<TransferOutWorkflow>(client, 'transferOut', {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: transferOutWorkflowId(params.domain, params.action, params.account),
    args: [{ ...input, domain: params.domain }],
    typedSearchAttributes: [
      { key: DomainName, value: params.domain },
      { key: Registrar, value: params.registrar },
    ],
    staticSummary: `Transfer out of ${params.domain}${accountNote(params.account)}: ${params.action}`,
  });
  return { workflowId: started.workflowId, started: started.started, result: await started.handle.result() };
}
