import { ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { CatalogueActivities } from '../activities';
import {
  type CatalogueChange,
  type SyncCatalogueInput,
  syncCatalogueInputSchema,
  type SyncCatalogueResult,
  syncCatalogueWorkflowIdPrefix,
} from '../contracts';
import { catalogueEventDomain, priceEntry } from '../domain/catalogue';
import { emitChangeEvent } from './events';
import { registrarCallOptions } from './shared';
import { parseWorkflowInput } from './validate';

/** The registrar's price list: one call (ISPAPI) or a few pages (Openprovider), retried like any registrar read. */
const registrar = proxyActivities<Pick<CatalogueActivities, 'readCatalogueCosts'>>(registrarCallOptions);
/** Temporal-side work (the worker's markup rules, the Update to the catalogue workflow): retried until it lands. */
const local = proxyActivities<Pick<CatalogueActivities, 'catalogueMarkups' | 'storeCatalogue'>>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', maximumAttempts: 30 },
});

/** Events handed over at once: a first sync adds every TLD (an Openprovider account lists about 1,500). */
const EVENT_BATCH = 20;

const EVENT_TYPE: Record<CatalogueChange['kind'], string> = {
  added: 'catalogue.tld-added',
  changed: 'catalogue.price-changed',
  removed: 'catalogue.tld-removed',
};

/**
 * One price sync of one registrar account (ID `catalogue-sync:<registrar>:<account>…`, started by
 * its Schedule or `domainflow catalogue sync`): the registrar's costs through the adapter, sale
 * prices with the worker's markup rules (pure, here in the workflow, so the history shows what was
 * computed), handed to the `catalogue` workflow, and one change event per TLD whose cost or sale
 * price changed, was added or was dropped. Nothing changed: no event.
 */
export async function syncCatalogue(rawInput: SyncCatalogueInput): Promise<SyncCatalogueResult> {
  const input = parseWorkflowInput(syncCatalogueInputSchema, rawInput);
  const { workflowId, runId } = workflowInfo();
  const prefix = syncCatalogueWorkflowIdPrefix(input.registrar, input.account);
  if (workflowId !== prefix && !workflowId.startsWith(`${prefix}-`) && !workflowId.startsWith(`${prefix}:`)) {
    throw ApplicationFailure.nonRetryable(`workflow ID must start with ${prefix}`, 'InvalidInput');
  }
  const account = { registrar: input.registrar, account: input.account };
  const costs = await registrar.readCatalogueCosts(account);
  const markups = await local.catalogueMarkups();
  const entries = costs.map((entry) => priceEntry(markups, entry));
  const syncedAt = new Date().toISOString();
  const { revision, changes } = await local.storeCatalogue({
    ...account,
    sync: { syncId: `${workflowId}/${runId}`, syncedAt, entries },
  });

  for (let i = 0; i < changes.length; i += EVENT_BATCH) {
    await Promise.all(
      changes.slice(i, i + EVENT_BATCH).map((change) => {
        const type = EVENT_TYPE[change.kind];
        const domain = catalogueEventDomain(change.tld);
        return emitChangeEvent({
          // The revision names this change of this account's catalogue: a replayed or retried
          // emission is the same event; the same price moving again later is a new one.
          id: `${domain}:${type}:${input.registrar}:${input.account}:r${revision}`,
          type,
          occurredAt: syncedAt,
          domain,
          registrar: input.registrar,
          data: {
            account: input.account,
            tld: change.tld,
            revision,
            fields: change.fields,
            before: change.before,
            after: change.after,
          },
        });
      }),
    );
  }
  const count = (kind: CatalogueChange['kind']) => changes.filter((c) => c.kind === kind).length;
  return {
    ...account,
    tlds: entries.length,
    revision,
    added: count('added'),
    changed: count('changed'),
    removed: count('removed'),
    events: changes.length,
  };
}
