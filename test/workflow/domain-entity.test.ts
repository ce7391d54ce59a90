import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import {
  getDomainEntity,
  observeDomain,
  renewThroughEntity,
  setDomainAutorenew,
  setDomainPrivacy,
} from '../../src/client/domain';
import { domain as domainWorkflow } from '../../src/workflows/domain';
import {
  AutoRenew,
  type DomainFacts,
  type DomainObservation,
  domainWorkflowId,
  ExpiresAt,
  FactsDigest,
  LifecycleState,
} from '../../src/contracts';
import { factsDigest } from '../../src/domain/portfolio';
import { eventually } from '../helpers/temporal';
import { startRegistration } from '../../src/client/register';
import { createPortfolioEnv, type PortfolioEnv } from '../helpers/portfolio-env';

const facts = (over: Partial<DomainFacts> = {}): DomainFacts => ({
  phase: 'active',
  registryExpiresAt: '2027-06-01T10:00:00.000Z',
  displayExpiresAt: '2027-06-01T10:00:00.000Z',
  registrarAutorenew: false,
  privacy: false,
  transferLock: false,
  nameservers: ['ns1.example.net', 'ns2.example.net'],
  ...over,
});

const seen = (f: DomainFacts, over: Partial<DomainObservation> = {}): DomainObservation => ({
  source: 'sync',
  observedAt: new Date().toISOString(),
  facts: f,
  ...over,
});

