/**
 * The replay scenarios of the portfolio (scripts/record-histories.ts records them): the domain
 * entity, a change event's delivery, an import and a sync of the ISPAPI sandbox account.
 */
import type { Client } from '@temporalio/client';
import type { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { getDomainEntity, observeDomain, setDomainAutorenew, setDomainPrivacy } from '../../src/client/domain';
import { startImport, startSync } from '../../src/client/sync';
import type { deliverChangeEvent } from '../../src/workflows/deliver-change-event';
import { changeEventWorkflowId, domainWorkflowId, type DomainFacts, type DomainObservation } from '../../src/contracts';
import { NEW_NS, until, type Scenario } from './replay-scenarios';

/**
 * A running workflow (an entity) is exported once it has nothing left to do: no activity pending
 * and a history that stopped growing, so the fixture ends on a completed workflow task.
 */
async function settled(client: Client, workflowId: string): Promise<void> {
  const handle = client.workflow.getHandle(workflowId);
  let length = -1;
  await until(`${workflowId} to settle`, async () => {
    const described = await handle.describe();
    const still = described.historyLength === length && (described.raw.pendingActivities?.length ?? 0) === 0;
    length = described.historyLength;
    if (!still) await new Promise((r) => setTimeout(r, 1_000));
    return still;
  });
}

/** What the ISPAPI sandbox shows for a seeded domain, as the sync hands it to the entity. */
function entityFacts(expiresAt: string, over: Partial<DomainFacts> = {}): DomainFacts {
  return {
    phase: 'active',
    registryExpiresAt: expiresAt,
    displayExpiresAt: expiresAt,
    registrarAutorenew: false,
    privacy: false,
    transferLock: false,
    nameservers: NEW_NS,
    ...over,
  };
}
const observed = (source: DomainObservation['source'], facts: DomainFacts, observationId?: string) => ({
  source,
  observedAt: new Date().toISOString(),
  facts,
  ...(observationId ? { observationId } : {}),
});
const plusYear = (iso: string) => new Date(Date.parse(iso) + 365 * 86_400_000).toISOString();

/** The account the portfolio fixtures list, in pages of 2: replay-pf-0.com … replay-pf-5.com. */
export const PORTFOLIO = { registrar: 'ispapi' as const, pageSize: 2, dueDateOffsetDays: 30 };
function seedPortfolio(sandbox: IspapiSandbox): void {
  if (!sandbox.domain('replay-pf-0.com')) {
    sandbox.seedDomains({ count: 6, prefix: 'replay-pf-', tld: 'com', nameservers: NEW_NS });
  }
}

export const PORTFOLIO_SCENARIOS: Record<string, Scenario> = {
  'domain-observed': async ({ client, sandbox, taskQueue }) => {
    const domain = 'replay-entity.com';
    sandbox.seedDomain({
      domain,
      nameservers: NEW_NS,
      expiresAt: new Date(Date.now() + 200 * 86_400_000),
      renewalMode: 'AUTORENEW',
    });
    const expiresAt = sandbox.domain(domain)!.expiresAt;
    const target = { domain, registrar: 'ispapi' as const, customerId: 'cust-replay' };
    // First sight (import): no change; the registrar's auto-renewal is adopted as the wish and corrected.
    const facts = entityFacts(expiresAt, { registrarAutorenew: true });
    await observeDomain(client, target, observed('import', facts), { taskQueue });
    await until('the autorenew correction', () => sandbox.domain(domain)?.renewalMode === 'AUTOEXPIRE');
    // Renewed elsewhere: one real change (and its change event); the retried observation answers the same.
    const renewed = entityFacts(plusYear(expiresAt));
    const once = await observeDomain(client, target, observed('sync', renewed, 'replay-sync:0'), { taskQueue });
    await observeDomain(client, target, observed('sync', renewed, 'replay-sync:0'), { taskQueue });
    if (once.changes.length !== 1 || once.changes[0]!.kind !== 'expiry') {
      throw new Error(`expected one expiry change, got ${JSON.stringify(once.changes)}`);
    }
    const privacy = await setDomainPrivacy(client, domain, true);
    const autorenew = await setDomainAutorenew(client, domain, false);
    if (!privacy.pushedToRegistrar || !autorenew.changed) throw new Error('expected both wishes to change');
    await settled(client, domainWorkflowId(domain));
    const view = await getDomainEntity(client, domain);
    if (view.changeCount !== 3) throw new Error(`expected 3 recorded changes, got ${view.changeCount}`);
    return domainWorkflowId(domain);
  },
  'deliverChangeEvent-delivered': async ({ client, receiver, taskQueue }) => {
    // The receiver's scripted 500 must meet this event, not another scenario's.
    await until(
      'earlier deliveries to finish',
      async () =>
        (await client.workflow.count(`WorkflowType = 'deliverChangeEvent' AND ExecutionStatus = 'Running'`)).count ===
        0,
    );
    const domain = 'replay-event.com';
    const target = { domain, registrar: 'ispapi' as const };
    const expiresAt = '2027-06-01T10:00:00.000Z';
    await observeDomain(client, target, observed('import', entityFacts(expiresAt)), { taskQueue });
    receiver.failNext(1);
    const renewed = await observeDomain(client, target, observed('sync', entityFacts(plusYear(expiresAt))), {
      taskQueue,
    });
    const eventId = renewed.changes[0]?.eventId;
    if (!eventId) throw new Error('expected a change event');
    const handle = client.workflow.getHandle<typeof deliverChangeEvent>(changeEventWorkflowId(eventId));
    const { receivers } = await handle.result();
    if (receivers.length !== 1 || receivers[0]!.status !== 'delivered' || receivers[0]!.attempts !== 2) {
      throw new Error(`expected delivery on attempt 2, got ${JSON.stringify(receivers)}`);
    }
    return handle.workflowId;
  },
  'importPortfolio-imported': async ({ client, sandbox, taskQueue }) => {
    seedPortfolio(sandbox);
    const { handle } = await startImport(client, PORTFOLIO, { taskQueue });
    const result = await handle.result();
    if (result.started < 6 || result.pagesRead < 3) {
      throw new Error(`expected 6 new domains over 3 pages, got ${JSON.stringify(result)}`);
    }
    return handle.workflowId;
  },
  'syncPortfolio-changes': async ({ client, sandbox, registrar, taskQueue }) => {
    seedPortfolio(sandbox);
    await (await startImport(client, PORTFOLIO, { taskQueue })).handle.result();
    // The sync compares with the entities' digests in visibility: let it catch up with the import.
    await until(
      'the imported entities in visibility',
      async () =>
        (await client.workflow.count(`WorkflowType = 'domain' AND WorkflowId STARTS_WITH 'domain:replay-pf-'`)).count >=
        6,
    );
    await new Promise((r) => setTimeout(r, 1_500));
    // Renewed elsewhere, auto-renewal switched on at the registrar, transferred away.
    const renewedDomain = 'replay-pf-1.com';
    const currentExpiresAt = sandbox.domain(renewedDomain)!.expiresAt;
    await registrar.renew({ domain: renewedDomain, periodYears: 1, currentExpiresAt, method: 'renew' });
    await registrar.setRegistrarAutorenew('replay-pf-2.com', true);
    sandbox.transferOut('replay-pf-3.com');
    const handle = await startSync(client, PORTFOLIO, { taskQueue });
    const { report } = await handle.result();
    const rows = (table?: unknown[]) => table?.length ?? 0;
    if (rows(report.expiryChanges) < 1 || rows(report.phaseChanges) < 1 || rows(report.corrections) < 1) {
      throw new Error(`expected an expiry, a phase change and a correction, got ${JSON.stringify(report)}`);
    }
    return handle.workflowId;
  },
};
