import type { Client } from '@temporalio/client';
import { parseOrThrow } from '../domain/validation';
import {
  DEFAULT_TASK_QUEUE,
  DomainName,
  LifecycleState,
  Registrar,
  type DnssecRolloverInput,
  dnssecRolloverInputSchema,
  type DnssecRolloverState,
  dnssecRolloverStateQuery,
  type DnssecRolloverWorkflow,
  dnssecRolloverWorkflowId,
  type SetDnssecInput,
  setDnssecInputSchema,
  type SetDnssecState,
  setDnssecStateQuery,
  type SetDnssecWorkflow,
  setDnssecWorkflowId,
} from '../contracts';
import { accountNote, checkAccount, type KnownAccounts } from './accounts';
import { startOnce, type StartedWorkflow } from './start-once';

/** Starts setDnssec (`dnssec:<domain>:<action>-<fingerprint>`); the same change started twice joins the first. */
export async function startSetDnssec(
  client: Client,
  input: SetDnssecInput,
  options: { taskQueue?: string; accounts?: KnownAccounts } = {},
): Promise<StartedWorkflow<SetDnssecWorkflow>> {
  const params = parseOrThrow(setDnssecInputSchema, input);
  checkAccount(options.accounts, params.registrar, params.account);
  return startOnce<SetDnssecWorkflow>(client, 'setDnssec', {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: setDnssecWorkflowId(params.domain, params.action, params.records, params.account),
    args: [{ ...input, domain: params.domain }],
    typedSearchAttributes: [
      { key: DomainName, value: params.domain },
      { key: Registrar, value: params.registrar },
      { key: LifecycleState, value: 'dnssec-reading' },
    ],
    staticSummary: `DNSSEC ${params.action} on ${params.domain}${accountNote(params.account)}`,
  });
}

/** Starts a key rollover (`dnssec-rollover:<domain>:<fingerprint of the new record>`). */
export async function startDnssecRollover(
  client: Client,
  input: DnssecRolloverInput,
  options: { taskQueue?: string; accounts?: KnownAccounts } = {},
): Promise<StartedWorkflow<DnssecRolloverWorkflow>> {
  const params = parseOrThrow(dnssecRolloverInputSchema, input);
  checkAccount(options.accounts, params.registrar, params.account);
  return startOnce<DnssecRolloverWorkflow>(client, 'dnssecRollover', {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: dnssecRolloverWorkflowId(params.domain, params.add, params.account),
    args: [{ ...input, domain: params.domain }],
    typedSearchAttributes: [
      { key: DomainName, value: params.domain },
      { key: Registrar, value: params.registrar },
      { key: LifecycleState, value: 'rollover-publishing' },
    ],
    staticSummary: `DNSSEC rollover on ${params.domain}${accountNote(params.account)} (parent TTL ${params.parentTtl})`,
  });
}

export async function getSetDnssecState(client: Client, workflowId: string): Promise<SetDnssecState> {
  return client.workflow.getHandle(workflowId).query(setDnssecStateQuery);
}

export async function getDnssecRolloverState(client: Client, workflowId: string): Promise<DnssecRolloverState> {
  return client.workflow.getHandle(workflowId).query(dnssecRolloverStateQuery);
}
