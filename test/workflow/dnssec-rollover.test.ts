/**
 * dnssecRollover and setDnssec on the time-skipping server over the sandboxes (real HTTP): the
 * rollover publishes the new DS, waits the parent TTL on a durable timer (skipped in time, and the
 * test proves it was waited: the old DS is still published while the timer runs), and leaves only
 * the new DS; setDnssec writes once and a repeat writes nothing (journal).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowFailedError } from '@temporalio/client';
import { createDnssecActivities } from '../../src/activities';
import { getDnssecRolloverState, startDnssecRollover, startSetDnssec, ValidationError } from '../../src/client';
import { parseDnskey, parseDs, type DnssecRecord } from '../../src/domain/dnssec';
import { createTestWorker, createTimeSkippingEnv, rejectsWith, uniqueTaskQueue } from '../helpers/temporal';
import { startIspapi, startOpenprovider, type IspapiSetup, type OpenproviderSetup } from '../helpers/registrars';

const NS = ['ns1.example.net', 'ns2.example.net'];
const DS_OLD = parseDs(`11111 13 2 ${'A1'.repeat(32)}`);
const DS_NEW = parseDs(`22222 13 2 ${'B2'.repeat(32)}`);
const ds = (d: typeof DS_OLD): DnssecRecord => ({ type: 'DS', ...d });
const KEY_OLD = parseDnskey(
  '257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==',
);
const KEY_NEW = parseDnskey(
  '257 3 13 oJMRESz5E4gYzS/q6XDrvU1qMPYIjCWzJaOau8XNEZeqCYKD5ar0IRd8KqXXFJkqmVfRvMGPmM1x8fGAa2XhSA==',
);
const key = (k: typeof KEY_OLD): DnssecRecord => ({ type: 'DNSKEY', ...k });

describe('DNSSEC workflows on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let ispapi: IspapiSetup;
  let openprovider: OpenproviderSetup;

  before(async () => {
    [env, ispapi, openprovider] = await Promise.all([createTimeSkippingEnv(), startIspapi(), startOpenprovider()]);
  });
  after(async () => {
    await ispapi?.close();
    await openprovider?.close();
    await env?.teardown();
  });

  const worker = async () =>
    createTestWorker(env, {
      taskQueue: uniqueTaskQueue('dnssec'),
      activities: createDnssecActivities({ ispapi: ispapi.adapter, openprovider: openprovider.adapter }),
    });

  it('rollover (ISPAPI DS): the new DS is added, the parent TTL is waited, only the new DS remains', async () => {
    const domain = 'rollover-ds.com';
    ispapi.sandbox.seedDomain({ domain, nameservers: NS, expiresAt: new Date(Date.now() + 200 * 86400000) });
    await ispapi.adapter.setDnssec(domain, { ds: [DS_OLD], keys: [] });
    const w = await worker();
    await w.runUntil(async () => {
      const { handle, workflowId } = await startDnssecRollover(
        env.client,
        { domain, registrar: 'ispapi', add: ds(DS_NEW), remove: ds(DS_OLD), parentTtl: '2 days' },
        { taskQueue: w.options.taskQueue },
      );
      // While the timer runs (time skipping is locked while we look): both DS are published.
      await env.sleep(0);
      const waiting = await (async () => {
        for (let i = 0; i < 200; i++) {
          const s = await getDnssecRolloverState(env.client, workflowId);
          if (s.phase === 'waiting-ttl') return s;
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error('the rollover never reached its TTL wait');
      })();
      assert.ok(waiting.waitUntil, 'the end of the wait is shown');
      const during = await ispapi.adapter.readDnssec(domain);
      assert.deepEqual(
        during?.ds.map((d) => d.keyTag).sort(),
        [11111, 22222],
        'both DS are published during the TTL wait',
      );
      const startedAt = await env.currentTimeMs();
      const result = await handle.result();
      const endedAt = await env.currentTimeMs();
      assert.equal(result.outcome, 'rolled-over');
      assert.ok(
        endedAt - startedAt >= 2 * 86_400_000 - 1000,
        `the timer of 2 days was waited (${endedAt - startedAt} ms)`,
      );
      assert.ok(Date.parse(result.withdrawnAt) - Date.parse(result.publishedAt) >= 2 * 86_400_000 - 1000);
      assert.deepEqual(result.after.ds, [DS_NEW]);
      assert.deepEqual((await ispapi.adapter.readDnssec(domain))?.ds, [DS_NEW], 'only the new DS remains');
      const history = await handle.fetchHistory();
      const timers = history.events?.filter((e) => e.timerStartedEventAttributes) ?? [];
      assert.equal(timers.length, 1, 'one durable timer');
      assert.equal(Number(timers[0]!.timerStartedEventAttributes!.startToFireTimeout!.seconds), 2 * 86_400);
    });
    // exactly once: one ADD and one DEL of DS reached the registry
    const writes = ispapi.sandbox.journal({ command: 'ModifyDomain', domain });
    assert.equal(writes.filter((e) => e.params['ADDSECDNS-DS0']).length, 1);
    assert.equal(writes.filter((e) => e.params['DELSECDNS-DS0']).length, 1);
  });

  it('rollover (Openprovider DNSKEY), default TTL of 2 days', async () => {
    const domain = 'rollover-key.com';
    openprovider.sandbox.seedDomain({ domain, nameservers: NS });
    await openprovider.adapter.setDnssec(domain, { ds: [], keys: [KEY_OLD] });
    const w = await worker();
    const result = await w.runUntil(async () => {
      const { handle } = await startDnssecRollover(
        env.client,
        { domain, registrar: 'openprovider', add: key(KEY_NEW), remove: key(KEY_OLD) },
        { taskQueue: w.options.taskQueue },
      );
      return handle.result();
    });
    assert.ok(Date.parse(result.withdrawnAt) - Date.parse(result.publishedAt) >= 2 * 86_400_000 - 1000);
    assert.deepEqual((await openprovider.adapter.readDnssec(domain))?.keys, [KEY_NEW]);
  });

  it('setDnssec writes once; the same change again makes no registrar write (both sandboxes)', async () => {
    const domain = 'set-ds.com';
    ispapi.sandbox.seedDomain({ domain, nameservers: NS, expiresAt: new Date(Date.now() + 200 * 86400000) });
    const w = await worker();
    await w.runUntil(async () => {
      const run = async () =>
        (
          await startSetDnssec(
            env.client,
            { domain, registrar: 'ispapi', action: 'set', records: [ds(DS_OLD)], maxSigLife: 86400 },
            { taskQueue: w.options.taskQueue },
          )
        ).handle.result();
      const first = await run();
      assert.equal(first.outcome, 'changed');
      assert.deepEqual(first.after, { ds: [DS_OLD], keys: [], maxSigLife: 86400 });
      const second = await run();
      assert.equal(second.outcome, 'already-so');
      assert.equal(ispapi.sandbox.journal({ command: 'ModifyDomain', domain }).length, 1, 'one write in all');

      const opDomain = 'set-key.com';
      openprovider.sandbox.seedDomain({ domain: opDomain, nameservers: NS });
      const added = await (
        await startSetDnssec(
          env.client,
          { domain: opDomain, registrar: 'openprovider', action: 'add', records: [key(KEY_OLD)] },
          { taskQueue: w.options.taskQueue },
        )
      ).handle.result();
      assert.equal(added.outcome, 'changed');
      assert.deepEqual((await openprovider.adapter.readDnssec(opDomain))?.keys, [KEY_OLD]);
      // Openprovider takes keys only: a DS is refused as unsupported, before any write.
      const refused = await startSetDnssec(
        env.client,
        { domain: opDomain, registrar: 'openprovider', action: 'add', records: [ds(DS_NEW)] },
        { taskQueue: w.options.taskQueue },
      );
      const err = await rejectsWith(refused.handle.result(), WorkflowFailedError);
      assert.match(String((err.cause as Error | undefined)?.cause), /does not support/);
    });
  });

  it('bad input is refused at the edge, naming the field', async () => {
    const err = await rejectsWith(
      startSetDnssec(env.client, {
        domain: 'x.com',
        action: 'add',
        records: [{ type: 'DS', keyTag: 1, algorithm: 13, digestType: 2, digest: 'ABCD' }],
      }),
      ValidationError,
    );
    assert.match(err.message, /records\.0\.digest: must be 64 hex digits/);
  });
});
