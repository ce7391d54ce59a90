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
  registrarAccountSchema,
  resendConfirmationSignal,
} from '../contracts';
import { accountNote, checkAccount, type KnownAccounts } from './accounts';
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
  options: { taskQueue?: string; accounts?: KnownAccounts } = {},
): Promise<StartedRegistrantChange> {
  const params = parseOrThrow(changeRegistrantInputSchema, input);
  checkAccount(options.accounts, params.registrar, params.account);
  return startOnce<ChangeRegistrantWorkflow>(client, 'changeRegistrant', {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: changeRegistrantWorkflowId(params.domain, params.account),
    args: [{ ...input, domain: params.domain }],
    typedSearchAttributes: [
      { key: DomainName, value: params.domain },
      { key: Registrar, value: params.registrar },
      { key: LifecycleState, value: 'registrant-change-deciding' },
      ...(params.customerId ? [{ key: CustomerId, value: params.customerId }] : []),
    ],
    staticSummary: `Change of registrant of ${params.domain}${accountNote(params.account)}`,
  });
}

/** The workflow ID for a domain as people type it (Unicode or ASCII). */
export const registrantChangeIdFor = (domain: string, account?: string): string =>
  changeRegistrantWorkflowId(
    parseOrThrow(domainNameSchema, domain, 'domain'),
    parseOrThrow(registrarAccountSchema, account, 'account'),
  );

const handleFor = (client: Client, domain: string, account?: string) =>
  client.workflow.getHandle(registrantChangeIdFor(domain, account));

export async function getRegistrantChangeState(
  client: Client,
  domain: string,
  account?: string,
): Promise<ChangeRegistrantState> {
  return handleFor(client, domain, account).query(changeRegistrantStateQuery);
}

/** Asks the workflow to send the old registrant's confirmation mail again. */
export async function resendRegistrantConfirmation(client: Client, domain: string, account?: string): Promise<void> {
  await handleFor(client, domain, account).signal(resendConfirmationSignal);
}

/** Withdraws the pending change; the workflow ends `cancelled`. */
export async function cancelRegistrantChange(client: Client, domain: string, account?: string): Promise<void> {
  await handleFor(client, domain, account).signal(cancelRegistrantChangeSignal);
}
