import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { domainNameSchema } from '../domain/domain-name';
import { parseOrThrow } from '../domain/validation';
import {
  type BackorderInput,
  backorderInputSchema,
  type BackorderState,
  backorderStateQuery,
  type BackorderWorkflow,
  backorderWorkflowId,
  cancelBackorderUpdate,
  CustomerId,
  customerIdSchema,
  DEFAULT_TASK_QUEUE,
  DomainName,
  LifecycleState,
  Registrar,
  registrarAccountSchema,
} from '../contracts';
import { accountNote, checkAccount, type KnownAccounts } from './accounts';
import { startOnce, type StartedWorkflow } from './start-once';

export type StartedBackorder = StartedWorkflow<BackorderWorkflow>;

const targetSchema = z.object({
  customerId: customerIdSchema,
  domain: domainNameSchema,
  account: registrarAccountSchema,
});

/** The workflow ID of a customer's backorder for a domain (in a registrar account), validated. */
function workflowIdOf(customerId: string, domain: string, account?: string): string {
  const target = parseOrThrow(targetSchema, { customerId, domain, account });
  return backorderWorkflowId(target.customerId, target.domain, target.account);
}

/**
 * Starts a customer's backorder for a domain (`backorder:<customer>:<domain>`), once: a second
 * start joins the running one. The input is validated here, before anything reaches Temporal.
 */
export async function startBackorder(
  client: Client,
  input: BackorderInput,
  options: { taskQueue?: string; accounts?: KnownAccounts } = {},
): Promise<StartedBackorder> {
  const params = parseOrThrow(backorderInputSchema, input);
  checkAccount(options.accounts, params.registrar, params.account);
  return startOnce<BackorderWorkflow>(client, 'backorder', {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: backorderWorkflowId(params.customerId, params.domain, params.account),
    args: [{ ...input, domain: params.domain }],
    typedSearchAttributes: [
      { key: DomainName, value: params.domain },
      { key: CustomerId, value: params.customerId },
      { key: Registrar, value: params.registrar },
      { key: LifecycleState, value: 'backorder-REQUESTED' },
    ],
    staticSummary: `Backorder ${params.domain} for ${params.customerId}${accountNote(params.account)}`,
  });
}

/**
 * Cancels a backorder before its application is placed (REQUESTED or ACTIVE); the reserved funds
 * are released. Later the workflow rejects the Update: the client sees WorkflowUpdateFailedError
 * whose cause says why.
 */
export async function cancelBackorder(
  client: Client,
  customerId: string,
  domain: string,
  account?: string,
): Promise<{ cancelled: true }> {
  return client.workflow.getHandle(workflowIdOf(customerId, domain, account)).executeUpdate(cancelBackorderUpdate);
}

export async function getBackorderState(
  client: Client,
  customerId: string,
  domain: string,
  account?: string,
): Promise<BackorderState> {
  return client.workflow.getHandle(workflowIdOf(customerId, domain, account)).query(backorderStateQuery);
}
