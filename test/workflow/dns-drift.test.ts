/**
 * syncDns (issue 16 point 6) on the time-skipping server over both sandboxes (real HTTP): a zone
 * declared through the contract of src/contracts/dns-drift.ts, changed through the sandbox's
 * control surface (behind domainflow's back), is reported once over two sync rounds (one mail, one
 * report), not reverted; back in line it is forgotten; with enforce the sync starts applyZone.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createChangeEventActivities, createDnsDriftActivities, createMailActivities } from '../../src/activities';
import { createDnsZoneActivities } from '../../src/activities/dns';
import { loadMailConfig } from '../../src/config/mail';
import {
  type ChangeEvent,
  checkNowSignal,
  domainStateQuery,
  domainWorkflowId,
  syncDnsWorkflowId,
  ZoneInSync,
} from '../../src/contracts';
import { declareZone, getDnsSyncState, startDnsSync, startZoneApply } from '../../src/client';
import { diffZone, type ZoneRecord } from '../../src/domain/dns';
import type { DnsZoneRegistrar } from '../../src/registrars/dns';
import { createTestWorker, createTimeSkippingEnv, eventually, uniqueTaskQueue } from '../helpers/temporal';
import { startIspapi, startOpenprovider, type IspapiSetup, type OpenproviderSetup } from '../helpers/registrars';
import { startSmtpListener } from '../helpers/smtp';

/** Canonical records (src/domain/dns: targets absolute), as applyZone declares them. */
const records = (domain: string): ZoneRecord[] => [
  { name: 'www', type: 'A', ttl: 3600, data: '192.0.2.10' },
  { name: 'mail', type: 'A', ttl: 3600, data: '192.0.2.20' },
  { name: '@', type: 'MX', ttl: 3600, data: `10 mail.${domain}.` },
];

async function createZone(adapter: DnsZoneRegistrar, domain: string): Promise<void> {
  await adapter.createZone(domain);
  const plan = diffZone(records(domain), (await adapter.readZone(domain)).records);
  await adapter.applyZoneChanges(domain, plan.changes);
}

