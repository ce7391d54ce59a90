import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { capture, deposit, getAccount, release, reserve } from '../../src/client/account';
import { accountWorkflowId, depositUpdate } from '../../src/contracts';
import { uniqueTaskQueue } from '../helpers/temporal';
import { createDevEnv, type DevEnv } from '../helpers/dev-env';

describe('customerAccount on the dev server (Updates)', () => {
  let env: DevEnv;
  let worker: Worker;
  let taskQueue: string;
  let running: Promise<void>;

  before(async () => {
    env = await createDevEnv();
    taskQueue = uniqueTaskQueue('account');
    worker = await env.worker(taskQueue);
    running = worker.run();
  });
  after(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  const opts = () => ({ taskQueue });
  const usd = async (customer: string) =>
    (await getAccount(env.client, customer)).currencies.find((c) => c.currency === 'USD');

  it('deposit, reserve, capture and release move money to the cent', async () => {
    const c = 'cust-money';
    assert.equal(
      (await deposit(env.client, c, { reference: 'dep-1', amount: 10_000, currency: 'USD' }, opts())).status,
      'deposited',
    );
    assert.equal(
      (await reserve(env.client, c, { reference: 'bo-1', amount: 3_999, currency: 'USD' }, opts())).status,
      'reserved',
    );
    assert.equal(
      (await reserve(env.client, c, { reference: 'bo-2', amount: 2_001, currency: 'USD' }, opts())).status,
      'reserved',
    );
    assert.deepEqual(await usd(c), { currency: 'USD', balance: 10_000, reserved: 6_000, available: 4_000 });
    assert.equal((await capture(env.client, c, { reference: 'bo-1' }, opts())).status, 'captured');
    assert.equal((await release(env.client, c, { reference: 'bo-2' }, opts())).status, 'released');
    assert.deepEqual(await usd(c), { currency: 'USD', balance: 6_001, reserved: 0, available: 6_001 });
  });

  it('the same reference twice changes nothing', async () => {
    const c = 'cust-idem';
    await deposit(env.client, c, { reference: 'dep-x', amount: 5_000, currency: 'EUR' }, opts());
    const again = await deposit(env.client, c, { reference: 'dep-x', amount: 5_000, currency: 'EUR' }, opts());
    assert.equal(again.duplicate, true);
    await reserve(env.client, c, { reference: 'r-1', amount: 1_000, currency: 'EUR' }, opts());
    await capture(env.client, c, { reference: 'r-1' }, opts());
    assert.equal((await capture(env.client, c, { reference: 'r-1' }, opts())).duplicate, true);
    const refused = await release(env.client, c, { reference: 'r-1' }, opts());
    assert.deepEqual(refused, { status: 'refused', reference: 'r-1', reason: 'already-captured', duplicate: false });
    const eur = (await getAccount(env.client, c)).currencies.find((x) => x.currency === 'EUR');
    assert.deepEqual(eur, { currency: 'EUR', balance: 4_000, reserved: 0, available: 4_000 });
  });

  it('a reservation beyond the available money is refused with a typed reason, then succeeds after a deposit', async () => {
    const c = 'cust-short';
    await deposit(env.client, c, { reference: 'dep-a', amount: 1_000, currency: 'USD' }, opts());
    const refused = await reserve(env.client, c, { reference: 'bo-big', amount: 2_500, currency: 'USD' }, opts());
    assert.deepEqual(refused, {
      status: 'refused',
      reference: 'bo-big',
      reason: 'insufficient-funds',
      available: 1_000,
      duplicate: false,
    });
    await deposit(env.client, c, { reference: 'dep-b', amount: 1_500, currency: 'USD' }, opts());
    assert.equal(
      (await reserve(env.client, c, { reference: 'bo-big', amount: 2_500, currency: 'USD' }, opts())).status,
      'reserved',
    );
    assert.deepEqual(await usd(c), { currency: 'USD', balance: 2_500, reserved: 2_500, available: 0 });
  });

  it('bad requests are refused at the edge and by the workflow, naming the field', async () => {
    await assert.rejects(
      deposit(env.client, 'cust-bad', { reference: 'd', amount: 10.5, currency: 'usd' }, opts()),
      /request\.amount|amount: must be a whole number.*currency: must be an ISO 4217/,
    );
    await deposit(env.client, 'cust-bad', { reference: 'ok', amount: 100, currency: 'USD' }, opts());
    const handle = env.client.workflow.getHandle(accountWorkflowId('cust-bad'));
    await assert.rejects(
      handle.executeUpdate(depositUpdate, { args: [{ reference: 'neg', amount: -5, currency: 'USD' }] }),
      (err: unknown) =>
        err instanceof WorkflowUpdateFailedError && /amount: must be more than 0/.test(String(err.cause?.message)),
    );
    assert.deepEqual(await usd('cust-bad'), { currency: 'USD', balance: 100, reserved: 0, available: 100 });
  });

  it('continue-as-new keeps the balance exact', async () => {
    const c = 'cust-long';
    const workflowId = accountWorkflowId(c);
    // A small threshold: this account continues as new after 60 history events.
    await env.client.workflow.start('customerAccount', {
      taskQueue,
      workflowId,
      args: [{ customerId: c, continueAsNewAfterEvents: 60 }],
    });
    const firstRun = (await env.client.workflow.getHandle(workflowId).describe()).runId;
    let expected = 0;
    for (let i = 1; i <= 40; i++) {
      await deposit(env.client, c, { reference: `d-${i}`, amount: i, currency: 'USD' }, opts());
      expected += i;
    }
    await reserve(env.client, c, { reference: 'keep-me', amount: 7, currency: 'USD' }, opts());
    // Replays of early references after the new run must still be recognised.
    assert.equal(
      (await deposit(env.client, c, { reference: 'd-1', amount: 1, currency: 'USD' }, opts())).duplicate,
      true,
    );
    const lastRun = (await env.client.workflow.getHandle(workflowId).describe()).runId;
    assert.notEqual(lastRun, firstRun, 'the account continued as new');
    assert.deepEqual(await usd(c), { currency: 'USD', balance: expected, reserved: 7, available: expected - 7 });
  });
});
