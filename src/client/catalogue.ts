import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { parseOrThrow } from '../domain/validation';
import { ensureIntervalSchedule } from './schedules';
import {
  catalogueQuery,
  catalogueScheduleId,
  type CatalogueView,
  catalogueWorkflowId,
  DEFAULT_TASK_QUEUE,
  Registrar,
  type SyncCatalogueInput,
  syncCatalogueInputSchema,
  type SyncCatalogueWorkflow,
  syncCatalogueWorkflowIdPrefix,
} from '../contracts';

/** The price catalogue from the client's side (docs/prices.md): schedules, a sync now, the catalogue. */

/** Runs one price sync now: `catalogue-sync:<registrar>:<account>:manual-<time>`. */
export async function startCatalogueSync(
  client: Client,
  input: SyncCatalogueInput,
  options: { taskQueue?: string } = {},
): Promise<WorkflowHandle<SyncCatalogueWorkflow>> {
  const params = parseOrThrow(syncCatalogueInputSchema, input);
  const stamp = new Date().toISOString().replace(/[-:.]/g, '');
  return client.workflow.start<SyncCatalogueWorkflow>('syncCatalogue', {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: `${syncCatalogueWorkflowIdPrefix(params.registrar, params.account)}:manual-${stamp}`,
    args: [params],
    typedSearchAttributes: [{ key: Registrar, value: params.registrar }],
    staticSummary: `Price sync of ${params.registrar}/${params.account} (manual)`,
  });
}

/** The account's catalogue (one TLD when given), or undefined when no sync has run yet. */
export async function getCatalogue(
  client: Client,
  registrar: string,
  account = 'default',
  tld?: string,
): Promise<CatalogueView | undefined> {
  try {
    const handle = client.workflow.getHandle(catalogueWorkflowId(registrar, account));
    return await handle.query(catalogueQuery, ...(tld ? [tld] : []));
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

/**
 * One Schedule per registrar account (`catalogue-schedule:<registrar>:<account>`), created or
 * brought up to date: safe at every worker start. A sync still going when the next is due is not
 * doubled (overlap SKIP).
 */
export async function ensureCatalogueSchedules(
  client: Client,
  settings: { interval: Duration; taskQueue?: string; accounts: SyncCatalogueInput[] },
): Promise<Array<{ scheduleId: string; created: boolean }>> {
  const out: Array<{ scheduleId: string; created: boolean }> = [];
  for (const account of settings.accounts) {
    const params = parseOrThrow(syncCatalogueInputSchema, account);
    out.push(
      await ensureIntervalSchedule(client, {
        scheduleId: catalogueScheduleId(params.registrar, params.account),
        workflowType: 'syncCatalogue',
        workflowId: syncCatalogueWorkflowIdPrefix(params.registrar, params.account),
        args: [params] as [SyncCatalogueInput],
        registrar: params.registrar,
        interval: settings.interval,
        taskQueue: settings.taskQueue,
      }),
    );
  }
  return out;
}
