import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diffZone, zoneDigest } from '../../src/domain/dns';
import { parseZoneDocument, zoneFromDocument } from '../../src/domain/dns/zone-file';
import type { DnsZoneRegistrar } from '../../src/registrars/dns';
import { isDnsZoneRegistrar } from '../../src/registrars/dns';
import { startIspapi, startOpenprovider, type IspapiSetup, type OpenproviderSetup } from '../helpers/registrars';
import { zone40Yaml } from '../helpers/dns';

/**
 * Both adapters against their sandboxes over HTTP: a 40-record zone created, applied in one write
 * call, read back equal; a second plan is empty; a TTL-only change and a removal go out as one call.
 */

const cases: Array<{
  name: string;
  forwarding: boolean;
  start(): Promise<{ adapter: DnsZoneRegistrar; writes(): number; close(): Promise<void>; seed(d: string): void }>;
}> = [
  {
    name: 'ispapi',
    forwarding: true,
    async start() {
      const s: IspapiSetup = await startIspapi();
      return {
        adapter: s.adapter,
        writes: () => s.sandbox.journal({ command: 'UpdateDNSZone' }).length,
        close: () => s.close(),
        seed: (domain) => s.sandbox.seedDomain({ domain, nameservers: ['ns1.ispapi.net', 'ns2.ispapi.net'] }),
      };
    },
  },
  {
    name: 'openprovider',
    forwarding: false,
    async start() {
      const s: OpenproviderSetup = await startOpenprovider();
      return {
        adapter: s.adapter,
        writes: () => s.sandbox.journal({ route: 'PUT /v1beta/dns/zones/{name}' }).length,
        close: () => s.close(),
        seed: () => undefined,
      };
    },
  },
];

for (const c of cases) {
  describe(`DNS zone adapter: ${c.name}`, () => {
    let setup: Awaited<ReturnType<(typeof cases)[number]['start']>>;
    before(async () => {
      setup = await c.start();
    });
    after(async () => {
      await setup.close();
    });

    it('is a DnsZoneRegistrar and reports a missing zone as missing', async () => {
      assert.ok(isDnsZoneRegistrar(setup.adapter));
      assert.deepEqual(await setup.adapter.readZone('nozone.com'), { exists: false, records: [], foreign: [] });
    });

    it('applies a 40-record zone in one write call and reads it back equal; a second plan is empty', async () => {
      const domain = `forty-${c.name}.com`;
      setup.seed(domain);
      const desired = zoneFromDocument(parseZoneDocument(zone40Yaml(domain, c), 'yaml'), domain, {
        supportedTypes: setup.adapter.dnsRecordTypes,
      });
      assert.equal(desired.records.length, 40);
      await setup.adapter.createZone(domain);
      const empty = await setup.adapter.readZone(domain);
      assert.equal(empty.exists, true);
      assert.ok(
        empty.records.every((r) => r.name === '@' && r.type === 'NS'),
        'a new zone holds its NS set only',
      );
      const plan = diffZone(desired.records, empty.records);
      assert.equal(plan.adds, 40);
      const before = setup.writes();
      assert.deepEqual(await setup.adapter.applyZoneChanges(domain, plan.changes), { calls: 1 });
      assert.equal(setup.writes() - before, 1, 'one write call for 40 records');
      const read = await setup.adapter.readZone(domain);
      const managed = read.records.filter((r) => !(r.name === '@' && r.type === 'NS'));
      assert.equal(zoneDigest(managed), zoneDigest(desired.records), 'read back equal to the file');
      assert.equal(diffZone(desired.records, read.records).changes.length, 0);
      assert.deepEqual(await setup.adapter.applyZoneChanges(domain, []), { calls: 0 });
      assert.equal(setup.writes() - before, 1, 'no call for an empty plan');
    });

    it('sends a TTL change, a changed value and a pruned record in one call', async () => {
      const domain = `forty-${c.name}.com`;
      const current = (await setup.adapter.readZone(domain)).records;
      const desired = current
        .filter((r) => r.name !== 'host17')
        .map((r) =>
          r.name === 'host1' ? { ...r, ttl: 600 } : r.name === 'host2' ? { ...r, data: '198.51.100.99' } : r,
        );
      const plan = diffZone(desired, current, { prune: true });
      assert.deepEqual([plan.adds, plan.updates, plan.removes], [0, 2, 1]);
      const before = setup.writes();
      await setup.adapter.applyZoneChanges(domain, plan.changes);
      assert.equal(setup.writes() - before, 1);
      const after = await setup.adapter.readZone(domain);
      assert.equal(zoneDigest(after.records), zoneDigest(desired));
    });
  });
}
