import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAllActivities } from '../../src/activities/all';
import { loadMailConfig } from '../../src/config/mail';
import { IspapiRegistrar } from '../../src/registrars/ispapi/adapter';
import type { IspapiClient } from '../../src/registrars/ispapi/client';
import { SANDBOX_WEBHOOK_SECRET, WebhookReceiver } from '../../src/sandbox/webhook-receiver';
import { getDomainEntity } from '../../src/client/domain';
import { ensureSyncSchedules, startImport, startSync, triggerSync } from '../../src/client/sync';
import { syncScheduleId } from '../../src/contracts';
import { expiringWithinClause } from '../../src/cli/list-status';
import { createPortfolioEnv, maxPerSecond, type PortfolioEnv } from '../helpers/portfolio-env';
import { ispapiClient } from '../helpers/registrars';
import { createTestWorker, eventually } from '../helpers/temporal';

describe('portfolio sync: 500 domains, 3 changes, reported once (dev server, ISPAPI sandbox, SMTP, webhooks)', () => {
  let p: PortfolioEnv;
  let receiver: WebhookReceiver;
  let ispapi: IspapiClient;
  let registrar: IspapiRegistrar;

  before(async () => {
    receiver = await WebhookReceiver.start({ secret: SANDBOX_WEBHOOK_SECRET });
    p = await createPortfolioEnv({
      name: 'sync',
      ratePerSecond: 50,
      webhooks: { urls: [receiver.url], secret: SANDBOX_WEBHOOK_SECRET },
    });
    ispapi = ispapiClient(p.sandbox.url, { requestTimeoutMs: 10_000 });
    registrar = new IspapiRegistrar(ispapi);
    p.sandbox.seedDomains({ count: 500, prefix: 'sync-', tld: 'com' });
    p.sandbox.setRateLimit(50);
  });
  after(async () => {
    await ispapi?.close();
    await p?.teardown();
    await receiver?.close();
  });

  const liveEntities = async () =>
    (await p.env.client.workflow.count(`WorkflowType = 'domain' AND LifecycleState = 'domain-active'`)).count;
  const sync = async () => {
    const handle = await startSync(
      p.env.client,
      { registrar: 'ispapi', dueDateOffsetDays: 30 },
      { taskQueue: p.taskQueue },
    );
    return handle.result();
  };
  const callsDuring = async <T>(fn: () => Promise<T>): Promise<{ result: T; calls: string[] }> => {
    const before = p.sandbox.journal().length;
    const result = await fn();
    return {
      result,
      calls: p.sandbox
        .journal()
        .slice(before)
        .map((e) => e.command),
    };
  };

  it('imports the account: 500 domain workflows from one list call', async () => {
    const { result, calls } = await callsDuring(async () => {
      const started = await startImport(
        p.env.client,
        { registrar: 'ispapi', dueDateOffsetDays: 30 },
        { taskQueue: p.taskQueue },
      );
      return started.handle.result();
    });
    assert.equal(result.domainsSeen, 500);
    assert.equal(result.started, 500);
    assert.equal(result.total, 500);
    assert.deepEqual(calls, ['QueryDomainList']);
    await eventually(async () => ((await liveEntities()) === 500 ? true : undefined), 60_000, '500 active entities');
    // The Web UI's filter (and `domainflow list --type domain --expiring-within 60d`).
    const bound = Date.now() + 60 * 86_400_000;
    const expected = Array.from({ length: 500 }, (_, i) => `sync-${String(i).padStart(3, '0')}.com`).filter(
      (d) => Date.parse(p.sandbox.domain(d)!.paidUntil) < bound,
    ).length;
    assert.ok(expected > 10 && expected < 100, `a few dozen expire within 60 days (${expected})`);
    const query = `WorkflowType = 'domain' AND ${expiringWithinClause('60d', bound - 60 * 86_400_000)}`;
    assert.equal((await p.env.client.workflow.count(query)).count, expected);
    const one = await getDomainEntity(p.env.client, 'sync-042.com');
    assert.equal(one.facts.registryExpiresAt, p.sandbox.domain('sync-042.com')!.expiresAt);
    assert.equal(one.wishes.autorenew, false);
  });

  it('a sync of the unchanged portfolio makes one call, touches no workflow and mails nothing', async () => {
    const { result, calls } = await callsDuring(sync);
    assert.deepEqual(calls, ['QueryDomainList']);
    assert.equal(result.domainsSeen, 500);
    assert.equal(result.unchanged, 500);
    assert.equal(result.updated + result.started + result.missingChecked, 0);
    assert.equal(result.reportSent, false);
    assert.equal(p.smtp.messages.length, 0);
  });

  it('3 changes out of 500: exactly 3 in the report, one mail, 3 webhooks; the next sync reports none', async () => {
    // Renewed elsewhere (the reseller's panel), auto-renewal switched on at the registrar, transferred away.
    const renewedBefore = p.sandbox.domain('sync-001.com')!.expiresAt;
    await registrar.renew({ domain: 'sync-001.com', periodYears: 1, currentExpiresAt: renewedBefore, method: 'renew' });
    const renewedAfter = p.sandbox.domain('sync-001.com')!.expiresAt;
    await registrar.setRegistrarAutorenew('sync-002.com', true);
    p.sandbox.transferOut('sync-003.com');
    const eventsBefore = receiver.events().length;

    const { result, calls } = await callsDuring(sync);
    assert.deepEqual(result.report.expiryChanges, [{ domain: 'sync-001.com', from: renewedBefore, to: renewedAfter }]);
    assert.deepEqual(result.report.corrections, [
      { domain: 'sync-002.com', setting: 'autorenew', from: true, to: false },
    ]);
    assert.deepEqual(result.report.phaseChanges, [{ domain: 'sync-003.com', from: 'active', to: 'transferred-away' }]);
    assert.deepEqual(result.report.dueDateChanges, []);
    assert.deepEqual(result.report.errors, []);
    assert.equal(result.updated, 2);
    assert.equal(result.unchanged, 497);
    assert.equal(result.missingChecked, 1);
    assert.equal(result.reportSent, true);
    // One page, the transferred-away check (StatusDomain 545, then the object log), and the entity's correction.
    assert.deepEqual(calls.filter((c) => c === 'QueryDomainList').length, 1);
    assert.deepEqual(
      calls.filter((c) => c !== 'QueryDomainList' && c !== 'SetDomainRenewalMode'),
      ['StatusDomain', 'QueryObjectLogList'],
    );

    await eventually(async () => (p.smtp.messages.length === 1 ? true : undefined), 20_000, 'the report mail');
    const mail = p.smtp.messages[0]!;
    for (const name of ['sync-001.com', 'sync-002.com', 'sync-003.com']) assert.ok(mail.body.includes(name), name);
    assert.ok(!mail.body.includes('sync-004.com'));

    const events = await eventually(
      async () => {
        const got = receiver.events().slice(eventsBefore);
        return got.length >= 3 ? got : undefined;
      },
      30_000,
      '3 webhooks',
    );
    assert.deepEqual(events.map((e) => `${e.domain} ${e.type}`).sort(), [
      'sync-001.com domain.expiry-changed',
      'sync-002.com domain.autorenew-changed',
      'sync-003.com domain.transferred-away',
    ]);
    await eventually(
      async () => (p.sandbox.domain('sync-002.com')?.renewalMode === 'AUTOEXPIRE' ? true : undefined),
      20_000,
      "the registrar's auto-renewal switched off again",
    );
    // Visibility catches up with the entities' new digests before the next run reads it.
    await eventually(async () =>
      (await p.env.client.workflow.count(`WorkflowType = 'domain' AND LifecycleState = 'domain-transferred-away'`))
        .count === 1
        ? true
        : undefined,
    );
    await new Promise((r) => setTimeout(r, 1500));

    const second = await callsDuring(sync);
    assert.deepEqual(second.calls, ['QueryDomainList'], 'nothing missing, nothing to correct');
    assert.equal(second.result.domainsSeen, 499);
    assert.equal(second.result.unchanged, 499);
    assert.deepEqual(
      [second.result.report.expiryChanges, second.result.report.phaseChanges, second.result.report.corrections],
      [[], [], []],
    );
    assert.equal(second.result.reportSent, false);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(p.smtp.messages.length, 1, 'a change is reported once');
    assert.equal(receiver.events().length, eventsBefore + 3, 'and sent once');
    const away = await getDomainEntity(p.env.client, 'sync-003.com');
    assert.equal(away.facts.phase, 'transferred-away');
  });

  it('the list calls keep to the rate limit across a run of many pages (journal timestamps)', async () => {
    // A registrar limit of 4 calls/s; the queue dispatches half of it, as production's list queues do.
    const activities = createAllActivities({
      registrars: { ispapi: registrar },
      mail: loadMailConfig({ DOMAINFLOW_SMTP_URL: p.smtp.url }),
      backorderPrices: {},
      client: p.env.client,
      taskQueue: p.taskQueue,
    });
    const listTaskQueue = `${p.taskQueue}-slow`;
    const slow = await createTestWorker(p.env, {
      workflows: false,
      taskQueue: listTaskQueue,
      activities,
      maxTaskQueueActivitiesPerSecond: 2,
    });
    p.sandbox.setRateLimit(4);
    const result = await slow.runUntil(async () => {
      const handle = await startSync(
        p.env.client,
        { registrar: 'ispapi', pageSize: 25, listTaskQueue, sendReport: false },
        { taskQueue: p.taskQueue },
      );
      return handle.result();
    });
    assert.equal(result.pagesRead, 20);
    assert.equal(result.domainsSeen, 499);
    const lists = p.sandbox.journal({ command: 'QueryDomainList' }).slice(-20);
    assert.equal(lists.filter((e) => e.code === 425).length, 0, 'the registrar never had to refuse a call');
    const times = lists.map((e) => Date.parse(e.at));
    assert.ok(maxPerSecond(times) <= 4, `at most 4 calls in any second, saw ${maxPerSecond(times)}`);
    const seconds = (times[times.length - 1]! - times[0]!) / 1000;
    assert.ok(seconds >= 8, `20 calls at 2/s take at least 8 s, took ${seconds}`);
    p.sandbox.setRateLimit(50);
  });

  it('a schedule per registrar account, created once and updated in place', async () => {
    const settings = {
      interval: '1 hour' as const,
      taskQueue: p.taskQueue,
      accounts: [{ registrar: 'ispapi' as const }],
    };
    assert.deepEqual(await ensureSyncSchedules(p.env.client, settings), [
      { scheduleId: syncScheduleId('ispapi', 'default'), created: true },
    ]);
    assert.deepEqual(await ensureSyncSchedules(p.env.client, { ...settings, interval: '2 hours' }), [
      { scheduleId: syncScheduleId('ispapi', 'default'), created: false },
    ]);
    const described = await p.env.client.schedule.getHandle(syncScheduleId('ispapi', 'default')).describe();
    assert.equal(described.spec.intervals?.[0]?.every, 2 * 3600 * 1000);
    await triggerSync(p.env.client, 'ispapi');
    const run = await eventually(async () => {
      for await (const wf of p.env.client.workflow.list({
        query: `WorkflowType = 'syncPortfolio' AND WorkflowId STARTS_WITH 'sync:ispapi:default-'`,
      })) {
        return wf;
      }
      return undefined;
    });
    const result = await p.env.client.workflow.getHandle(run.workflowId).result();
    assert.equal(result.domainsSeen, 499);
    await p.env.client.schedule.getHandle(syncScheduleId('ispapi', 'default')).delete();
  });
});