async function editBehindOurBack(baseUrl: string, zone: string, edit: { add?: unknown[]; remove?: unknown[] }) {
  const res = await fetch(`${baseUrl}/_sandbox/dns-zones/${zone}/edit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(edit),
  });
  assert.equal(res.status, 200, await res.text());
}

describe('syncDns: drift reported once, never reverted unless enforce', () => {
  let env: TestWorkflowEnvironment;
  let ispapi: IspapiSetup;
  let openprovider: OpenproviderSetup;
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uniqueTaskQueue('dns-drift');
  const events: ChangeEvent[] = [];
  let realEvents: ReturnType<typeof createChangeEventActivities>;

  before(async () => {
    [env, ispapi, openprovider, smtp] = await Promise.all([
      createTimeSkippingEnv(),
      startIspapi(),
      startOpenprovider(),
      startSmtpListener(),
    ]);
    realEvents = createChangeEventActivities(env.client, { urls: [] } as never);
    worker = await createTestWorker(env, {
      taskQueue,
      activities: {
        ...createDnsDriftActivities({
          registrars: { ispapi: ispapi.adapter, openprovider: openprovider.adapter },
          client: env.client,
          taskQueue,
        }),
        ...createMailActivities(loadMailConfig({ DOMAINFLOW_SMTP_URL: smtp.url })),
        // applyZone's own activities: enforce really puts the zone back
        ...createDnsZoneActivities({ ispapi: ispapi.adapter, openprovider: openprovider.adapter }),
        // the real change-event activity (no webhook receivers), recording what it was handed
        startChangeEventDelivery: async (event: ChangeEvent) => {
          events.push(event);
          return realEvents.startChangeEventDelivery(event);
        },
      },
    });
    running = worker.run();
  });
  after(async () => {
    for (const registrar of ['ispapi', 'openprovider']) {
      await env.client.workflow
        .getHandle(syncDnsWorkflowId(registrar))
        .terminate('test done')
        .catch(() => undefined);
    }
    for (const id of ['apply-zone:enforced-op.com', domainWorkflowId('declared-by-apply.com')]) {
      await env.client.workflow
        .getHandle(id)
        .terminate('test done')
        .catch(() => undefined);
    }
    await env.client.workflow
      .getHandle('apply-zone:enforced-op.com')
      .terminate('test done')
      .catch(() => undefined);
    worker?.shutdown();
    await running;
    await ispapi?.close();
    await openprovider?.close();
    await smtp?.close();
    await env?.teardown();
  });

  /** One more sync round (checkNow), answered when its state shows it done. */
  async function round(registrar: 'ispapi' | 'openprovider') {
    const before = (await getDnsSyncState(env.client, registrar)).rounds;
    await env.client.workflow.getHandle(syncDnsWorkflowId(registrar)).signal(checkNowSignal);
    return eventually(async () => {
      const s = await getDnsSyncState(env.client, registrar);
      return s.rounds > before ? s : undefined;
    });
  }
  const driftMails = (domain: string) => smtp.messages.filter((m) => m.subject.includes(`DNS drift on ${domain}`));

  it('ISPAPI: a record changed through the control surface is reported once over two rounds, then forgotten', async () => {
    const domain = 'drift-ispapi.com';
    ispapi.sandbox.seedDomain({ domain, nameservers: ['ns1.ispapi.net', 'ns2.ispapi.net'] });
    await createZone(ispapi.adapter, domain);
    await startDnsSync(env.client, { registrar: 'ispapi', every: '1 hour' }, { taskQueue });
    await declareZone(env.client, 'ispapi', { domain, records: records(domain) }, { taskQueue });
    let s = await round('ispapi');
    assert.deepEqual(s.zones, [domain]);
    assert.deepEqual(s.drifted, [], 'in line with its declaration: nothing to report');

    const writesBefore = ispapi.sandbox.journal({ command: 'UpdateDNSZone' }).length;
    await editBehindOurBack(ispapi.sandbox.baseUrl, domain, {
      remove: [`www.${domain}. 3600 IN A 192.0.2.10`],
      add: [`www.${domain}. 3600 IN A 203.0.113.66`],
    });
    s = await round('ispapi');
    s = await round('ispapi');
    assert.deepEqual(s.drifted, [domain]);
    assert.equal(s.reports.length, 1, 'two rounds, one report');
    assert.deepEqual(s.reports[0]!.lines, ['+ www 3600 A 203.0.113.66', '- www 3600 A 192.0.2.10']);
    await eventually(async () => (driftMails(domain).length > 0 ? true : undefined));
    assert.equal(driftMails(domain).length, 1, 'one mail');
    assert.match(driftMails(domain)[0]!.body, /\+ www 3600 A 203\.0\.113\.66/);
    assert.equal(ispapi.sandbox.journal({ command: 'UpdateDNSZone' }).length, writesBefore, 'nothing reverted');

    // A second change is a new drift: reported again, once.
    await editBehindOurBack(ispapi.sandbox.baseUrl, domain, { add: [`www.${domain}. 3600 IN A 203.0.113.67`] });
    s = await round('ispapi');
    s = await round('ispapi');
    assert.equal(s.reports.length, 2);
    assert.equal(driftMails(domain).length, 2);

    // Put back by hand: in line again, forgotten; no further mail.
    await editBehindOurBack(ispapi.sandbox.baseUrl, domain, {
      remove: [`www.${domain}. 3600 IN A 203.0.113.66`, `www.${domain}. 3600 IN A 203.0.113.67`],
      add: [`www.${domain}. 3600 IN A 192.0.2.10`],
    });
    s = await round('ispapi');
    assert.deepEqual(s.drifted, []);
    assert.equal(driftMails(domain).length, 2);
  });

  it('Openprovider with enforce: the drift is reported once and applyZone is started with the declared records', async () => {
    const domain = 'enforced-op.com';
    await createZone(openprovider.adapter, domain);
    await startDnsSync(env.client, { registrar: 'openprovider', every: '1 hour', enforce: true }, { taskQueue });
    await declareZone(env.client, 'openprovider', { domain, records: records(domain) }, { taskQueue });
    await round('openprovider');
    await editBehindOurBack(openprovider.sandbox.baseUrl, domain, {
      remove: [{ name: 'mail', type: 'A', value: '192.0.2.20', ttl: 3600 }],
    });
    await round('openprovider');
    const s = await round('openprovider');
    assert.equal(s.reports.length, 1);
    assert.equal(s.reports[0]!.enforcedBy, `apply-zone:${domain}`);
    assert.deepEqual(s.reports[0]!.lines, ['- mail 3600 A 192.0.2.20']);
    const apply = env.client.workflow.getHandle(`apply-zone:${domain}`);
    assert.equal((await apply.describe()).type, 'applyZone');
    const applied = (await apply.result()) as { outcome: string };
    assert.equal(applied.outcome, 'applied');
    const back = await round('openprovider');
    assert.deepEqual(back.drifted, [], 'put back: in line again');
    assert.equal(back.reports.length, 1);
    assert.equal(driftMails(domain).length, 1);
    assert.match(driftMails(domain)[0]!.body, /putting it back: apply-zone:enforced-op\.com/);
  });
  it('applyZone declares what it applied: drift watched without a declare, one event and one entity change per drift', async () => {
    const domain = 'declared-by-apply.com';
    ispapi.sandbox.seedDomain({ domain, nameservers: ['ns1.ispapi.net', 'ns2.ispapi.net'] });
    const entity = await env.client.workflow.start('domain', {
      taskQueue,
      workflowId: domainWorkflowId(domain),
      args: [{ domain, registrar: 'ispapi' }],
    });
    const started = await startZoneApply(
      env.client,
      { domain, registrar: 'ispapi', records: records(domain) },
      { taskQueue },
    );
    assert.equal((await started.handle.result()).outcome, 'applied');
    let s = await round('ispapi');
    assert.ok(s.zones.includes(domain), 'declared by applyZone itself');
    assert.ok(!s.drifted.includes(domain));
    const dnsChanges = async () =>
      (await entity.query(domainStateQuery)).recentChanges.filter((c) => c.kind === 'dns').map((c) => c.to);
    const zoneInSync = async () => (await entity.describe()).typedSearchAttributes.get(ZoneInSync);
    const driftEvents = () => events.filter((e) => e.type === 'domain.dns-drifted' && e.domain === domain);

    await editBehindOurBack(ispapi.sandbox.baseUrl, domain, { add: [`www.${domain}. 3600 IN A 203.0.113.99`] });
    await round('ispapi');
    s = await round('ispapi');
    assert.ok(s.drifted.includes(domain));
    assert.equal(s.reports.filter((r) => r.domain === domain).length, 1);
    assert.equal(driftEvents().length, 1, 'two rounds, one change event');
    assert.deepEqual(driftEvents()[0]!.data?.['lines'], ['+ www 3600 A 203.0.113.99']);
    assert.deepEqual(await dnsChanges(), ['drifted'], 'one line in the entity log');
    assert.equal(await zoneInSync(), false);

    await editBehindOurBack(ispapi.sandbox.baseUrl, domain, { remove: [`www.${domain}. 3600 IN A 203.0.113.99`] });
    s = await round('ispapi');
    assert.ok(!s.drifted.includes(domain));
    assert.deepEqual(await dnsChanges(), ['drifted', 'in-sync']);
    assert.equal(await zoneInSync(), true);
    assert.equal(driftEvents().length, 1, 'back in line is no drift event');
  });
});
