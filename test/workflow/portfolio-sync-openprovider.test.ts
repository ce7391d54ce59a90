import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OpenproviderRegistrar } from '../../src/registrars/openprovider/adapter';
import { SANDBOX_OPENPROVIDER_DEFAULT_HANDLE, type OpenproviderSandbox } from '../../src/sandbox/openprovider/server';
import { getDomainEntity } from '../../src/client/domain';
import { startImport, startSync } from '../../src/client/sync';
import { createOpenproviderPortfolioEnv, type PortfolioEnv } from '../helpers/portfolio-env';
import { FactsDigest } from '../../src/contracts';
import { openproviderClientOptions } from '../helpers/registrars';
import { eventually } from '../helpers/temporal';

const COUNT = 60;
const PAGE_SIZE = 10;
const PAGES = COUNT / PAGE_SIZE;
const names = Array.from({ length: COUNT }, (_, i) => `opsync-${String(i).padStart(2, '0')}.com`);

describe('portfolio sync via Openprovider: 60 domains in pages of 10, changes reported once (dev server, sandbox)', () => {
  let p: PortfolioEnv<OpenproviderSandbox>;
  let registrar: OpenproviderRegistrar;

  before(async () => {
    p = await createOpenproviderPortfolioEnv({ name: 'sync-op', ratePerSecond: 40 });
    registrar = new OpenproviderRegistrar({
      ...openproviderClientOptions(p.sandbox.baseUrl, { requestTimeoutMs: 10_000 }),
      handles: { owner: SANDBOX_OPENPROVIDER_DEFAULT_HANDLE },
    });
    assert.deepEqual(p.sandbox.seedDomains({ count: COUNT, prefix: 'opsync-', tld: 'com' }), {
      seeded: COUNT,
      first: names[0],
      last: names[COUNT - 1],
    });
    // The registrar's limit; the list queue dispatches at most half of it.
    p.sandbox.setRateLimit(40);
  });
  after(async () => {
    await registrar?.close();
    await p?.teardown();
  });

  /** A page of the listing: GET /domains with an offset (a name search carries full_name instead). */
  const isListCall = (e: { route: string; path: string }) =>
    e.route === 'GET /v1beta/domains' && !e.path.includes('full_name=');
  /** The API calls since journal entry `from` (logins aside), the list pages apart from the rest. */
  const callsSince = (from: number) => {
    const calls = p.sandbox
      .journal()
      .slice(from)
      .filter((e) => e.route !== 'POST /v1beta/auth/login');
    return { lists: calls.filter(isListCall), others: calls.filter((e) => !isListCall(e)) };
  };
  const callsDuring = async <T>(fn: () => Promise<T>) => {
    const from = p.sandbox.journal().length;
    const result = await fn();
    return { result, from, ...callsSince(from) };
  };
  const sync = () =>
    callsDuring(async () => {
      const handle = await startSync(
        p.env.client,
        { registrar: 'openprovider', pageSize: PAGE_SIZE, dueDateOffsetDays: 30, sendReport: false },
        { taskQueue: p.taskQueue },
      );
      return handle.result();
    });
  const entities = () => Promise.all(names.map((d) => getDomainEntity(p.env.client, d)));
  /** Visibility shows every entity's current digest: the next run compares against it. */
  const visibilityCaughtUp = async () => {
    const digests = new Map((await entities()).map((e) => [e.domain, e.digest]));
    await eventually(
      async () => {
        let same = 0;
        for await (const wf of p.env.client.workflow.list({
          query: `WorkflowType = 'domain' AND Registrar = 'openprovider'`,
        })) {
          const domain = wf.workflowId.replace(/^domain:/, '');
          if (wf.typedSearchAttributes.get(FactsDigest) === digests.get(domain)) same += 1;
        }
        return same === COUNT ? true : undefined;
      },
      20_000,
      'visibility shows the digests',
    );
  };

  it('imports 60 domains over 6 pages: one entity per domain, registrar openprovider, the listed expiry', async () => {
    const { result, lists, others } = await callsDuring(async () => {
      const started = await startImport(
        p.env.client,
        { registrar: 'openprovider', pageSize: PAGE_SIZE, dueDateOffsetDays: 30 },
        { taskQueue: p.taskQueue },
      );
      return started.handle.result();
    });
    assert.equal(result.pagesRead, PAGES);
    assert.equal(result.domainsSeen, COUNT);
    assert.equal(result.total, COUNT);
    assert.equal(result.started, COUNT);
    assert.equal(result.errors, 0);
    assert.deepEqual(
      lists.map((e) => new URL(e.path, 'http://x').searchParams.get('offset')),
      ['0', '10', '20', '30', '40', '50'],
      'one list call per page, nothing else',
    );
    assert.deepEqual(others, []);
    assert.equal(lists.filter((e) => e.code !== 0).length, 0, 'the registrar never had to refuse a call');

    await eventually(
      async () =>
        (
          await p.env.client.workflow.count(
            `WorkflowType = 'domain' AND Registrar = 'openprovider' AND LifecycleState = 'domain-active'`,
          )
        ).count === COUNT
          ? true
          : undefined,
      30_000,
      '60 active entities',
    );
    const all = await entities();
    for (const entity of all) {
      const at = p.sandbox.domain(entity.domain)!;
      assert.equal(entity.registrar, 'openprovider', entity.domain);
      assert.equal(entity.facts.phase, 'active', entity.domain);
      assert.equal(Date.parse(entity.facts.registryExpiresAt!), Date.parse(at.registryExpiresAt!), entity.domain);
      assert.equal(Date.parse(entity.facts.displayExpiresAt!), Date.parse(at.renewalDate!), entity.domain);
      assert.equal(entity.facts.registrarAutorenew, false, entity.domain);
      assert.deepEqual(entity.recentChanges, [], `${entity.domain}: learned, not changed`);
    }
    assert.equal(new Set(all.map((e) => e.facts.registryExpiresAt)).size, COUNT, 'expiries spread, one per domain');
  });

  it('a renewal at the registrar and autorenew switched on: exactly 2 changes; the next sync none', async () => {
    await visibilityCaughtUp();
    const [renewed, flipped] = ['opsync-07.com', 'opsync-33.com'];
    const before = (await getDomainEntity(p.env.client, renewed)).facts.registryExpiresAt!;
    const renewal = await registrar.renew({
      domain: renewed,
      periodYears: 1,
      currentExpiresAt: before,
      method: 'renew',
    });
    assert.equal(renewal.alreadyDone, false);
    const after = renewal.newExpiresAt!;
    assert.ok(Date.parse(after) > Date.parse(before));
    await registrar.setRegistrarAutorenew(flipped, true);
    assert.equal(p.sandbox.domain(flipped)!.autorenew, 'on');

    const { result, lists, from } = await sync();
    assert.deepEqual(result.report.expiryChanges, [{ domain: renewed, from: before, to: after }]);
    assert.deepEqual(result.report.corrections, [{ domain: flipped, setting: 'autorenew', from: true, to: false }]);
    assert.deepEqual(result.report.phaseChanges, []);
    assert.deepEqual(result.report.dueDateChanges, []);
    assert.deepEqual(result.report.errors, []);
    assert.equal(result.pagesRead, PAGES);
    assert.equal(result.updated, 2);
    assert.equal(result.unchanged, COUNT - 2);
    assert.equal(result.started + result.missingChecked, 0);
    assert.equal(lists.length, PAGES, 'one list call per page');
    await eventually(
      async () => (p.sandbox.domain(flipped)!.autorenew === 'off' ? true : undefined),
      20_000,
      "the registrar's auto-renewal switched off again",
    );
    // Only the entity's correction talks to the registrar about one domain: its id, then autorenew off.
    const { others } = callsSince(from);
    assert.deepEqual(
      others.map((e) => [e.route, e.domain]),
      [
        ['GET /v1beta/domains', flipped],
        ['PUT /v1beta/domains/{id}', flipped],
      ],
    );

    const changed = new Map((await entities()).map((e) => [e.domain, e.recentChanges]));
    assert.deepEqual(
      [...changed].filter(([, c]) => c.length > 0).map(([d]) => d),
      [renewed, flipped],
    );
    assert.deepEqual(
      changed.get(renewed)!.map((c) => [c.kind, c.from, c.to, c.source]),
      [['expiry', before, after, 'sync']],
    );
    assert.deepEqual(
      changed.get(flipped)!.map((c) => [c.kind, c.from, c.to, c.correction]),
      [['autorenew', false, true, { setting: 'autorenew', to: false }]],
    );

    await visibilityCaughtUp();
    const again = await sync();
    assert.equal(again.result.unchanged, COUNT);
    assert.equal(again.result.updated + again.result.started + again.result.missingChecked, 0);
    assert.deepEqual(
      [again.result.report.expiryChanges, again.result.report.corrections, again.result.report.phaseChanges],
      [[], [], []],
    );
    assert.equal(again.lists.length, PAGES);
    assert.deepEqual(again.others, [], 'no call about any single domain');
    const after2 = await entities();
    assert.equal(
      after2.reduce((n, e) => n + e.recentChanges.length, 0),
      2,
      'still the same 2 changes',
    );
  });

  it('a domain transferred away and one deleted at the registrar: the entities say so, once', async () => {
    const [away, deleted] = ['opsync-12.com', 'opsync-48.com'];
    p.sandbox.transferOut(away);
    p.sandbox.deleteDomain(deleted);

    const { result, lists, others } = await sync();
    assert.deepEqual(
      [...(result.report.phaseChanges ?? [])].sort((a, b) => a.domain.localeCompare(b.domain)),
      [
        { domain: away, from: 'active', to: 'transferred-away' },
        { domain: deleted, from: 'active', to: 'hard-quarantine' },
      ],
    );
    assert.deepEqual(result.report.errors, []);
    assert.equal(result.domainsSeen, COUNT - 1);
    assert.equal(result.updated, 1);
    assert.equal(result.missingChecked, 1);
    assert.equal(lists.length, PAGES);
    // The missing one: no record by name, none with is_deleted either.
    assert.deepEqual(
      others.map((e) => [e.route, e.domain]),
      [
        ['GET /v1beta/domains', away],
        ['GET /v1beta/domains', away],
      ],
    );
    assert.equal((await getDomainEntity(p.env.client, away)).facts.phase, 'transferred-away');
    assert.equal((await getDomainEntity(p.env.client, deleted)).facts.phase, 'hard-quarantine');

    await visibilityCaughtUp();
    const again = await sync();
    assert.deepEqual(again.result.report.phaseChanges, []);
    assert.equal(again.result.missingChecked, 0, 'a gone entity is not looked for again');
    assert.equal(again.result.unchanged, COUNT - 1);
    assert.equal(again.lists.length, PAGES);
    assert.deepEqual(again.others, []);
  });
});
