/**
 * Replay scenarios of the price catalogue (issue 17 point 2), recorded by scripts/record-histories.ts:
 * two syncs of the ISPAPI sandbox's prices with one price changed between them, so the second sync
 * emits one change event and the `catalogue` workflow holds two Updates.
 */
import {
  catalogueQuery,
  catalogueWorkflowId,
  type SyncCatalogueWorkflow,
  syncCatalogueWorkflowIdPrefix,
} from '../../src/contracts';
import { until, type Scenario, type Ctx } from './replay-scenarios';

const SECOND_SYNC = `${syncCatalogueWorkflowIdPrefix('ispapi', 'default')}:replay-2`;

/** Syncs once, changes the .de renewal price in the sandbox, syncs again; answers the second sync's ID. */
async function twoSyncs({ client, sandbox, taskQueue }: Ctx): Promise<string> {
  const sync = (workflowId: string) =>
    client.workflow.execute<SyncCatalogueWorkflow>('syncCatalogue', {
      taskQueue,
      workflowId,
      args: [{ registrar: 'ispapi' }],
    });
  await sync(`${syncCatalogueWorkflowIdPrefix('ispapi', 'default')}:replay-1`);
  sandbox.setPrices('de', { renew: '7.25' });
  const second = await sync(SECOND_SYNC);
  if (second.events !== 1) throw new Error(`the second sync emitted ${second.events} events, expected 1`);
  return SECOND_SYNC;
}

export const CATALOGUE_SCENARIOS: Record<string, Scenario> = {
  'syncCatalogue-price-changed': twoSyncs,
  'catalogue-two-syncs': async (ctx) => {
    // The scenario above, unless it ran already in this recording (the catalogue then has revision 2).
    const workflowId = catalogueWorkflowId('ispapi', 'default');
    const handle = ctx.client.workflow.getHandle(workflowId);
    const revision = await handle.query(catalogueQuery).then(
      (v) => v.revision,
      () => 0,
    );
    if (revision < 2) await twoSyncs(ctx);
    await until('the catalogue at revision 2', async () => (await handle.query(catalogueQuery)).revision === 2);
    return workflowId;
  },
};
