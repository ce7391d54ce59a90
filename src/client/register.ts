import type { Client } from '@temporalio/client';
import { parseOrThrow } from '../domain/validation';
import {
  DEFAULT_TASK_QUEUE,
  registerDomainInputSchema,
  registerWorkflowId,
  type RegisterDomainInput,
  type RegisterState,
} from '../workflows/contracts';
import { registerDomain, registerStateQuery } from '../workflows/register-domain';
import { CustomerId, DomainName, LifecycleState, Registrar } from '../workflows/search-attributes';
import { startOnce, type StartedWorkflow } from './start-once';

export type StartedRegistration = StartedWorkflow<typeof registerDomain>;

/** Starts the registration of a domain, once; the input is validated here, before Temporal. */
export async function startRegistration(
  client: Client,
  input: RegisterDomainInput,
  options: { taskQueue?: string } = {},
): Promise<StartedRegistration> {
  const params = parseOrThrow(registerDomainInputSchema, input);
  return startOnce(client, registerDomain, {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: registerWorkflowId(params.domain),
    args: [{ ...input, domain: params.domain }],
    typedSearchAttributes: [
      { key: DomainName, value: params.domain },
      { key: Registrar, value: params.registrar },
      { key: LifecycleState, value: 'register-checking' },
      ...(params.customerId ? [{ key: CustomerId, value: params.customerId }] : []),
    ],
    staticSummary: `Register ${params.domain} at ${params.registrar}`,
  });
}

export async function getRegistrationState(client: Client, workflowId: string): Promise<RegisterState> {
  return client.workflow.getHandle(workflowId).query(registerStateQuery);
}
