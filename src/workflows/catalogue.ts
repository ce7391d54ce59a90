import { condition, setHandler } from '@temporalio/workflow';
import {
  type ApplyCatalogueResult,
  applyCatalogueUpdate,
  applyCatalogueInputSchema,
  type CatalogueInput,
  catalogueInputSchema,
  catalogueQuery,
  type CatalogueState,
  catalogueWorkflowId,
} from '../contracts';
import { diffCatalogue } from '../domain/catalogue';
import { continueAsNewWhenIdle, requireWorkflowId, shouldContinueAsNew } from './shared';
import { parseWorkflowInput, requestValidator } from './validate';

/** Sync answers kept for retried Updates (a sync hands over once per run; a few runs back is plenty). */
const KEEP_APPLIED = 3;

/**
 * The price catalogue of one registrar account (ID `catalogue:<registrar>:<account>`): the cost and
 * sale prices per TLD as the last sync found them, answered by the `catalogue` query. A sync hands
 * its priced entries over with the `applyCatalogue` Update and learns from the answer which TLDs
 * changed, so the comparison and the new revision happen in one place, one Update at a time.
 * Lives as long as the account, continuing as new (with the catalogue) before its history grows large.
 */
export async function catalogue(rawInput: CatalogueInput): Promise<never> {
  const input = parseWorkflowInput(catalogueInputSchema, rawInput);
  requireWorkflowId(catalogueWorkflowId(input.registrar, input.account));
  const state: CatalogueState = {
    entries: input.state?.entries ?? [],
    revision: input.state?.revision ?? 0,
    syncedAt: input.state?.syncedAt ?? null,
    applied: input.state?.applied ?? [],
  };

  setHandler(
    applyCatalogueUpdate,
    (sync): ApplyCatalogueResult => {
      // A retried hand-over (also one that crossed a continue-as-new) gets its first answer.
      const earlier = state.applied.find((a) => a.syncId === sync.syncId);
      if (earlier) return earlier.result;
      const changes = diffCatalogue(state.entries, sync.entries);
      if (changes.length > 0) {
        state.entries = sync.entries;
        state.revision += 1;
      }
      state.syncedAt = sync.syncedAt;
      const result = { revision: state.revision, changes };
      state.applied = [...state.applied, { syncId: sync.syncId, result }].slice(-KEEP_APPLIED);
      return result;
    },
    { validator: requestValidator(applyCatalogueInputSchema) },
  );
  setHandler(catalogueQuery, (tld?: string) => {
    const wanted = tld?.replace(/^\./, '').toLowerCase();
    return {
      registrar: input.registrar,
      account: input.account,
      revision: state.revision,
      syncedAt: state.syncedAt,
      entries: wanted ? state.entries.filter((e) => e.tld === wanted) : state.entries,
    };
  });

  await condition(() => shouldContinueAsNew(input.continueAsNewAfterEvents));
  return continueAsNewWhenIdle<typeof catalogue>(() => [
    {
      registrar: input.registrar,
      account: input.account,
      continueAsNewAfterEvents: input.continueAsNewAfterEvents,
      // Only the newest answer crosses over (a retry is of the latest sync): with a few thousand TLDs
      // an answer is hundreds of KB, and the new run's input must stay well below 2 MB.
      state: { ...state, applied: state.applied.slice(-1) },
    },
  ]);
}
