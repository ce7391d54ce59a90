import { ActivityFailure, log, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { PortfolioActivities } from '../activities';
import type { DomainFacts } from '../domain/portfolio';
import type { RegistrarName } from '../registrars/registrar';

// An ordinary activity, also behind 'lean-transfer': a local activity of a type the worker lacks fails
// the workflow task (the SDK checks before it runs), where this one retries and then gives up with
// a warning. Every production worker has it, but not every test worker.
const handoff = proxyActivities<PortfolioActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', maximumAttempts: 10 },
});

/**
 * A released workflow that ended with a domain in the account hands it to the portfolio: the
 * `domain:<name>` entity starts (or learns the facts) through update-with-start. Behind the patch
 * 'portfolio-entity' so histories recorded before it replay unchanged. A failure to hand over is
 * logged, never the workflow's failure: the next sync finds the domain anyway.
 * `lean`: the caller took a later patch that includes this one (e.g. 'lean-transfer'), so
 * 'portfolio-entity' is not asked (its marker would cost two history events).
 */
export async function handToPortfolio(
  succeeded: boolean,
  domain: { domain: string; registrar: string; account?: string; customerId?: string },
  source: 'register' | 'transfer' | 'swiss-application' | 'backorder',
  facts: DomainFacts,
  how: { lean?: boolean } = {},
): Promise<void> {
  if (!succeeded || !(how.lean || patched('portfolio-entity'))) return;
  try {
    await handoff.recordDomainOutcome({
      domain: domain.domain,
      // every workflow input was validated against registrarNameSchema
      registrar: domain.registrar as RegistrarName,
      // another account's domain goes to its own entity (domain:<account>:<name>)
      ...(domain.account && domain.account !== 'default' ? { account: domain.account } : {}),
      ...(domain.customerId ? { customerId: domain.customerId } : {}),
      source,
      workflowId: workflowInfo().workflowId,
      facts: Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)) as DomainFacts,
    });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    log.warn('could not hand the domain to the portfolio; the next sync will', { domain: domain.domain });
  }
}
