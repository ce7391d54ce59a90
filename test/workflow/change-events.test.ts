import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowNotFoundError } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createChangeEventActivities, createRegistrarActivities, createWebhookActivities } from '../../src/activities';
import type { WebhookSettings } from '../../src/config/config';
import { WebhookReceiver } from '../../src/sandbox/webhook-receiver';
import { bundlerOptions } from '../../src/workers/bundle-options';
import { startTransfer } from '../../src/client/transfer';
import { deliverChangeEvent } from '../../src/workflows/deliver-change-event';
import { type ChangeEvent, changeEventWorkflowId } from '../../src/contracts';
import { startIspapi } from '../helpers/registrars';
import { createTestWorker, createTimeSkippingEnv, eventually, uniqueTaskQueue } from '../helpers/temporal';

const SECRET = 'test-webhook-secret-0123456789';
const EVENT_WORKFLOWS = require.resolve('../helpers/event-workflows');

let seq = 0;
function event(domain: string, type = 'domain.expiry-changed'): ChangeEvent {
  seq += 1;
  return {
    id: `${domain}:${type}:2027-03-0${seq % 9}`,
    type,
    occurredAt: '2026-03-01T10:00:00.000Z',
    domain,
    registrar: 'ispapi',
    data: { from: '2026-03-01', to: '2027-03-01' },
  };
}

