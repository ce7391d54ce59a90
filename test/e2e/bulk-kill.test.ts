/**
 * Issue 15.8's proof: a bulk nameserver change of BULK_E2E_DOMAINS domains (default 80 so the file
 * stays near 90 s on a loaded CI machine; BULK_E2E_DOMAINS=500 is the issue's figure, ~4 min here:
 * docs/bulk.md), nine in ten needing it and one in ten already as wished, with the worker process
 * SIGKILLed twice mid-job (paused, nothing in flight: see killWhenDone) ends with exactly one ModifyDomain per
 * domain that needed one (counted in the sandbox journal), none for the others, a correct report,
 * and the registrar's rate held (the sandbox refuses calls above its limit; none was refused).
 * Prints the figures docs/bulk.md quotes: wall time, calls per domain, the busiest second.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startBulkChange } from '../../src/client/bulk';
import {
  defaultDomainsPerSecond,
  type BulkState,
  bulkStateQuery,
  pauseBulkSignal,
  resumeBulkSignal,
} from '../../src/contracts';
import { maxPerSecond } from '../helpers/portfolio-env';
import { sleep, startChaosWorld, type ChaosWorld } from '../chaos/harness';

const RATE = 100;
const TOTAL = Number(process.env.BULK_E2E_DOMAINS ?? 80);
const NEED = Math.round(TOTAL * 0.9);
const DONE = TOTAL - NEED;
const OLD = ['ns1.old-dns.net', 'ns2.old-dns.net'];
const NEW = ['ns1.new-dns.net', 'ns2.new-dns.net'];

describe(`bulkChange survives two worker kills: one change per domain of ${TOTAL}, a correct report`, () => {
  let world: ChaosWorld;
  before(async () => {
    world = await startChaosWorld('bulk', {
      env: { DOMAINFLOW_SYNC_RATE_ISPAPI: String(RATE), DOMAINFLOW_SYNC_INTERVAL: 'off' },
    });
  });
  after(async () => world?.teardown());

  it(`${TOTAL} domains, SIGKILL twice`, { timeout: 600_000 }, async () => {
    const { ispapi } = world;
    ispapi.setRateLimit(RATE);
    const needing = ispapi.seedDomains({ count: NEED, prefix: 'bulk-need-', nameservers: OLD });
    const done = ispapi.seedDomains({ count: DONE, prefix: 'bulk-done-', nameservers: NEW });
    const names = (prefix: string, count: number) =>
      Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(String(count - 1).length, '0')}.com`);
    const needNames = names('bulk-need-', NEED);
    const doneNames = names('bulk-done-', DONE);
    assert.equal(needNames[0], needing.first);
    assert.equal(doneNames[DONE - 1], done.last);
    const journalStart = ispapi.journal().length;

    const startedAt = Date.now();
    const started = await startBulkChange(
      world.client,
      {
        jobId: `kill-${TOTAL}`,
        registrar: 'ispapi',
        change: { kind: 'nameservers', nameservers: NEW },
        domains: [...needNames, ...doneNames].sort(),
        domainsPerSecond: defaultDomainsPerSecond(RATE),
      },
      { taskQueue: world.taskQueue },
    );
    const handle = world.client.workflow.getHandle(started.workflowId);
    const state = () => handle.query<BulkState>(bulkStateQuery);
    const deadline = Date.now() + 300_000;
    const waitFor = async (what: string, ok: () => Promise<boolean>) => {
      while (!(await ok())) {
        if (Date.now() > deadline) throw new Error(`bulk kill test: still waiting for ${what} after 300 s`);
        await sleep(100);
      }
    };
    /**
     * Kills the worker once `atLeast` domains are done, the job paused and nothing in flight: the
     * job's own bookkeeping and every entity replay on the next worker. A kill while an entity's
     * registrar activity runs would cost that activity's 2-minute start-to-close timeout before its
     * retry (docs/bulk.md): under load the domains in flight made that likely and the file's time
     * unbounded, so the job is paused first (domains in flight finish) and resumed after the kill.
     */
    const killWhenDone = async (atLeast: number) => {
      await waitFor(
        `${atLeast} domains done`,
        async () => ((await state().catch(() => undefined))?.done ?? 0) >= atLeast,
      );
      await handle.signal(pauseBulkSignal);
      await waitFor('the paused job with nothing in flight', async () => {
        const s = await state().catch(() => undefined);
        return s !== undefined && s.paused && s.inFlightDomains.length === 0 && (await calm());
      });
      kills.push(Date.now() - startedAt);
      await world.killWorker();
      await handle.signal(resumeBulkSignal);
    };
    const kills: number[] = [];
    const calm = async (): Promise<boolean> => {
      if (!world.quiet()) return false;
      const s = await state().catch(() => undefined);
      if (!s) return false;
      for (const d of s.inFlightDomains) {
        const entity = await world.client.workflow
          .getHandle(`domain:${d}`)
          .describe()
          .catch(() => undefined);
        if ((entity?.raw.pendingActivities ?? []).length > 0) return false;
      }
      return world.quiet();
    };
    await killWhenDone(Math.round(TOTAL * 0.3));
    await killWhenDone(Math.round(TOTAL * 0.66));
    const report = await world.result(started.handle, 540_000);
    const wallMs = Date.now() - startedAt;

    assert.equal(world.workerExits, 2);
    assert.deepEqual(report.failed, []);
    assert.deepEqual([...report.changed].sort(), needNames);
    assert.deepEqual([...report.unchanged].sort(), doneNames);
    const calls = ispapi.journal().slice(journalStart);
    const writes = new Map<string, number>();
    for (const e of calls) {
      if (e.command !== 'ModifyDomain' || !Object.keys(e.params).some((k) => /^NAMESERVER\d+$/.test(k))) continue;
      const d = e.params.DOMAIN!.toLowerCase();
      writes.set(d, (writes.get(d) ?? 0) + 1);
    }
    const twice = [...writes].filter(([, n]) => n !== 1);
    assert.deepEqual(twice, [], 'exactly one ModifyDomain per domain that needed one');
    assert.equal(writes.size, NEED);
    for (const d of doneNames) assert.equal(writes.get(d), undefined, `${d}: nothing sent`);
    const busiest = maxPerSecond(calls.map((e) => Date.parse(e.at)));
    assert.equal(ispapi.rateLimit().rejected, 0, 'no call over the registrar limit');
    assert.ok(busiest <= RATE, `busiest second ${busiest} calls, limit ${RATE}`);
    const times = calls.map((e) => Date.parse(e.at) - startedAt).sort((a, b) => a - b);
    let gap = { ms: 0, at: 0 };
    for (let i = 1; i < times.length; i++) {
      if (times[i]! - times[i - 1]! > gap.ms) gap = { ms: times[i]! - times[i - 1]!, at: times[i - 1]! };
    }
    console.log(
      `bulk e2e timeline: kills at ${kills.map((k) => (k / 1000).toFixed(1)).join(' s, ')} s; last call at ` +
        `${((times.at(-1) ?? 0) / 1000).toFixed(1)} s; longest pause between calls ${(gap.ms / 1000).toFixed(1)} s ` +
        `after ${(gap.at / 1000).toFixed(1)} s`,
    );
    console.log(
      `bulk e2e figures: ${TOTAL} domains (${NEED} changed, ${DONE} already), 2 worker kills, wall ${(wallMs / 1000).toFixed(1)} s, ` +
        `${calls.length} registrar calls (${(calls.length / TOTAL).toFixed(2)} per domain, ` +
        `${calls.filter((e) => e.command === 'ModifyDomain').length} ModifyDomain), busiest second ${busiest} calls ` +
        `(limit ${RATE}, job pace ${defaultDomainsPerSecond(RATE)} domains/s)`,
    );
  });
});
