import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createChangeEventActivities, createRegistrarActivities } from '../../src/activities';
import { getTransferState, startTransfer } from '../../src/client/transfer';
import { transferWorkflowId, type TransferDomainInput } from '../../src/contracts';
import { SANDBOX_OPENPROVIDER_DEFAULT_HANDLE } from '../../src/sandbox/openprovider/server';
import { startIspapi, startOpenprovider, type IspapiSetup, type OpenproviderSetup } from '../helpers/registrars';
import { createTestWorker, createTimeSkippingEnv, eventually, uniqueTaskQueue } from '../helpers/temporal';

/**
 * Issue 17 (patch 'tld-fields-transfer'): a transfer carries the TLD fields the field table lists
 * for transfers (src/domain/tld-fields/operations.ts: .ca legal type). Without it the transfer fails
 * with InvalidInput naming extras.legalType before any registrar call; with it ISPAPI gets
 * X-CA-LEGALTYPE on TransferDomain and Openprovider additional_data.legal_type, and the transfer
 * completes. A .com transfer takes no extras.
 */
const OLD_NS = ['ns1.old-registrar.example', 'ns2.old-registrar.example'];

describe('transferDomain: TLD fields of a transfer (.ca legal type)', () => {
  let env: TestWorkflowEnvironment;
  let ispapi: IspapiSetup;
  let op: OpenproviderSetup;

  before(async () => {
    [env, ispapi, op] = await Promise.all([
      createTimeSkippingEnv(),
      startIspapi(),
      startOpenprovider({ adapter: { handles: { owner: SANDBOX_OPENPROVIDER_DEFAULT_HANDLE } } }),
    ]);
  });
  after(async () => {
    await ispapi?.close();
    await op?.close();
    await env?.teardown();
  });

  async function withWorker<T>(fn: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = uniqueTaskQueue('transfer-fields');
    const worker = await createTestWorker(env, {
      taskQueue,
      activities: {
        ...createRegistrarActivities({ ispapi: ispapi.adapter, openprovider: op.adapter }),
        ...createChangeEventActivities(env.client, { urls: [] }),
      },
    });
    return worker.runUntil(fn(taskQueue));
  }
  const calls = () => ispapi.sandbox.journal().length + op.sandbox.journal().length;
  const pending = (workflowId: string) =>
    eventually(async () => ((await getTransferState(env.client, workflowId)).phase === 'pending' ? true : undefined));

  for (const registrar of ['ispapi', 'openprovider'] as const) {
    it(`${registrar}: .ca without extras.legalType fails with InvalidInput, zero registrar calls`, async () => {
      const domain = `maple-missing-${registrar}.ca`;
      const input: TransferDomainInput = { domain, authCode: 'Maple-Code-1', registrar };
      const before = calls();
      await assert.rejects(
        withWorker((taskQueue) => startTransfer(env.client, input, { taskQueue })),
        (err: Error) => err.name === 'ValidationError' && err.message.includes('extras.legalType'),
      );
      await assert.rejects(
        withWorker((taskQueue) =>
          env.client.workflow.execute('transferDomain', { taskQueue, workflowId: transferWorkflowId(domain), args: [input] }),
        ),
        (err: unknown) => {
          assert.ok(err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure);
          assert.equal(err.cause.type, 'InvalidInput');
          assert.match(err.cause.message, /extras\.legalType/);
          return true;
        },
      );
      assert.equal(calls(), before, 'no call to either sandbox');
    }); // prettier-ignore
  }

  it('ISPAPI: .ca with its legal type: TransferDomain carries X-CA-LEGALTYPE, the transfer completes', async () => {
    const domain = 'maple-move.ca';
    ispapi.sandbox.seedExternalDomain({ domain, authCode: 'Maple-Code-2', nameservers: OLD_NS });
    const result = await withWorker(async (taskQueue) => {
      const { handle } = await startTransfer(env.client, { domain, authCode: 'Maple-Code-2', extras: { legalType: 'CCO', language: 'FR' } }, { taskQueue });
      await pending(handle.workflowId);
      ispapi.sandbox.approveTransfer(domain);
      return handle.result();
    }); // prettier-ignore
    assert.equal(result.outcome, 'completed', result.reason);
    const [sent] = ispapi.sandbox.journal({ command: 'TransferDomain', domain });
    assert.equal(sent?.params['X-CA-LEGALTYPE'], 'CCO');
    assert.equal(sent?.params['X-CA-LANGUAGE'], 'FR');
  });

  it('Openprovider: .ca with its legal type: additional_data.legal_type on POST /domains/transfer', async () => {
    const domain = 'maple-move-op.ca';
    op.sandbox.seedExternalDomain({ domain, authCode: 'Maple-Code-3', nameservers: OLD_NS });
    const result = await withWorker(async (taskQueue) => {
      const { handle } = await startTransfer(env.client, { domain, authCode: 'Maple-Code-3', registrar: 'openprovider', extras: { legalType: 'CCO' } }, { taskQueue });
      await pending(handle.workflowId);
      op.sandbox.approveTransfer(domain);
      return handle.result();
    }); // prettier-ignore
    assert.equal(result.outcome, 'completed', result.reason);
    const [sent] = op.sandbox.journal({ route: 'POST /v1beta/domains/transfer', domain });
    assert.deepEqual((sent?.body as { additional_data?: unknown }).additional_data, { legal_type: 'CCO' });
  });

  it('.com: extras a transfer of the TLD does not carry are refused, naming the key', async () => {
    await assert.rejects(
      withWorker((taskQueue) =>
        startTransfer(env.client, { domain: 'plain.com', authCode: 'x', extras: { legalType: 'CCO' } }, { taskQueue }),
      ),
      (err: Error) =>
        err.name === 'ValidationError' && /extras\.legalType: is not used by a transfer/.test(err.message),
    );
  });
});
