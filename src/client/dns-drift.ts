import type { Client } from '@temporalio/client';
import { parseOrThrow } from '../domain/validation';
import {
  DEFAULT_TASK_QUEUE,
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
import { startOnce, type StartedWorkflow } from './start-once';

/** Starts the DNS sync of a registrar (`sync-dns:<registrar>`); when it runs already, hands it back. */
export async function startDnsSync(
  client: Client,
  input: SyncDnsInput,
  options: { taskQueue?: string } = {},
): Promise<StartedWorkflow<SyncDnsWorkflow>> {
  const params = parseOrThrow(syncDnsInputSchema, input);
  return startOnce<SyncDnsWorkflow>(client, 'syncDns', {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: syncDnsWorkflowId(params.registrar),
    args: [input],
    typedSearchAttributes: [{ key: Registrar, value: params.registrar }],
    staticSummary: `DNS drift sync of ${params.registrar} every ${params.enforce ? `${params.every} (enforce)` : params.every}`,
  });
}

/** Records a zone's declared state with its registrar's DNS sync, starting the sync if needed. */
export async function declareZone(
  client: Client,
  registrar: RegistrarName,
  declaration: ZoneDeclaration,
  options: { taskQueue?: string } = {},
): Promise<void> {
  const parsed = parseOrThrow(zoneDeclarationSchema, declaration);
  await client.workflow.signalWithStart<SyncDnsWorkflow, [ZoneDeclaration]>('syncDns', {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: syncDnsWorkflowId(registrar),
    args: [{ registrar }],
    signal: zoneDeclaredSignal,
    signalArgs: [{ ...declaration, domain: parsed.domain }],
  });
}

export async function getDnsSyncState(client: Client, registrar: RegistrarName): Promise<SyncDnsState> {
  return client.workflow.getHandle(syncDnsWorkflowId(registrar)).query(syncDnsStateQuery);
}
