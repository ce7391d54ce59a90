import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { createRegistrarActivities, createChangeEventActivities } from '../../src/activities';
import { startTransfer, getTransferState } from '../../src/client/transfer';
import { transferDomain } from '../../src/workflows/transfer-domain';
import type { TransferDomainInput } from '../../src/contracts';
import { createTestWorker, createTimeSkippingEnv, eventually, uniqueTaskQueue } from '../helpers/temporal';
import { startIspapi, type IspapiSetup } from '../helpers/registrars';

const NEW_NS = ['ns1.new-dns.example', 'ns2.new-dns.example'];
const OLD_NS = ['ns1.old-registrar.example', 'ns2.old-registrar.example'];

describe('transferDomain on the time-skipping server against the ISPAPI sandbox', () => {
  let env: TestWorkflowEnvironment;
  let sandbox: IspapiSandbox;
  let ispapi: IspapiSetup;

  before(async () => {
    [env, ispapi] = await Promise.all([createTimeSkippingEnv(), startIspapi()]);
    sandbox = ispapi.sandbox;
  });
  after(async () => {
    await ispapi?.close();
    await env?.teardown();
  });

  async function newWorker(taskQueue: string): Promise<Worker> {
    return createTestWorker(env, {
      taskQueue,
      activities: {
        ...createRegistrarActivities({ ispapi: ispapi.adapter }),
        // Released workflows end with a change event (no receivers here: recorded, not sent).
        ...createChangeEventActivities(env.client, { urls: [] }),
      },
    });
  }

  const calls = (command: string, domain: string) => sandbox.journal({ command, domain });

  async function waitForPhase(workflowId: string, phase: string) {
    return eventually(
      async () => {
        const state = await getTransferState(env.client, workflowId);
        return state.phase === phase ? state : undefined;
      },
      30_000,
      `phase ${phase}`,
    );
  }

  it('approved after 3 days: exactly one ModifyDomain, with the requested nameservers', async () => {
    const domain = 'approved-later.com';
    sandbox.seedExternalDomain({ domain, authCode: 'Good-Code-1', nameservers: OLD_NS });
    const taskQueue = uniqueTaskQueue('transfer');
    const worker = await newWorker(taskQueue);
    await worker.runUntil(async () => {
      const { handle } = await startTransfer(
        env.client,
        { domain, authCode: 'Good-Code-1', nameservers: NEW_NS },
        { taskQueue },
      );
      await waitForPhase(handle.workflowId, 'pending');
      const startedAt = env.currentTimeMs ? await env.currentTimeMs() : Date.now();
      await env.sleep('3 days');
      const pending = await getTransferState(env.client, handle.workflowId);
      assert.equal(pending.phase, 'pending');
      assert.ok(pending.attempts >= 5, `polled ${pending.attempts} times in 3 days`);
      assert.ok(pending.nextCheckAt, 'next check time is shown');
      sandbox.approveTransfer(domain);
      const result = await handle.result();
      assert.equal(result.outcome, 'completed');
      assert.equal(result.nameserversUpdated, true);
      assert.ok(Date.parse(result.finishedAt) - Number(startedAt) >= 3 * 86_400_000, 'finished after the approval');
    });
    assert.equal(calls('TransferDomain', domain).length, 1);
    const modifies = calls('ModifyDomain', domain);
    assert.equal(modifies.length, 1);
    assert.deepEqual([modifies[0]!.params.NAMESERVER0, modifies[0]!.params.NAMESERVER1], NEW_NS);
    assert.deepEqual(sandbox.domain(domain)?.nameservers, NEW_NS);
  });

  it('nameservers already right: no ModifyDomain', async () => {
    const domain = 'already-right.com';
    sandbox.seedExternalDomain({ domain, authCode: 'Good-Code-2', nameservers: NEW_NS });
    const taskQueue = uniqueTaskQueue('transfer');
    const worker = await newWorker(taskQueue);
    const result = await worker.runUntil(async () => {
      const { handle } = await startTransfer(
        env.client,
        { domain, authCode: 'Good-Code-2', nameservers: [...NEW_NS].reverse() },
        { taskQueue },
      );
      await waitForPhase(handle.workflowId, 'pending');
      sandbox.approveTransfer(domain);
      return handle.result();
    });
    assert.equal(result.outcome, 'completed');
    assert.equal(result.nameserversUpdated, false);
    assert.equal(calls('ModifyDomain', domain).length, 0);
    assert.equal(calls('TransferDomain', domain).length, 1);
  });

  it('rejected: failed result with the reason, no ModifyDomain', async () => {
    const domain = 'rejected-transfer.com';
    sandbox.seedExternalDomain({ domain, authCode: 'Good-Code-3', nameservers: OLD_NS });
    const taskQueue = uniqueTaskQueue('transfer');
    const worker = await newWorker(taskQueue);
    const result = await worker.runUntil(async () => {
      const { handle } = await startTransfer(
        env.client,
        { domain, authCode: 'Good-Code-3', nameservers: NEW_NS },
        { taskQueue },
      );
      await waitForPhase(handle.workflowId, 'pending');
      await env.sleep('1 day');
      sandbox.rejectTransfer(domain, 'losing registrar denied the transfer');
      return handle.result();
    });
    assert.equal(result.outcome, 'failed');
    assert.match(result.reason ?? '', /losing registrar denied the transfer/);
    assert.equal(result.nameserversUpdated, false);
    assert.equal(calls('ModifyDomain', domain).length, 0);
  });

  it('wrong auth code: a clear rejection and no TransferDomain', async () => {
    const domain = 'wrong-auth.com';
    sandbox.seedExternalDomain({ domain, authCode: 'Right-Code', nameservers: OLD_NS });
    const taskQueue = uniqueTaskQueue('transfer');
    const worker = await newWorker(taskQueue);
    const result = await worker.runUntil(async () => {
      const { handle } = await startTransfer(
        env.client,
        { domain, authCode: 'Wrong-Code', nameservers: NEW_NS },
        { taskQueue },
      );
      return handle.result();
    });
    assert.equal(result.outcome, 'rejected');
    assert.match(result.reason ?? '', /WRONG AUTH/i);
    assert.equal(calls('CheckDomainTransfer', domain).length, 1);
    assert.equal(calls('TransferDomain', domain).length, 0);
  });

  it('invalid input started by another client: the workflow fails naming the field, no registrar call', async () => {
    const domain = 'invalid-input.com';
    const taskQueue = uniqueTaskQueue('transfer');
    const worker = await newWorker(taskQueue);
    const err = await worker.runUntil(async () => {
      const input = { domain, authCode: '', nameservers: ['only-one.example'] } as TransferDomainInput;
      const handle = await env.client.workflow.start(transferDomain, {
        taskQueue,
        workflowId: `transfer:${domain}`,
        args: [input],
      });
      return handle.result().then(
        () => assert.fail('should have failed'),
        (e: unknown) => e,
      );
    });
    assert.ok(err instanceof WorkflowFailedError);
    assert.ok(err.cause instanceof ApplicationFailure);
    assert.equal(err.cause.type, 'InvalidInput');
    assert.match(err.cause.message, /authCode: is required/);
    assert.match(err.cause.message, /nameservers: must list 2 to 13/);
    assert.equal(sandbox.journal({ domain }).length, 0);
  });

  it('duplicate start: one workflow, one TransferDomain', async () => {
    const domain = 'started-twice.com';
    sandbox.seedExternalDomain({ domain, authCode: 'Good-Code-5', nameservers: OLD_NS });
    const taskQueue = uniqueTaskQueue('transfer');
    const worker = await newWorker(taskQueue);
    const input = { domain, authCode: 'Good-Code-5', nameservers: NEW_NS, transferLock: true };
    const result = await worker.runUntil(async () => {
      const first = await startTransfer(env.client, input, { taskQueue });
      const second = await startTransfer(env.client, input, { taskQueue });
      assert.equal(first.started, true);
      assert.equal(second.started, false);
      await assert.rejects(
        env.client.workflow.start(transferDomain, { taskQueue, workflowId: first.workflowId, args: [input] }),
        WorkflowExecutionAlreadyStartedError,
      );
      await waitForPhase(first.workflowId, 'pending');
      sandbox.approveTransfer(domain);
      return second.handle.result();
    });
    assert.equal(result.outcome, 'completed');
    assert.equal(result.transferLockSet, true);
    assert.equal(calls('TransferDomain', domain).length, 1);
    const lockCalls = calls('ModifyDomain', domain).filter((c) => c.params.TRANSFERLOCK !== undefined);
    assert.equal(lockCalls.length, 1);
    assert.equal(lockCalls[0]!.params.TRANSFERLOCK, '1');
    assert.equal(sandbox.domain(domain)?.transferLock, true);
  });

  it('no outcome before the deadline: timed-out, so a person looks at it', async () => {
    const domain = 'never-answered.com';
    sandbox.seedExternalDomain({ domain, authCode: 'Good-Code-6', nameservers: OLD_NS });
    const taskQueue = uniqueTaskQueue('transfer');
    const worker = await newWorker(taskQueue);
    const result = await worker.runUntil(async () => {
      const { handle } = await startTransfer(
        env.client,
        {
          domain,
          authCode: 'Good-Code-6',
          polling: { initialInterval: '1 hour', maxInterval: '1 day', deadline: '2 days' },
        },
        { taskQueue },
      );
      return handle.result();
    });
    assert.equal(result.outcome, 'timed-out');
    assert.ok(result.statusChecks >= 5 && result.statusChecks <= 8, `status checks: ${result.statusChecks}`);
    assert.equal(calls('ModifyDomain', domain).length, 0);
  });
});
