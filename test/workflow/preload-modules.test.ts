/**
 * Worker memory (issue 18): the modules a cached workflow evaluates for itself. zod, src/contracts and
 * src/domain are preloaded once per workflow thread (src/workflows/preload.ts) and must not appear in
 * a workflow's own module cache; before, webpack had dropped the preload of the zod package and the
 * schemas were built again for every workflow (about 1.9 MB of heap each, bench/memory.ts).
 * The worker runs in the SDK's debug mode: the same reusable V8 context as the workflow thread, in
 * this thread, where the SDK's registry of workflows (and their module caches) can be read.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import vm from 'node:vm';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm';
import { createChangeEventActivities, createRegistrarActivities } from '../../src/activities';
import { getTransferState, startTransfer } from '../../src/client/transfer';
import { createTestWorker, createTimeSkippingEnv, eventually, uniqueTaskQueue } from '../helpers/temporal';
import { startIspapi, type IspapiSetup } from '../helpers/registrars';

type CachedWorkflow = { context: vm.Context; activator: { moduleCache: Map<string, unknown> } };

describe('preloaded modules: what a cached workflow evaluates for itself (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let ispapi: IspapiSetup;

  before(async () => {
    [env, ispapi] = await Promise.all([
      createTimeSkippingEnv(),
      startIspapi({ sandbox: { transferPolicy: { mode: 'manual' } } }),
    ]);
  });
  after(async () => {
    await ispapi?.close();
    await env?.teardown();
  });

  it('a waiting transfer holds only src/workflows and a few SDK modules; its tasks all succeed', async () => {
    const domain = 'preload-probe.com';
    ispapi.sandbox.seedExternalDomain({ domain, authCode: 'Probe-Auth-1', nameservers: ['ns1.old.example'] });
    const taskQueue = uniqueTaskQueue('preload');
    const worker = await createTestWorker(env, {
      taskQueue,
      debugMode: true,
      activities: {
        ...createRegistrarActivities({ ispapi: ispapi.adapter }),
        ...createChangeEventActivities(env.client, { urls: [] }),
      },
    });
    await worker.runUntil(async () => {
      const { handle } = await startTransfer(
        env.client,
        { domain, authCode: 'Probe-Auth-1', nameservers: ['ns1.new.example', 'ns2.new.example'] },
        { taskQueue },
      );
      await eventually(async () => {
        const state = await getTransferState(env.client, handle.workflowId);
        return state.phase === 'pending' ? state : undefined;
      });
      const byRunId = ReusableVMWorkflowCreator.workflowByRunId as unknown as Map<string, CachedWorkflow>;
      const { runId } = await handle.describe();
      const cached = byRunId.get(runId);
      assert.ok(cached, 'the transfer is in the worker cache');
      const own = [...cached.activator.moduleCache.keys()].map(String);
      const shouldBeShared = own.filter((id) => /node_modules\/zod\/|src\/contracts\/|src\/domain\//.test(id));
      assert.deepEqual(shouldBeShared, [], 'zod, contracts and domain come from the preload');
      assert.ok(
        own.every((id) => /^\.\/src\/(workflows|registrars|telemetry)\/|^\?/.test(id)),
        `unexpected per-workflow modules: ${own.filter((id) => !/^\.\/src\/(workflows|registrars|telemetry)\/|^\?/.test(id)).join(', ')}`,
      );
      // In the workflow context itself (frozen modules and all): schemas built at run time from the
      // shared zod, with zod's own patterns (module constants the freeze reached), still parse.
      const atRunTime = vm.runInContext(
        `(() => {
          const cache = globalThis.__webpack_module_cache__;
          const z = (cache['./node_modules/zod/v4/classic/schemas.cjs'] ?? cache['./node_modules/zod/v4/classic/schemas.js']).exports;
          const results = [];
          for (const [schema, value] of [
            [z.email(), 'a@b.ch'],
            [z.string().regex(/^a+$/), 'aa'],
            [z.ipv4(), '192.0.2.1'],
            [z.object({ e: z.email(), u: z.uuid() }), { e: 'x@y.org', u: '123e4567-e89b-12d3-a456-426614174000' }],
          ]) {
            try { results.push(schema.safeParse(value).success); } catch (err) { results.push(String(err)); }
          }
          return JSON.stringify(results);
        })()`,
        cached.context,
      ) as string;
      assert.deepEqual(JSON.parse(atRunTime), [true, true, true, true]);
      const history = await handle.fetchHistory();
      const failed = (history.events ?? []).filter((e) => e.workflowTaskFailedEventAttributes);
      assert.equal(failed.length, 0, 'no workflow task failed (a frozen module refusing a write would)');
    });
  });
});
