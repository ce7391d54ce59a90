/**
 * applyZone with the zone file's `dnssec:` section, on both sandboxes (dev server, real HTTP): a
 * 40-record zone (ISPAPI: with forwarding; Openprovider offers none) and one DS (ISPAPI) or DNSKEY
 * (Openprovider, which takes keys only) applied from YAML reads back equal, records and DNSSEC; the
 * same file again makes zero registrar writes (journal); a bad DS is refused naming its field.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Worker } from '@temporalio/worker';
import { zoneDigest } from '../../src/domain/dns';
import { ValidationError } from '../../src/domain/validation';
import { createDnsZoneActivities } from '../../src/activities/dns';
import { createDnsDriftActivities } from '../../src/activities/dns-drift';
import { createDnssecActivities } from '../../src/activities/dnssec';
import { planZone, startZoneApply, zoneFromText } from '../../src/client/dns';
import { zoneToYaml } from '../../src/domain/dns/zone-file';
import { syncDnsWorkflowId, type ApplyZoneResult } from '../../src/contracts';
import { createDevEnv, type DevEnv } from '../helpers/dev-env';
import { zone40Yaml } from '../helpers/dns';
import { startIspapi, startOpenprovider, type IspapiSetup, type OpenproviderSetup } from '../helpers/registrars';
import { createTestWorker, uniqueTaskQueue } from '../helpers/temporal';

const DIGEST = 'C3'.repeat(32);
const KEY = 'mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==';
const NS = ['ns1.example.net', 'ns2.example.net'];

interface Side {
  registrar: 'ispapi' | 'openprovider';
  forwarding: boolean;
  /** the YAML `dnssec:` section for this registrar */
  dnssecYaml: string;
  start(): Promise<{
    setup: IspapiSetup | OpenproviderSetup;
    /** registrar write calls so far (zone and DNSSEC), from the sandbox journal */
    writes(): number;
    seed(domain: string): void;
  }>;
}

const SIDES: Side[] = [
  {
    registrar: 'ispapi',
    forwarding: true,
    dnssecYaml: `dnssec:\n  ds:\n    - { keyTag: 12345, algorithm: 13, digestType: 2, digest: ${DIGEST} }\n`,
    async start() {
      const setup = await startIspapi({ client: { requestTimeoutMs: 10_000 } });
      return {
        setup,
        writes: () => setup.sandbox.journal().filter((e) => !/^(Status|Query|Check)/.test(e.command)).length,
        seed: (domain) => setup.sandbox.seedDomain({ domain, nameservers: NS }),
      };
    },
  },
  {
    registrar: 'openprovider',
    forwarding: false,
    dnssecYaml: `dnssec:\n  dnskey:\n    - { flags: 257, protocol: 3, algorithm: 13, publicKey: '${KEY}' }\n`,
    async start() {
      const setup = await startOpenprovider({ client: { requestTimeoutMs: 10_000 } });
      return {
        setup,
        writes: () => setup.sandbox.journal().filter((e) => !e.route.startsWith('GET ')).length,
        seed: (domain) => setup.sandbox.seedDomain({ domain, nameservers: NS }),
      };
    },
  },
];

for (const side of SIDES) {
  describe(`applyZone with dnssec: (${side.registrar} sandbox)`, () => {
    let env: DevEnv;
    let s: Awaited<ReturnType<Side['start']>>;
    let worker: Worker;
    let running: Promise<void>;
    const taskQueue = uniqueTaskQueue(`zone-dnssec-${side.registrar}`);
    const domain = `zonesec-${side.registrar}.com`;
    const zone = () => zoneFromText(zone40Yaml(domain, side) + side.dnssecYaml, domain, 'yaml');
    const apply = async (): Promise<ApplyZoneResult> => {
      const z = zone();
      const started = await startZoneApply(
        env.client,
        { domain, registrar: side.registrar, records: z.records, dnssec: z.dnssec },
        { taskQueue },
      );
      return started.handle.result();
    };

    before(async () => {
      [env, s] = await Promise.all([createDevEnv(), side.start()]);
      const registrars = { [side.registrar]: s.setup.adapter };
      worker = await createTestWorker(env, {
        taskQueue,
        activities: {
          ...createDnsZoneActivities(registrars),
          ...createDnssecActivities(registrars as never),
          ...createDnsDriftActivities({ registrars: registrars as never, client: env.client, taskQueue }),
        },
      });
      running = worker.run();
      s.seed(domain);
    });
    after(async () => {
      await env?.client.workflow
        .getHandle(syncDnsWorkflowId(side.registrar))
        .terminate('test done')
        .catch(() => undefined);
      worker?.shutdown();
      await running;
      await s?.setup.close();
      await env?.teardown();
    });

    it('the plan shows the DNSSEC to add; the apply sets records and DNSSEC, read back equal', async () => {
      const declared = zone().dnssec!;
      assert.equal(declared.length, 1);
      const { dnssec } = await planZone(s.setup.adapter, zone());
      assert.equal(dnssec?.length, 2);
      assert.match(dnssec![0]!, side.forwarding ? /^\+ DS 12345 13 2 C3C3/ : /^\+ DNSKEY 257 3 13 mdss/);
      const result = await apply();
      assert.equal(result.outcome, 'applied');
      assert.equal(result.dnssec, 'applied');
      const read = await s.setup.adapter.readZone(domain);
      const managed = read.records.filter((r) => !(r.name === '@' && r.type === 'NS'));
      assert.equal(zoneDigest(managed), zoneDigest(zone().records));
      if (side.forwarding) assert.equal(managed.filter((r) => r.type.startsWith('X-')).length, 3);
      const sec = await s.setup.adapter.readDnssec(domain);
      if (side.forwarding) {
        assert.deepEqual(sec?.ds, [{ keyTag: 12345, algorithm: 13, digestType: 2, digest: DIGEST }]);
      } else {
        assert.deepEqual(sec?.keys, [{ flags: 257, protocol: 3, algorithm: 13, publicKey: KEY }]);
      }
    });

    it('applied again: zero registrar writes (journal), records and DNSSEC unchanged', async () => {
      const before = s.writes();
      const result = await apply();
      assert.deepEqual([result.outcome, result.dnssec, result.writeCalls], ['unchanged', 'unchanged', 0]);
      assert.equal(s.writes(), before, 'no write call');
      assert.deepEqual((await planZone(s.setup.adapter, zone())).dnssec, ['DNSSEC: unchanged (1 record(s))']);
    });

    it('the section survives zoneToYaml and reading it again', () => {
      const z = zone();
      assert.deepEqual(zoneFromText(zoneToYaml(z), domain, 'yaml').dnssec, z.dnssec);
    });

    it('a bad DS in the file is refused naming its field, before any registrar call', () => {
      const text = `${zone40Yaml(domain, side)}dnssec:\n  ds:\n    - { keyTag: 1, algorithm: 13, digestType: 2, digest: ABCD }\n`;
      assert.throws(
        () => zoneFromText(text, domain, 'yaml'),
        (err: unknown) =>
          err instanceof ValidationError && /dnssec\.ds\.0\.digest: must be 64 hex digits/.test(err.message),
      );
    });
  });
}
