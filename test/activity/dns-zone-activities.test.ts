/**
 * applyZone's activities against the ISPAPI sandbox over HTTP, in a mock activity context: a
 * retried write (attempt 2) reads first and sends nothing when the first attempt's write went
 * through; a first attempt whose plan went stale (a record changed since the read) is refused by
 * the registrar as a whole and planned again once from a fresh read; a missing zone is not created
 * for a file the registrar cannot hold. Each claim is counted in the sandbox journal.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createDnsZoneActivities, type ZonePlanApplied, type ZoneRead } from '../../src/activities/dns';
import { diffZone, zoneDigest } from '../../src/domain/dns';
import { zoneFromText } from '../../src/client/dns';
import { startIspapi, type IspapiSetup } from '../helpers/registrars';
import { zone40Yaml } from '../helpers/dns';
import type { DnsZoneRegistrar } from '../../src/registrars/dns';

describe('DNS zone activities (ISPAPI sandbox)', () => {
  let h: IspapiSetup;
  let acts: ReturnType<typeof createDnsZoneActivities>;
  const updates = (): number => h.sandbox.journal({ command: 'UpdateDNSZone' }).length;
  type Acts = ReturnType<typeof createDnsZoneActivities>;
  const readZone = (n: number, input: Parameters<Acts['readZone']>[0], with_: Acts = acts): Promise<ZoneRead> =>
    new MockActivityEnvironment({ attempt: n }).run(with_.readZone, input) as Promise<ZoneRead>;
  const applyPlan = (n: number, input: Parameters<Acts['applyZonePlan']>[0]): Promise<ZonePlanApplied> =>
    new MockActivityEnvironment({ attempt: n }).run(acts.applyZonePlan, input) as Promise<ZonePlanApplied>;

  before(async () => {
    h = await startIspapi();
    acts = createDnsZoneActivities({ ispapi: h.adapter });
  });
  after(async () => h?.close());

  it('a retried write reads first: the first attempt wrote, the retry sends nothing', async () => {
    const domain = 'retry-zone.com';
    h.sandbox.seedDomain({ domain, nameservers: ['ns1.ispapi.net', 'ns2.ispapi.net'] });
    const desired = zoneFromText(zone40Yaml(domain, { forwarding: true }), domain, 'yaml').records;
    const read = await readZone(1, { registrar: 'ispapi', domain, create: true });
    const plan = diffZone(desired, read.records).changes;
    const input = { registrar: 'ispapi' as const, domain, desired, prune: false, plan };
    const first = await applyPlan(1, input);
    assert.deepEqual(first, { writeCalls: 1, changesSent: 40, replanned: false });
    // The first attempt's answer was lost (a dead worker): Temporal retries with the same input.
    const retry = await applyPlan(2, input);
    assert.deepEqual(retry, { writeCalls: 0, changesSent: 0, replanned: true });
    assert.equal(updates(), 1, 'one UpdateDNSZone in all');
  });

  it('a stale plan is refused as a whole and planned again once from a fresh read', async () => {
    const domain = 'stale-zone.com';
    h.sandbox.seedDomain({ domain, nameservers: ['ns1.ispapi.net', 'ns2.ispapi.net'] });
    const yaml = (ip: string) =>
      `records:\n  - { name: www, type: A, value: ${ip} }\n  - { name: mail, type: A, value: 192.0.2.2 }\n`;
    await readZone(1, { registrar: 'ispapi', domain, create: true });
    const old = zoneFromText(yaml('192.0.2.1'), domain, 'yaml').records;
    const seeded = await applyPlan(1, {
      registrar: 'ispapi',
      domain,
      desired: old,
      prune: false,
      plan: diffZone(old, []).changes,
    });
    assert.equal(seeded.writeCalls, 1);
    const read = await readZone(1, { registrar: 'ispapi', domain });
    const desired = zoneFromText(yaml('192.0.2.9'), domain, 'yaml').records;
    const plan = diffZone(desired, read.records).changes;
    // Behind the workflow's back, after its read: www moves elsewhere.
    const edit = await fetch(`${h.sandbox.baseUrl.replace(/\/$/, '')}/_sandbox/dns-zones/${domain}/edit`, {
      method: 'POST',
      body: JSON.stringify({ remove: ['www 3600 IN A 192.0.2.1'], add: ['www 3600 IN A 203.0.113.5'] }),
    });
    assert.equal(edit.status, 200);
    const before = updates();
    const applied = await applyPlan(1, {
      registrar: 'ispapi',
      domain,
      desired,
      prune: false,
      plan,
    });
    assert.deepEqual(applied, { writeCalls: 2, changesSent: 1, replanned: true });
    const calls = h.sandbox.journal({ command: 'UpdateDNSZone' }).slice(before);
    assert.deepEqual(
      calls.map((c) => c.code),
      [545, 200],
      'the stale DELRR refused, nothing changed; then the fresh plan',
    );
    const after = await readZone(1, { registrar: 'ispapi', domain });
    const managed = after.records.filter((r) => r.type !== 'NS');
    assert.equal(zoneDigest(managed), zoneDigest(desired));
  });

  it('creates no zone for a file with types the registrar cannot hold', async () => {
    // The ISPAPI adapter as a registrar whose DNS holds A records only.
    const onlyA: DnsZoneRegistrar = {
      dnsRecordTypes: ['A'],
      readZone: (zone) => h.adapter.readZone(zone),
      createZone: (zone) => h.adapter.createZone(zone),
      applyZoneChanges: (zone, changes) => h.adapter.applyZoneChanges(zone, changes),
    };
    const limited = createDnsZoneActivities({ ispapi: onlyA as never });
    const read = await readZone(
      1,
      { registrar: 'ispapi', domain: 'no-create.com', create: true, types: ['A', 'X-HTTP'] },
      limited,
    );
    assert.deepEqual([read.exists, read.created], [false, false]);
    assert.equal(
      h.sandbox.journal({ command: 'CreateDNSZone' }).filter((e) => e.params.DNSZONE === 'no-create.com').length,
      0,
    );
  });
});
