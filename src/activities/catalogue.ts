import { ApplicationFailure } from '@temporalio/common';
import { type Client, WithStartWorkflowOperation } from '@temporalio/client';
import {
  type ApplyCatalogueInput,
  type ApplyCatalogueResult,
  applyCatalogueUpdate,
  type CatalogueWorkflow,
  catalogueWorkflowId,
  Registrar as RegistrarKey,
} from '../contracts';
import type { MarkupRules } from '../domain/pricing';
import { type CatalogueEntry, isCatalogueRegistrar } from '../registrars/catalogue';
import type { RegistrarName } from '../registrars/registrar';
import { registrarOf, type RegistrarSet } from './registrar-set';
import { withRegistrarErrors } from './registrar-errors';
import { withHeartbeat } from './heartbeat';

export interface CatalogueDependencies {
  registrars: RegistrarSet;
  /** the markup rules of this worker (DOMAINFLOW_PRICE_MARKUPS, src/config/prices.ts) */
  markups: MarkupRules;
  /** a client on the worker's own connection: the catalogue workflows are reached through it */
  client: Client;
  /** the task queue the catalogue workflows run on */
  taskQueue: string;
}

interface AccountRef {
  registrar: RegistrarName;
  account: string;
}

/** The price catalogue's activities (docs/prices.md): the registrar's costs, the markups, the hand-over. */
export function createCatalogueActivities(deps: CatalogueDependencies) {
  const catalogueOf = ({ registrar, account }: AccountRef) => {
    // The account's own adapter (docs/accounts.md); one not configured fails non-retryably, naming it.
    const adapter = registrarOf(deps.registrars, registrar, account);
    if (!isCatalogueRegistrar(adapter)) {
      throw ApplicationFailure.nonRetryable(`registrar ${registrar} publishes no price list`, 'NotSupported');
    }
    return adapter;
  };

  return {
    /** What the account sells and what it costs (one StatusUser, or the pages of GET /tlds). */
    async readCatalogueCosts(ref: AccountRef): Promise<CatalogueEntry[]> {
      const adapter = catalogueOf(ref);
      return withRegistrarErrors(() => adapter.readCatalogue());
    },

    /** The markup rules of the worker that runs the sync, recorded in the sync's history. */
    async catalogueMarkups(): Promise<MarkupRules> {
      return deps.markups;
    },

    /**
     * Hands a sync's priced entries to the account's `catalogue` workflow (started when it is not
     * running) and answers what changed. The Update ID is the sync's ID: a retry after a lost answer
     * joins the first Update, and the catalogue answers a repeated sync with its first answer.
     */
    async storeCatalogue(input: AccountRef & { sync: ApplyCatalogueInput }): Promise<ApplyCatalogueResult> {
      const workflowId = catalogueWorkflowId(input.registrar, input.account);
      const startWorkflowOperation = new WithStartWorkflowOperation<CatalogueWorkflow>('catalogue', {
        workflowId,
        taskQueue: deps.taskQueue,
        args: [{ registrar: input.registrar, account: input.account }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        typedSearchAttributes: [{ key: RegistrarKey, value: input.registrar }],
        staticSummary: `Price catalogue of ${input.registrar}/${input.account}`,
      });
      return withHeartbeat(() =>
        deps.client.workflow.executeUpdateWithStart(applyCatalogueUpdate, {
          updateId: input.sync.syncId,
          args: [input.sync],
          startWorkflowOperation,
        }),
      );
    },
  };
}

export type CatalogueActivities = ReturnType<typeof createCatalogueActivities>;