describe('domain entity workflow (dev server, ISPAPI sandbox)', () => {
  let p: PortfolioEnv;
  const target = (domain: string, extra: { continueAsNewAfterEvents?: number } = {}) => ({
    domain,
    registrar: 'ispapi' as const,
    ...extra,
  });
  const opts = () => ({ taskQueue: p.taskQueue });

  before(async () => {
    p = await createPortfolioEnv({ name: 'entity' });
  });
  after(async () => {
    await p?.teardown();
  });

  it('records real changes only, one change for a renewal, and answers a repeated observation the same', async () => {
    const domain = 'entity-changes.com';
    const first = await observeDomain(p.env.client, target(domain), seen(facts(), { source: 'import' }), opts());
    assert.deepEqual(first.changes, [], 'learning facts for the first time is no change');
    const same = await observeDomain(p.env.client, target(domain), seen(facts()), opts());
    assert.deepEqual(same.changes, []);

    const renewed = facts({
      registryExpiresAt: '2028-06-01T10:00:00.000Z',
      displayExpiresAt: '2028-06-01T10:00:00.000Z',
    });
    const once = await observeDomain(p.env.client, target(domain), seen(renewed, { observationId: 'run-1:0' }), opts());
    assert.equal(once.changes.length, 1);
    assert.equal(once.changes[0]!.kind, 'expiry');
    assert.equal(once.changes[0]!.from, '2027-06-01T10:00:00.000Z');
    assert.equal(once.changes[0]!.to, '2028-06-01T10:00:00.000Z');
    assert.match(once.changes[0]!.eventId ?? '', /^entity-changes\.com:domain\.expiry-changed:/);
    const again = await observeDomain(
      p.env.client,
      target(domain),
      seen(renewed, { observationId: 'run-1:0' }),
      opts(),
    );
    assert.deepEqual(again.changes, once.changes, 'a retried observation returns the first answer');

    const view = await getDomainEntity(p.env.client, domain);
    assert.equal(view.changeCount, 1);
    assert.equal(view.recentChanges.length, 1);
    assert.equal(view.dueDate, '2028-05-02', 'due date = displayed expiry - 30 days');
    assert.equal(view.digest, factsDigest(renewed));

    const described = await eventually(async () => {
      const d = await p.env.client.workflow.getHandle(domainWorkflowId(domain)).describe();
      return d.typedSearchAttributes.get(FactsDigest) === view.digest ? d : undefined;
    });
    assert.equal(described.typedSearchAttributes.get(LifecycleState), 'domain-active');
    assert.equal(described.typedSearchAttributes.get(ExpiresAt)?.toISOString(), '2028-06-01T10:00:00.000Z');
    assert.equal(described.typedSearchAttributes.get(AutoRenew), false);

    const moved = await observeDomain(
      p.env.client,
      target(domain),
      seen(facts({ ...renewed, phase: 'transferred-away' })),
      opts(),
    );
    assert.deepEqual(
      moved.changes.map((c) => [c.kind, c.from, c.to]),
      [['phase', 'active', 'transferred-away']],
    );
    assert.match(moved.changes[0]!.eventId ?? '', /:domain\.transferred-away:/);
  });

  it('setPrivacy pushes the wish to the registrar; a registrar drifting from it is corrected', async () => {
    const domain = 'entity-privacy.com';
    p.sandbox.seedDomain({ domain, nameservers: ['ns1.example.net', 'ns2.example.net'] });
    await observeDomain(p.env.client, target(domain), seen(facts(), { source: 'import' }), opts());
    const result = await setDomainPrivacy(p.env.client, domain, true);
    assert.deepEqual(result, { domain, setting: 'privacy', enabled: true, changed: true, pushedToRegistrar: true });
    assert.equal(p.sandbox.domain(domain)?.privacy, true);
    assert.equal((await setDomainPrivacy(p.env.client, domain, true)).changed, false);
    const modifies = () => p.sandbox.journal({ command: 'ModifyDomain', domain }).length;
    assert.equal(modifies(), 1, 'the same wish again sends nothing');

    // Someone switched privacy off at the registrar: the entity puts the wish back.
    const drift = await observeDomain(p.env.client, target(domain), seen(facts({ privacy: false })), opts());
    // The entity believed privacy on (pushed); the registrar now says off: one change with a correction.
    assert.equal(drift.changes.length, 1);
    assert.deepEqual(drift.changes[0]!.correction, { setting: 'privacy', to: true });
    await eventually(async () => (modifies() === 2 ? true : undefined), 20_000, 'the privacy correction');
    const view = await getDomainEntity(p.env.client, domain);
    assert.equal(view.facts.privacy, true);
    assert.deepEqual(view.pendingCorrections, []);
  });

  it("keeps the registrar's own auto-renewal off and adopts it as the engine's wish on import", async () => {
    const domain = 'entity-autorenew.com';
    p.sandbox.seedDomain({ domain, nameservers: ['ns1.example.net', 'ns2.example.net'], renewalMode: 'AUTORENEW' });
    const first = await observeDomain(
      p.env.client,
      target(domain),
      seen(facts({ registrarAutorenew: true }), { source: 'import' }),
      opts(),
    );
    assert.deepEqual(first.changes, []);
    await eventually(
      async () => (p.sandbox.domain(domain)?.renewalMode === 'AUTOEXPIRE' ? true : undefined),
      20_000,
      'SetDomainRenewalMode AUTOEXPIRE',
    );
    const view = await getDomainEntity(p.env.client, domain);
    assert.equal(view.wishes.autorenew, true, 'the registrar renewed it; now the engine does');
    assert.equal(view.facts.registrarAutorenew, false);
    const off = await setDomainAutorenew(p.env.client, domain, false);
    assert.deepEqual(off, { domain, setting: 'autorenew', enabled: false, changed: true, pushedToRegistrar: false });
    assert.equal(p.sandbox.journal({ command: 'SetDomainRenewalMode', domain }).length, 1);
  });

  it('renew starts renewDomain once per term', async () => {
    const domain = 'entity-renew.com';
    p.sandbox.seedDomain({ domain, nameservers: ['ns1.example.net', 'ns2.example.net'] });
    const registry = p.sandbox.domain(domain)!.expiresAt;
    await observeDomain(
      p.env.client,
      target(domain),
      seen(facts({ registryExpiresAt: registry, displayExpiresAt: registry }), { source: 'import' }),
      opts(),
    );
    const started = await renewThroughEntity(p.env.client, domain);
    const expiresOn = registry.slice(0, 10);
    assert.deepEqual(started, { domain, workflowId: `renew:${domain}:${expiresOn}`, expiresOn, started: true });
    const second = await renewThroughEntity(p.env.client, domain);
    assert.equal(second.started, false, 'the same term is never renewed twice');
    const result = await p.env.client.workflow.getHandle(started.workflowId).result();
    assert.equal(result.outcome, 'renewed');
    assert.equal(p.sandbox.charges({ domain }).length, 1);
    assert.equal((await getDomainEntity(p.env.client, domain)).renewals.length, 1);

    await assert.rejects(
      renewThroughEntity(p.env.client, 'entity-unknown-expiry.com'),
      (err: unknown) => err instanceof Error,
    );
  });

  it('an invalid observation is refused before it reaches the history', async () => {
    const domain = 'entity-invalid.com';
    await observeDomain(p.env.client, target(domain), seen(facts()), opts());
    await assert.rejects(
      p.env.client.workflow
        .getHandle(domainWorkflowId(domain))
        .executeUpdate('observe', { args: [{ source: 'sync', observedAt: 'yesterday', facts: {} }] }),
      (err: unknown) => err instanceof WorkflowUpdateFailedError && /observedAt/.test(String(err.cause?.message)),
    );
  });

  it('continues as new with its state: facts, wishes, changes and counters survive', async () => {
    const domain = 'entity-can.com';
    const handle = await p.env.client.workflow.start(domainWorkflow, {
      workflowId: domainWorkflowId(domain),
      taskQueue: p.taskQueue,
      args: [{ ...target(domain), wishes: { autorenew: false, privacy: true }, continueAsNewAfterEvents: 50 }],
    });
    const firstRun = (await handle.describe()).runId;
    let year = 2030;
    for (let i = 0; i < 12; i++) {
      const expiry = `${year++}-01-01T00:00:00.000Z`;
      const r = await observeDomain(
        p.env.client,
        target(domain),
        seen(facts({ registryExpiresAt: expiry, displayExpiresAt: expiry, privacy: true })),
        opts(),
      );
      assert.equal(r.changes.length, i === 0 ? 0 : 1);
    }
    const runs = new Set<string>();
    for await (const wf of p.env.client.workflow.list({ query: `WorkflowId = '${domainWorkflowId(domain)}'` })) {
      runs.add(wf.runId);
    }
    assert.notEqual((await p.env.client.workflow.getHandle(domainWorkflowId(domain)).describe()).runId, firstRun);
    assert.ok(runs.size >= 3, `expected at least two continue-as-new, saw ${runs.size} runs`);
    const view = await getDomainEntity(p.env.client, domain);
    assert.equal(view.facts.registryExpiresAt, '2041-01-01T00:00:00.000Z');
    assert.equal(view.changeCount, 11, 'the first observation only learned the facts; 11 real changes after');
    assert.equal(view.recentChanges.length, 11);
    assert.deepEqual(view.wishes, { autorenew: false, privacy: true });
    assert.equal(view.recentChanges[0]!.to, '2031-01-01T00:00:00.000Z');
  });

  it('a successful registration hands the domain to its entity (patch portfolio-entity)', async () => {
    const domain = 'new-entity-registered.com';
    const { handle } = await startRegistration(
      p.env.client,
      {
        domain,
        nameservers: ['ns1.example.net', 'ns2.example.net'],
        privacy: true,
        customerId: 'cust-7',
        contacts: {
          owner: {
            firstName: 'Jo',
            lastName: 'Jansen',
            street: ['Keizersgracht 100'],
            city: 'Amsterdam',
            postalCode: '1015 AA',
            countryCode: 'NL',
            phone: '+31.201234567',
            email: 'jo@jansen.example',
          },
        },
      },
      { taskQueue: p.taskQueue },
    );
    const result = await handle.result();
    assert.equal(result.outcome, 'registered');
    const view = await eventually(async () => {
      const v = await getDomainEntity(p.env.client, domain).catch(() => undefined);
      return v?.observedBy === 'register' ? v : undefined;
    });
    assert.equal(view.facts.phase, 'active');
    assert.equal(view.facts.registryExpiresAt, result.expiresAt);
    assert.equal(view.facts.privacy, true);
    assert.equal(view.facts.registrarAutorenew, false);
    assert.equal(view.customerId, 'cust-7');
    assert.deepEqual(view.recentChanges, [], 'a new domain is no change');
  });
});
