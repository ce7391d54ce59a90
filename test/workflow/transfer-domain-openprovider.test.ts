import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { type OpenproviderSandbox, SANDBOX_OPENPROVIDER_DEFAULT_HANDLE } from '../../src/sandbox/openprovider/server';
import { createRegistrarActivities, createChangeEventActivities } from '../../src/activities';
import { startTransfer, getTransferState } from '../../src/client/transfer';
import { createTestWorker, createTimeSkippingEnv, eventually, uniqueTaskQueue } from '../helpers/temporal';
import { startOpenprovider, type OpenproviderSetup } from '../helpers/registrars';

const NEW_NS = ['ns1.new-dns.example', 'ns2.new-dns.example'];
const OLD_NS = ['ns1.old-registrar.example', 'ns2.old-registrar.example'];

/** The same workflow, unchanged, on the other registrar: only the adapter differs. */
describe('transferDomain via Openprovider on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let sandbox: OpenproviderSandbox;
  let op: OpenproviderSetup;
  let taskQueue: string;

  before(async () => {
    [env, op] = await Promise.all([
      createTimeSkippingEnv(),
      startOpenprovider({ adapter: { handles: { owner: SANDBOX_OPENPROVIDER_DEFAULT_HANDLE } } }),
    ]);
    sandbox = op.sandbox;
  });

  // runUntil shuts a worker down: one per test.
  async function newWorker(): Promise<Worker> {
    taskQueue = uniqueTaskQueue('op-transfer');
    return createTestWorker(env, {
      taskQueue,
      activities: {
        ...createRegistrarActivities({ openprovider: op.adapter }),
        // Released workflows end with a change event (no receivers here: recorded, not sent).
        ...createChangeEventActivities(env.client, { urls: [] }),
      },
    });
  }
  after(async () => {
    await op?.close();
    await env?.teardown();
  });

  const waitForPending = (workflowId: string) =>
    eventually(async () => ((await getTransferState(env.client, workflowId)).phase === 'pending' ? true : undefined));

  it('approved after 2 days: completed with the requested nameservers and the lock, one transfer request', async () => {
    const domain = 'op-approved.nl';
    sandbox.seedExternalDomain({ domain, authCode: 'Op-Code-1', nameservers: OLD_NS });
    const worker = await newWorker();
    const result = await worker.runUntil(async () => {
      const { handle } = await startTransfer(
        env.client,
        { domain, authCode: 'Op-Code-1', registrar: 'openprovider', nameservers: NEW_NS, transferLock: true },
        { taskQueue },
      );
      await waitForPending(handle.workflowId);
      await env.sleep('2 days');
      sandbox.approveTransfer(domain);
      return handle.result();
    });
    assert.equal(result.outcome, 'completed');
    assert.equal(result.registrar, 'openprovider');
    assert.equal(sandbox.journal({ route: 'POST /v1beta/domains/transfer', domain }).length, 1);
    assert.deepEqual([...(sandbox.domain(domain)?.nameservers ?? [])].sort(), NEW_NS);
    assert.equal(sandbox.domain(domain)?.transferLock, true);
  });

  it('rejected by the losing side: failed with the reason, no update', async () => {
    const domain = 'op-rejected.nl';
    sandbox.seedExternalDomain({ domain, authCode: 'Op-Code-2', nameservers: OLD_NS });
    const worker = await newWorker();
    const result = await worker.runUntil(async () => {
      const { handle } = await startTransfer(
        env.client,
        { domain, authCode: 'Op-Code-2', registrar: 'openprovider', nameservers: NEW_NS },
        { taskQueue },
      );
      await waitForPending(handle.workflowId);
      sandbox.rejectTransfer(domain, 'transfer denied by the current registrar');
      return handle.result();
    });
    assert.equal(result.outcome, 'failed');
    assert.match(result.reason ?? '', /denied by the current registrar/);
    assert.equal(sandbox.journal({ route: 'PUT /v1beta/domains/{id}', domain }).length, 0);
  });
});
