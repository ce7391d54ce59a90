import type { Client } from '@temporalio/client';
import { parseOrThrow } from '../domain/validation';
import {
  accountField,
  DEFAULT_TASK_QUEUE,
  registrarAccountSchema,
  Registrar,
  type SyncDnsInput,
  syncDnsInputSchema,
  type SyncDnsState,
  syncDnsStateQuery,
  type SyncDnsWorkflow,
  syncDnsWorkflowId,
  type ZoneDeclaration,
  zoneDeclarationSchema,
  zoneDeclaredSignal,
} from '../contracts';
import type { RegistrarName } from '../registrars/names';
import { accountNote, checkAccount, type KnownAccounts } from './accounts';
import { startOnce, type StartedWorkflow } from './start-once';

/**
 * Starts the DNS sync of a registrar account (`sync-dns:<registrar>`, another account
 * `sync-dns:<account>:<registrar>`); when it runs already, hands it back.
 */
export async function startDnsSync(
  client: Client,
  input: SyncDnsInput,
  options: { taskQueue?: string; accounts?: KnownAccounts } = {},
): Promise<StartedWorkflow<SyncDnsWorkflow>> {
  const params = parseOrThrow(syncDnsInputSchema, input);
  checkAccount(options.accounts, params.registrar, params.account);
  return startOnce<SyncDnsWorkflow>(client, 'syncDns', {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: syncDnsWorkflowId(params.registrar, params.account),
    args: [input],
    typedSearchAttributes: [{ key: Registrar, value: params.registrar }],
    staticSummary: `DNS drift sync of ${params.registrar}${accountNote(params.account)} every ${params.enforce ? `${params.every} (enforce)` : params.every}`,
  });
}

/** Records a zone's declared state with its registrar's DNS sync, starting the sync if needed. */
export async function declareZone(
  client: Client,
  registrar: RegistrarName,
  declaration: ZoneDeclaration,
  options: { taskQueue?: string; account?: string; accounts?: KnownAccounts } = {},
): Promise<void> {
  const parsed = parseOrThrow(zoneDeclarationSchema, declaration);
  const account = parseOrThrow(registrarAccountSchema, options.account, 'account');
  checkAccount(options.accounts, registrar, account);
  await client.workflow.signalWithStart<SyncDnsWorkflow, [ZoneDeclaration]>('syncDns', {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: syncDnsWorkflowId(registrar, account),
    args: [{ registrar, ...accountField(account) }],
    signal: zoneDeclaredSignal,
    signalArgs: [{ ...declaration, domain: parsed.domain }],
  });
}

export async function getDnsSyncState(
  client: Client,
  registrar: RegistrarName,
  account?: string,
): Promise<SyncDnsState> {
  return client.workflow.getHandle(syncDnsWorkflowId(registrar, account)).query(syncDnsStateQuery);
}
