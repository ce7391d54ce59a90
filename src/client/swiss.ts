import type { Client } from '@temporalio/client';
import { parseOrThrow } from '../domain/validation';
import { domainNameSchema } from '../domain/domain-name';
import {
  CustomerId,
  DEFAULT_TASK_QUEUE,
  DomainName,
  LifecycleState,
  Registrar,
  type SwissApplicationInput,
  swissApplicationInputSchema,
  type SwissApplicationState,
  type SwissApplicationWorkflow,
  swissApplicationWorkflowId,
  swissStateQuery,
} from '../contracts';
import { accountNote, checkAccount, type KnownAccounts } from './accounts';
import { startOnce, type StartedWorkflow } from './start-once';

export type StartedSwissApplication = StartedWorkflow<SwissApplicationWorkflow>;

/**
 * Starts the .swiss application for a domain (`swiss-application:<domain>`), once; the input
 * (including the UID's check digit) is validated here, before anything reaches Temporal.
 */
export async function startSwissApplication(
  client: Client,
  input: SwissApplicationInput,
  options: { taskQueue?: string; accounts?: KnownAccounts } = {},
): Promise<StartedSwissApplication> {
  const params = parseOrThrow(swissApplicationInputSchema, input);
  checkAccount(options.accounts, params.registrar, params.account);
  return startOnce<SwissApplicationWorkflow>(client, 'swissApplication', {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: swissApplicationWorkflowId(params.domain, params.account),
    args: [{ ...input, domain: params.domain, enterpriseId: params.enterpriseId }],
    typedSearchAttributes: [
      { key: DomainName, value: params.domain },
      { key: Registrar, value: params.registrar },
      { key: LifecycleState, value: 'swiss-submitting' },
      ...(params.customerId ? [{ key: CustomerId, value: params.customerId }] : []),
    ],
    staticSummary: `.swiss application ${params.domain}${accountNote(params.account)}`,
  });
}

export async function getSwissApplicationState(
  client: Client,
  domain: string,
  account?: string,
): Promise<SwissApplicationState> {
  const ascii = parseOrThrow(domainNameSchema, domain, 'domain');
  return client.workflow.getHandle(swissApplicationWorkflowId(ascii, account)).query(swissStateQuery);
}
