import type { Client } from '@temporalio/client';
import { domainNameSchema } from '../domain/domain-name';
import { parseOrThrow } from '../domain/validation';
import {
  cancelRegistrantChangeSignal,
  type ChangeRegistrantInput,
  changeRegistrantInputSchema,
  type ChangeRegistrantState,
  changeRegistrantStateQuery,
  type ChangeRegistrantWorkflow,
  changeRegistrantWorkflowId,
  CustomerId,
  DEFAULT_TASK_QUEUE,
  DomainName,
  LifecycleState,
  Registrar,
  resendConfirmationSignal,
} from '../contracts';
import { startOnce, type StartedWorkflow } from './start-once';

export type StartedRegistrantChange = StartedWorkflow<ChangeRegistrantWorkflow>;

/**
 * Starts the change of registrant for a domain (`registrant-change:<domain>`), once. The input is
 * validated here with the workflow's own rules (TLD extras, .ca name changes when the current
 * registrant is given), before anything reaches Temporal or a registrar.
 */
export async function startRegistrantChange(
  client: Client,
  input: ChangeRegistrantInput,
  options: { taskQueue?: string } = {},
): Promise<StartedRegistrantChange> {
  const params = parseOrThrow(changeRegistrantInputSchema, input);
  return startOnce<ChangeRegistrantWorkflow>(client, 'changeRegistrant', {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: changeRegistrantWorkflowId(params.domain),
    args: [{ ...input, domain: params.domain }],
    typedSearchAttributes: [
      { key: DomainName, value: params.domain },
      { key: Registrar, value: params.registrar },
      { key: LifecycleState, value: 'registrant-change-deciding' },
      ...(params.customerId ? [{ key: CustomerId, value: params.customerId }] : []),
    ],
    staticSummary: `Change of registrant of ${params.domain}`,
  });
}

/** The workflow ID for a domain as people type it (Unicode or ASCII). */
export const registrantChangeIdFor = (domain: string): string =>
  changeRegistrantWorkflowId(parseOrThrow(domainNameSchema, domain, 'domain'));

const handleFor = (client: Client, domain: string) => client.workflow.getHandle(registrantChangeIdFor(domain));

export async function getRegistrantChangeState(client: Client, domain: string): Promise<ChangeRegistrantState> {
  return handleFor(client, domain).query(changeRegistrantStateQuery);
}

/** Asks the workflow to send the old registrant's confirmation mail again. */
export async function resendRegistrantConfirmation(client: Client, domain: string): Promise<void> {
  await handleFor(client, domain).signal(resendConfirmationSignal);
}

/** Withdraws the pending change; the workflow ends `cancelled`. */
export async function cancelRegistrantChange(client: Client, domain: string): Promise<void> {
  await handleFor(client, domain).signal(cancelRegistrantChangeSignal);
}
