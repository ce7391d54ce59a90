import type { Client } from '@temporalio/client';
import { parseOrThrow } from '../domain/validation';
import {
  CustomerId,
  DEFAULT_TASK_QUEUE,
  DomainName,
  LifecycleState,
  type RegisterDomainInput,
  registerDomainInputSchema,
  type RegisterDomainWorkflow,
  type RegisterState,
  registerStateQuery,
  registerWorkflowId,
  Registrar,
} from '../contracts';
import { accountNote, checkAccount, type KnownAccounts } from './accounts';
import { startOnce, type StartedWorkflow } from './start-once';

export type StartedRegistration = StartedWorkflow<RegisterDomainWorkflow>;

/** Starts the registration of a domain, once; the input is validated here, before Temporal. */
export async function startRegistration(
  client: Client,
  input: RegisterDomainInput,
  options: { taskQueue?: string; accounts?: KnownAccounts } = {},
): Promise<StartedRegistration> {
  const params = parseOrThrow(registerDomainInputSchema, input);
  checkAccount(options.accounts, params.registrar, params.account);
  return startOnce<RegisterDomainWorkflow>(client, 'registerDomain', {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: registerWorkflowId(params.domain, params.account),
    args: [{ ...input, domain: params.domain }],
    typedSearchAttributes: [
      { key: DomainName, value: params.domain },
      { key: Registrar, value: params.registrar },
      { key: LifecycleState, value: 'register-checking' },
      ...(params.customerId ? [{ key: CustomerId, value: params.customerId }] : []),
    ],
    staticSummary: `Register ${params.domain} at ${params.registrar}${accountNote(params.account)}`,
  });
}

export async function getRegistrationState(client: Client, workflowId: string): Promise<RegisterState> {
  return client.workflow.getHandle(workflowId).query(registerStateQuery);
}