describe('change events: deliverChangeEvent and postWebhook on the time-skipping server, to the sandbox receiver', () => {
  let env: TestWorkflowEnvironment;
  let receiver: WebhookReceiver;
  let bundle: WorkflowBundleWithSourceMap;

  before(async () => {
    [env, receiver, bundle] = await Promise.all([
      createTimeSkippingEnv(),
      WebhookReceiver.start({ secret: SECRET }),
      // The project's workflows plus emitTwice (test/helpers/event-workflows.ts).
      bundleWorkflowCode({ workflowsPath: EVENT_WORKFLOWS, ...bundlerOptions, logger: new DefaultLogger('WARN') }),
    ]);
  });
  after(async () => {
    await receiver?.close();
    await env?.teardown();
  });

  async function newWorker(taskQueue: string, webhooks: WebhookSettings, extra: object = {}): Promise<Worker> {
    return createTestWorker(env, {
      taskQueue,
      workflowBundle: bundle,
      activities: {
        ...createWebhookActivities(webhooks),
        ...createChangeEventActivities(env.client, webhooks),
        ...extra,
      },
    });
  }

  async function deliver(e: ChangeEvent, webhooks: WebhookSettings) {
    const taskQueue = uniqueTaskQueue('events');
    const worker = await newWorker(taskQueue, webhooks);
    return worker.runUntil(
      env.client.workflow.execute(deliverChangeEvent, {
        taskQueue,
        workflowId: changeEventWorkflowId(e.id),
        args: [e],
      }),
    );
  }

  it('delivers a signed event that the receiver verifies and keeps', async () => {
    receiver.reset();
    const e = event('signed.com');
    const result = await deliver(e, { urls: [receiver.url], secret: SECRET });
    assert.deepEqual(result.receivers, [{ url: receiver.url, status: 'delivered', attempts: 1, httpStatus: 200 }]);
    const [got] = receiver.events();
    assert.equal(receiver.events().length, 1);
    assert.equal(got!.id, e.id);
    assert.equal(got!.type, 'domain.expiry-changed');
    assert.deepEqual(got!.data, e.data);
    assert.deepEqual(
      receiver.deliveries().map((d) => [d.status, d.outcome, d.attempt]),
      [[200, 'stored', 1]],
    );
  });

  it('a wrong secret is refused with 401 and not retried: the result says failed after 1 attempt', async () => {
    receiver.reset();
    const e = event('wrong-secret.com');
    const result = await deliver(e, { urls: [receiver.url], secret: 'another-secret-entirely-123' });
    const [r] = result.receivers;
    assert.equal(r!.status, 'failed');
    assert.equal(r!.httpStatus, 401);
    assert.equal(r!.attempts, 1);
    assert.match(r!.reason ?? '', /HTTP 401.*DOMAINFLOW_WEBHOOK_SECRET/);
    assert.equal(receiver.events().length, 0);
    assert.deepEqual(
      receiver.deliveries().map((d) => d.outcome),
      ['bad-signature'],
    );
  });

  it('500 twice, then delivered on the third attempt', async () => {
    receiver.reset();
    receiver.failNext(2);
    const e = event('flaky-receiver.com');
    const result = await deliver(e, { urls: [receiver.url], secret: SECRET });
    assert.deepEqual(result.receivers, [{ url: receiver.url, status: 'delivered', attempts: 3, httpStatus: 200 }]);
    assert.deepEqual(
      receiver.deliveries().map((d) => [d.status, d.attempt]),
      [
        [500, 1],
        [500, 2],
        [200, 3],
      ],
    );
    assert.equal(receiver.events().length, 1);
  });

  it('no receivers configured: a recorded no-op', async () => {
    receiver.reset();
    const result = await deliver(event('nobody-listens.com'), { urls: [] });
    assert.deepEqual(result.receivers, []);
    assert.equal(receiver.deliveries().length, 0);
  });

  it('emitted with no receivers configured: recorded in the emitter, no delivery workflow', async () => {
    receiver.reset();
    const e = event('emitted-to-nobody.com');
    const taskQueue = uniqueTaskQueue('events');
    const worker = await newWorker(taskQueue, { urls: [] });
    const workflowId = `emit-to-nobody-${seq}`;
    await worker.runUntil(env.client.workflow.execute('emitTwice', { taskQueue, workflowId, args: [e] }));
    await assert.rejects(env.client.workflow.getHandle(changeEventWorkflowId(e.id)).describe(), WorkflowNotFoundError);
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const completed = history.events!.filter((ev) => ev.activityTaskCompletedEventAttributes).length;
    assert.equal(completed, 2, 'both emissions are recorded as activities');
    assert.equal(receiver.deliveries().length, 0);
  });

  it('a repeated delivery of the same event is acknowledged by the receiver and kept once', async () => {
    receiver.reset();
    const e = event('delivered-twice.com');
    const { postWebhook } = createWebhookActivities({ urls: [receiver.url], secret: SECRET });
    await postWebhook({ url: receiver.url, event: e });
    await postWebhook({ url: receiver.url, event: e });
    assert.equal(receiver.events().length, 1);
    assert.deepEqual(
      receiver.deliveries().map((d) => [d.status, d.outcome]),
      [
        [200, 'stored'],
        [200, 'duplicate'],
      ],
    );
  });

  it('receiver down for an hour (skipped), then up: delivered by the durable retries', async () => {
    // A port that is free now and refuses connections until the receiver comes back on it.
    const probe = await WebhookReceiver.start({ secret: SECRET });
    const { port, url } = probe;
    await probe.close();
    const e = event('receiver-down.com');
    const taskQueue = uniqueTaskQueue('events');
    const worker = await newWorker(taskQueue, { urls: [url], secret: SECRET });
    let back: WebhookReceiver | undefined;
    try {
      const result = await worker.runUntil(async () => {
        const handle = await env.client.workflow.start(deliverChangeEvent, {
          taskQueue,
          workflowId: changeEventWorkflowId(e.id),
          args: [e],
        });
        const pendingAttempt = async () => (await handle.describe()).raw.pendingActivities?.[0]?.attempt ?? 0;
        await eventually(async () => ((await pendingAttempt()) >= 2 ? true : undefined), 30_000, 'a failed attempt');
        const downSince = await env.currentTimeMs();
        await env.sleep('1 hour');
        assert.ok((await env.currentTimeMs()) - downSince >= 3_600_000);
        const attemptsWhileDown = await pendingAttempt();
        assert.ok(attemptsWhileDown >= 6, `retried ${attemptsWhileDown} times in the hour`);
        back = await WebhookReceiver.start({ secret: SECRET, port });
        return handle.result();
      });
      const [r] = result.receivers;
      assert.equal(r!.status, 'delivered');
      assert.ok(r!.attempts >= 7, `delivered on attempt ${r!.attempts}`);
      assert.equal(back!.events().length, 1);
      assert.equal(back!.events()[0]!.id, e.id);
      assert.equal(back!.deliveries()[0]!.attempt, r!.attempts);
    } finally {
      await back?.close();
    }
  });

  it('a completed transfer emits workflow.transferDomain.completed, which arrives at the receiver', async () => {
    receiver.reset();
    const ispapi = await startIspapi();
    const { sandbox } = ispapi;
    try {
      const domain = 'outcome-event.com';
      const ns = ['ns1.new-dns.example', 'ns2.new-dns.example'];
      sandbox.seedExternalDomain({ domain, authCode: 'Good-Code-9', nameservers: ns });
      const taskQueue = uniqueTaskQueue('events');
      const worker = await newWorker(
        taskQueue,
        { urls: [receiver.url], secret: SECRET },
        createRegistrarActivities({ ispapi: ispapi.adapter }),
      );
      const got = await worker.runUntil(async () => {
        const { handle } = await startTransfer(
          env.client,
          { domain, authCode: 'Good-Code-9', nameservers: ns },
          { taskQueue },
        );
        await eventually(async () =>
          sandbox.journal({ command: 'TransferDomain', domain }).length > 0 ? true : undefined,
        );
        sandbox.approveTransfer(domain);
        const result = await handle.result();
        assert.equal(result.outcome, 'completed');
        const { runId } = await handle.describe();
        const id = `${domain}:workflow.transferDomain.completed:${runId}`;
        await env.client.workflow.getHandle(changeEventWorkflowId(id)).result();
        return { id, runId };
      });
      assert.equal(receiver.events().length, 1);
      const [outcome] = receiver.events();
      assert.equal(outcome!.id, got.id);
      assert.equal(outcome!.type, 'workflow.transferDomain.completed');
      assert.equal(outcome!.domain, domain);
      assert.equal(outcome!.registrar, 'ispapi');
      assert.equal(outcome!.data.workflowId, `transfer:${domain}`);
      assert.equal((outcome!.data.result as { outcome: string }).outcome, 'completed');
      assert.doesNotMatch(JSON.stringify(outcome), /Good-Code-9/, 'no auth code in the event');
      assert.equal(sandbox.journal({ command: 'TransferDomain', domain }).length, 1);
    } finally {
      await ispapi.close();
    }
  });

  it('the same event emitted twice (and again by a later run) is delivered once', async () => {
    receiver.reset();
    const e = event('emitted-twice.com');
    const taskQueue = uniqueTaskQueue('events');
    const worker = await newWorker(taskQueue, { urls: [receiver.url], secret: SECRET });
    const delivery = env.client.workflow.getHandle(changeEventWorkflowId(e.id));
    const [first, later] = await worker.runUntil(async () => {
      await env.client.workflow.execute('emitTwice', { taskQueue, workflowId: `emit-twice-1-${seq}`, args: [e] });
      await delivery.result();
      const firstRun = (await delivery.describe()).runId;
      // After the delivery has finished, the ID may not be reused (REJECT_DUPLICATE).
      await env.client.workflow.execute('emitTwice', { taskQueue, workflowId: `emit-twice-2-${seq}`, args: [e] });
      return [firstRun, await delivery.describe()];
    });
    assert.equal(later.runId, first, 'still the one delivery workflow for the event id');
    assert.equal(later.status.name, 'COMPLETED');
    assert.equal(receiver.events().length, 1);
    assert.equal(receiver.deliveries().length, 1);
  });
});
