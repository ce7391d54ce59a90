/**
 * The applyZone workflow on both sandboxes (dev server, real HTTP): a 40-record zone (with ISPAPI's
 * forwarding records) applied from YAML and read back equal in one write call; the same file again
 * writes nothing (journal); a record changed behind domainflow's back is planned and put right;
 * records outside the file are kept unless --prune, which the plan counts; an invalid zone is
 * refused naming the record and field before any registrar call; forwarding at Openprovider is
 * refused before any write. Prints the calls per apply and the plan/apply timings.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { z } from 'zod';
import type { Worker } from '@temporalio/worker';
import { zoneDigest } from '../../src/domain/dns';
import { ValidationError } from '../../src/domain/validation';
import { createDnsZoneActivities } from '../../src/activities/dns';
import { createDnsDriftActivities } from '../../src/activities/dns-drift';
import { applyZoneTemplate, getZoneApplyState, planZone, startZoneApply, zoneFromText } from '../../src/client/dns';
import { getDnsSyncState } from '../../src/client/dns-drift';
import { syncDnsWorkflowId, type ApplyZoneResult } from '../../src/contracts';
import type { DnsZoneRegistrar } from '../../src/registrars/dns';
import { createDevEnv, type DevEnv } from '../helpers/dev-env';
import { zone40Yaml } from '../helpers/dns';
import { startIspapi, startOpenprovider } from '../helpers/registrars';
import { createTestWorker, eventually, rejectsWith, uniqueTaskQueue } from '../helpers/temporal';

interface Side {
  registrar: 'ispapi' | 'openprovider';
  forwarding: boolean;
  start(): Promise<{
    adapter: DnsZoneRegistrar;
    /** every API call of the zone so far (reads and writes), and the writes among them */
    calls(): { all: number; writes: number };
    /** changes a record straight at the sandbox's control surface (not journaled) */
    drift(domain: string): Promise<void>;
    /** adds a record the file does not name, at the control surface */
    addForeign(domain: string): Promise<void>;
    seed(domain: string): void;
    /** Openprovider: creates one of its own zone templates (/dns/templates) */
    createTemplate?(
      name: string,
      records: Array<{ name: string; type: string; value: string; ttl: number }>,
    ): Promise<void>;
    close(): Promise<void>;
  }>;
}

async function post(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
  assert.equal(res.status, 200, await res.text());
}

const SIDES: Side[] = [
  {
    registrar: 'ispapi',
    forwarding: true,
    async start() {
      const s = await startIspapi({ client: { requestTimeoutMs: 10_000 } });
      const edit = (domain: string) => `${s.sandbox.baseUrl.replace(/\/$/, '')}/_sandbox/dns-zones/${domain}/edit`;
      return {
        adapter: s.adapter,
        calls: () => {
          const dns = s.sandbox.journal().filter((e) => /DNSZone/i.test(e.command));
          return { all: dns.length, writes: dns.filter((e) => /^(Create|Update)DNSZone$/.test(e.command)).length };
        },
        drift: (domain) =>
          post(edit(domain), { remove: ['host1 300 IN A 198.51.100.1'], add: ['host1 300 IN A 203.0.113.66'] }),
        addForeign: (domain) => post(edit(domain), { add: ['extra 3600 IN A 203.0.113.1'] }),
        seed: (domain) => s.sandbox.seedDomain({ domain, nameservers: ['ns1.ispapi.net', 'ns2.ispapi.net'] }),
        close: () => s.close(),
      };
    },
  },
  {
    registrar: 'openprovider',
    forwarding: false,
    async start() {
      const s = await startOpenprovider({ client: { requestTimeoutMs: 10_000 } });
      const edit = (domain: string) => `${s.sandbox.baseUrl.replace(/\/$/, '')}/_sandbox/dns-zones/${domain}/edit`;
      return {
        adapter: s.adapter,
        calls: () => {
          const dns = s.sandbox.journal().filter((e) => e.route.includes('/dns/zones'));
          return { all: dns.length, writes: dns.filter((e) => /^(POST|PUT) /.test(e.route)).length };
        },
        drift: (domain) =>
          post(edit(domain), {
            remove: [{ name: 'host1', type: 'A', value: '198.51.100.1', ttl: 300 }],
            add: [{ name: 'host1', type: 'A', value: '203.0.113.66', ttl: 300 }],
          }),
        addForeign: (domain) =>
          post(edit(domain), { add: [{ name: 'extra', type: 'A', value: '203.0.113.1', ttl: 3600 }] }),
        seed: () => undefined,
        createTemplate: async (name, records) => {
          await s.adapter.client.call('POST', '/dns/templates', z.unknown(), { body: { name, records } });
        },
        close: () => s.close(),
      };
    },
  },
];

