import type { Client } from '@temporalio/client';
import { parseOrThrow } from '../domain/validation';
import {
  CustomerId,
  DEFAULT_TASK_QUEUE,
  DomainName,
  LifecycleState,
  Registrar,
  type RenewDomainInput,
  renewDomainInputSchema,
  type RenewDomainWorkflow,
  type RenewState,
  renewStateQuery,
  renewWorkflowId,
} from '../contracts';
import { accountNote, checkAccount, type KnownAccounts } from './accounts';
import { startOnce, type StartedWorkflow } from './start-once';

export type StartedRenewal = StartedWorkflow<RenewDomainWorkflow>;

/** Starts the renewal of one term (`renew:<domain>:<expiresOn>`); a second start joins the first. */
export async function startRenewal(
  client: Client,
  input: RenewDomainInput,
  options: { taskQueue?: string; accounts?: KnownAccounts } = {},
): Promise<StartedRenewal> {
  const params = parseOrThrow(renewDomainInputSchema, input);
  checkAccount(options.accounts, params.registrar, params.account);
  return startOnce<RenewDomainWorkflow>(client, 'renewDomain', {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: renewWorkflowId(params.domain, params.expiresOn, params.account),
    args: [{ ...input, domain: params.domain }],
    typedSearchAttributes: [
      { key: DomainName, value: params.domain },
      { key: Registrar, value: params.registrar },
      { key: LifecycleState, value: 'renew-reading' },
      ...(params.customerId ? [{ key: CustomerId, value: params.customerId }] : []),
    ],
    staticSummary: `Renew ${params.domain}${accountNote(params.account)} (term ending ${params.expiresOn})`,
  });
}

export async function getRenewalState(client: Client, workflowId: string): Promise<RenewState> {
  return client.workflow.getHandle(workflowId).query(renewStateQuery);
}