for (const side of SIDES) {
  describe(`applyZone (${side.registrar} sandbox)`, () => {
    let env: DevEnv;
    let s: Awaited<ReturnType<Side['start']>>;
    let worker: Worker;
    let running: Promise<void>;
    const taskQueue = uniqueTaskQueue(`zone-${side.registrar}`);
    const domain = `zone40-${side.registrar}.com`;
    const zone = () => zoneFromText(zone40Yaml(domain, side), domain, 'yaml');
    const apply = async (records = zone().records, extra: { prune?: boolean } = {}): Promise<ApplyZoneResult> => {
      const started = await startZoneApply(
        env.client,
        { domain, registrar: side.registrar, records, ...extra },
        { taskQueue },
      );
      return started.handle.result();
    };

    before(async () => {
      [env, s] = await Promise.all([createDevEnv(), side.start()]);
      worker = await createTestWorker(env, {
        taskQueue,
        activities: {
          ...createDnsZoneActivities({ [side.registrar]: s.adapter }),
          // applyZone declares what it applied to the registrar's DNS sync (docs/dns-drift.md)
          ...createDnsDriftActivities({
            registrars: { [side.registrar]: s.adapter } as never,
            client: env.client,
            taskQueue,
          }),
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
      await s?.close();
      await env?.teardown();
    });

    it('plans 40 additions for a missing zone, without a single write', async () => {
      const t0 = Date.now();
      const { exists, plan, lines } = await planZone(s.adapter, zone());
      const ms = Date.now() - t0;
      assert.equal(exists, false);
      assert.deepEqual([plan.adds, plan.updates, plan.removes], [40, 0, 0]);
      assert.match(lines.at(-2)!, /^40 to add, 0 to change, 0 to remove, 0 unchanged$/);
      assert.equal(s.calls().writes, 0);
      console.log(
        `# figures ${side.registrar}: plan of 40 records against a missing zone ${ms} ms, ${s.calls().all} call(s)`,
      );
    });

    it('applies the 40-record zone in one write call and reads it back equal; state shows plan and progress', async () => {
      const before = s.calls();
      const t0 = Date.now();
      const result = await apply();
      const ms = Date.now() - t0;
      const after = s.calls();
      assert.equal(result.outcome, 'applied');
      assert.equal(result.created, true);
      assert.deepEqual([result.plan.adds, result.changesSent, result.writeCalls, result.verified], [40, 40, 1, true]);
      assert.equal(after.writes - before.writes, 2, 'one create and one write for 40 records');
      const read = await s.adapter.readZone(domain);
      const managed = read.records.filter((r) => !(r.name === '@' && r.type === 'NS'));
      assert.equal(zoneDigest(managed), zoneDigest(zone().records));
      if (side.forwarding) assert.equal(managed.filter((r) => r.type.startsWith('X-')).length, 3);
      const state = await getZoneApplyState(env.client, domain);
      assert.equal(state.phase, 'applied');
      assert.equal(state.plan?.adds, 40);
      assert.deepEqual(state.progress, { changesSent: 40, writeCalls: 1 });
      // declared to the registrar's DNS sync: drift is watched without `dns-drift declare`
      const sync = await eventually(async () => {
        const st = await getDnsSyncState(env.client, side.registrar).catch(() => undefined);
        return st?.zones.includes(domain) ? st : undefined;
      });
      assert.deepEqual(sync.drifted, []);
      console.log(
        `# figures ${side.registrar}: apply of 40 records to a new zone ${ms} ms, ${after.all - before.all} registrar call(s) (${after.writes - before.writes} writes)`,
      );
    });

    it('applied again: zero registrar writes (journal), outcome unchanged', async () => {
      const before = s.calls();
      const t0 = Date.now();
      const result = await apply();
      const ms = Date.now() - t0;
      assert.equal(result.outcome, 'unchanged');
      assert.deepEqual([result.changesSent, result.writeCalls], [0, 0]);
      assert.equal(s.calls().writes, before.writes, 'no write call');
      console.log(
        `# figures ${side.registrar}: second apply ${ms} ms, ${s.calls().all - before.all} call(s), 0 writes`,
      );
    });

    it('a record changed behind its back: the plan shows one change, the apply puts it right in one call', async () => {
      await s.drift(domain);
      const { plan, lines } = await planZone(s.adapter, zone());
      assert.deepEqual(lines.slice(0, -1), ['~ host1 300 A 203.0.113.66 -> 198.51.100.1']);
      assert.equal(plan.updates, 1);
      const before = s.calls().writes;
      const result = await apply();
      assert.equal(result.outcome, 'applied');
      assert.deepEqual([result.changesSent, result.writeCalls], [1, 1]);
      assert.equal(s.calls().writes - before, 1);
    });

    it('keeps a record the file does not name unless --prune; the plan counts it', async () => {
      await s.addForeign(domain);
      const kept = await apply();
      assert.equal(kept.outcome, 'unchanged');
      assert.equal(kept.plan.unmanaged, 1);
      assert.match(kept.plan.lines.at(-1)!, /1 not in the file kept \(--prune removes them\)/);
      const { plan } = await planZone(s.adapter, zone(), { prune: true });
      assert.deepEqual([plan.removes, plan.adds, plan.updates], [1, 0, 0]);
      const pruned = await apply(undefined, { prune: true });
      assert.equal(pruned.outcome, 'applied');
      assert.deepEqual(pruned.plan.lines.slice(0, -1), ['- extra 3600 A 203.0.113.1']);
      assert.ok(!(await s.adapter.readZone(domain)).records.some((r) => r.name === 'extra'));
    });

    it('a zone template applied to three domains: one applyZone each, each zone its own; a bad domain starts none', async () => {
      const text = readFileSync(path.resolve(__dirname, '../../templates/dns/web.yaml'), 'utf8');
      const domains = ['tmpl-a', 'tmpl-b', 'tmpl-c'].map((d) => `${d}-${side.registrar}.com`);
      domains.forEach((d) => s.seed(d));
      const base = { template: text, format: 'yaml' as const, values: { ip: '192.0.2.7' }, registrar: side.registrar };
      const before = s.calls();
      await assert.rejects(
        applyZoneTemplate(env.client, { ...base, domains: [...domains, 'not a domain'] }, { taskQueue }),
        (err: Error) => err instanceof ValidationError && /domains\[3\] \(not a domain\)/.test(err.message),
      );
      assert.equal(s.calls().all, before.all, 'nothing started, no registrar call');
      // a domain named twice is applied once
      const applies = await applyZoneTemplate(
        env.client,
        { ...base, domains: [...domains, domains[0]!] },
        { taskQueue },
      );
      assert.deepEqual(
        applies.map((a) => a.started.workflowId),
        domains.map((d) => `apply-zone:${d}`),
      );
      const results = await Promise.all(applies.map((a) => a.started.handle.result()));
      assert.deepEqual(
        results.map((r) => r.outcome),
        ['applied', 'applied', 'applied'],
      );
      for (const d of domains) {
        const read = await s.adapter.readZone(d);
        assert.ok(
          read.records.some((r) => r.type === 'MX' && r.data === `10 mx.${d}.`),
          `${d} has its own MX`,
        );
      }
    });

    it('refuses an invalid zone naming the record and field, before any registrar call', async () => {
      const before = s.calls().all;
      const bad = () =>
        zoneFromText(
          'records:\n  - { name: www, type: A, value: 1.2.3.4 }\n  - { name: mail, type: MX, priority: 10, value: 192.0.2.1 }\n',
          domain,
          'yaml',
        );
      assert.throws(
        bad,
        (err: unknown) =>
          err instanceof ValidationError &&
          /records\[1\] \(mail MX\)\.value: an MX target must be a host name/.test(err.message),
      );
      await rejectsWith(
        startZoneApply(env.client, {
          domain,
          registrar: side.registrar,
          records: [{ name: 'www', type: 'A', ttl: 3600, data: '1.2.3.999' }],
        }),
        ValidationError,
        /records\.0\.value: must be an IPv4 address/,
      );
      assert.equal(s.calls().all, before, 'nothing reached the registrar');
    });

    if (!side.forwarding) {
      it('refuses forwarding records the registrar does not offer, before any write', async () => {
        const before = s.calls().writes;
        const err = await rejectsWith(
          apply([...zone().records, { name: '@', type: 'X-SMTP', ttl: 3600, data: 'info@ MAILFORWARD a@example.net' }]),
          WorkflowFailedError,
        );
        assert.match(
          String(err.cause?.message),
          /records\[40\] \(@ X-SMTP\): openprovider does not offer X-SMTP records/,
        );
        assert.equal(s.calls().writes, before);
        // A missing zone is not even created for such a file.
        const other = 'fwd-missing-op.com';
        const started = await startZoneApply(
          env.client,
          {
            domain: other,
            registrar: side.registrar,
            records: [{ name: 'www', type: 'X-HTTP', ttl: 3600, data: 'REDIRECT https://x.example/' }],
          },
          { taskQueue },
        );
        await rejectsWith(started.handle.result(), WorkflowFailedError);
        assert.equal(s.calls().writes, before, 'no zone created');
        assert.equal((await s.adapter.readZone(other)).exists, false);
      });

      it("a zone template with {{domain}} placeholders, the zone created from Openprovider's own template", async () => {
        const other = 'tmpl-op.com';
        await s.createTemplate!('web', [{ name: 'www', type: 'A', value: '192.0.2.5', ttl: 3600 }]);
        const text = readFileSync(path.resolve(__dirname, '../../templates/dns/web.yaml'), 'utf8');
        const templated = zoneFromText(text, other, 'yaml', { ip: '192.0.2.5' });
        assert.ok(templated.records.some((r) => r.type === 'MX' && r.data === '10 mx.tmpl-op.com.'));
        const started = await startZoneApply(
          env.client,
          { domain: other, registrar: side.registrar, records: templated.records, registrarTemplate: 'web' },
          { taskQueue },
        );
        const result = await started.handle.result();
        assert.equal(result.outcome, 'applied');
        assert.equal(result.created, true);
        assert.equal(result.plan.unchanged, 1, "www came with the registrar's template");
        assert.equal(result.plan.adds, templated.records.length - 1);
        const read = await s.adapter.readZone(other);
        assert.equal(zoneDigest(read.records), zoneDigest(templated.records));
      });
    }
  });
}
