/**
 * The price catalogue end to end on the time-skipping server: syncCatalogue reads both sandboxes
 * through their adapters, prices them with the markup rules, hands them to the `catalogue`
 * workflow and emits one change event per changed TLD, delivered to the sandbox webhook receiver.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import {
  createCatalogueActivities,
  createChangeEventActivities,
  createWebhookActivities,
  type RegistrarSet,
} from '../../src/activities';
import {
  applyCatalogueUpdate,
  type CatalogueWorkflow,
  type PricedEntry,
  catalogueQuery,
  catalogueWorkflowId,
  type SyncCatalogueResult,
  type SyncCatalogueWorkflow,
  syncCatalogueWorkflowIdPrefix,
} from '../../src/contracts';
import type { MarkupRules } from '../../src/domain/pricing';
import type { RegistrarName } from '../../src/registrars/names';
import { WebhookReceiver } from '../../src/sandbox/webhook-receiver';
import { startIspapi, startOpenprovider, type IspapiSetup, type OpenproviderSetup } from '../helpers/registrars';
import { createTestWorker, createTimeSkippingEnv, eventually, uniqueTaskQueue } from '../helpers/temporal';

const SECRET = 'catalogue-webhook-secret-0123456789';
/** +20 % rounded up to x.99; .de: +1.00 USD / +0.90 EUR to the cent; .nl: +10 % up to a whole unit. */
const MARKUPS: MarkupRules = {
  default: { percent: 20, rounding: '99' },
  tlds: {
    de: { fixed: { USD: '1.00', EUR: '0.90' }, rounding: 'none' },
    nl: { percent: 10, rounding: '00' },
  },
};

async function control(url: string, method: string, body: unknown): Promise<void> {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200, `${method} ${url}: ${await res.text()}`);
}

describe('syncCatalogue and the catalogue workflow (time-skipping server, both sandboxes, webhook receiver)', () => {
  let env: TestWorkflowEnvironment;
  let receiver: WebhookReceiver;
  let ispapi: IspapiSetup;
  let openprovider: OpenproviderSetup;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uniqueTaskQueue('catalogue');
  let run = 0;

  before(async () => {
    [env, receiver, ispapi, openprovider] = await Promise.all([
      createTimeSkippingEnv(),
      WebhookReceiver.start({ secret: SECRET }),
      startIspapi(),
      startOpenprovider(),
    ]);
    const webhooks = { urls: [receiver.url], secret: SECRET };
    const registrars: RegistrarSet = { ispapi: ispapi.adapter, openprovider: openprovider.adapter };
    worker = await createTestWorker(env, {
      taskQueue,
      activities: {
        ...createCatalogueActivities({ registrars, markups: MARKUPS, client: env.client, taskQueue }),
        ...createChangeEventActivities(env.client, webhooks),
        ...createWebhookActivities(webhooks),
      },
    });
    running = worker.run();
  });
  after(async () => {
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await running;
    await Promise.all([receiver?.close(), ispapi?.close(), openprovider?.close()]);
    await env?.teardown();
  });

  const sync = (registrar: RegistrarName): Promise<SyncCatalogueResult> =>
    env.client.workflow.execute<SyncCatalogueWorkflow>('syncCatalogue', {
      taskQueue,
      workflowId: `${syncCatalogueWorkflowIdPrefix(registrar, 'default')}:test-${++run}`,
      args: [{ registrar }],
    });
  const catalogueOf = (registrar: RegistrarName, tld?: string) =>
    env.client.workflow
      .getHandle(catalogueWorkflowId(registrar, 'default'))
      .query(catalogueQuery, ...(tld ? [tld] : []));
  /** The events the receiver verified and stored, once `count` have arrived; then a pause shows no more come. */
  async function delivered(count: number) {
    const events = await eventually(
      async () => (receiver.events().length >= count ? receiver.events() : undefined),
      60_000,
      `${count} delivered events`,
    );
    await new Promise((r) => setTimeout(r, 1_500));
    assert.equal(receiver.events().length, count, 'no event beyond those expected');
    return events;
  }

  it('the first sync of each sandbox adds every TLD it sells, one event each, with sale prices per the markups', async () => {
    receiver.reset();
    const [i, o] = await Promise.all([sync('ispapi'), sync('openprovider')]);
    assert.ok(i.tlds >= 5 && o.tlds >= 5, `both sandboxes sell several TLDs (${i.tlds}, ${o.tlds})`);
    assert.deepEqual([i.added, i.changed, i.removed, i.events, i.revision], [i.tlds, 0, 0, i.tlds, 1]);
    assert.deepEqual([o.added, o.changed, o.removed, o.events, o.revision], [o.tlds, 0, 0, o.tlds, 1]);
    const events = await delivered(i.tlds + o.tlds);
    assert.ok(events.every((e) => e.type === 'catalogue.tld-added'));
    assert.ok(events.some((e) => e.domain === 'com.prices.invalid' && e.registrar === 'openprovider'));

    const com = (await catalogueOf('ispapi', '.com')).entries;
    assert.equal(com.length, 1);
    assert.deepEqual(
      { currency: com[0]!.currency, renew: com[0]!.renew, sale: com[0]!.sale },
      {
        currency: 'USD',
        renew: '10.00',
        sale: { register: '12.99', renew: '12.99', transfer: '12.99', restore: '60.99', trade: '12.99' },
      },
      '+20 % rounded up to x.99',
    );
    const all = await catalogueOf('openprovider');
    assert.equal(all.entries.length, o.tlds);
    assert.equal(all.revision, 1);
  });

  it('a price changed in a sandbox: exactly one event per changed TLD with the new sale price; a second sync: none', async () => {
    receiver.reset();
    await control(`${ispapi.sandbox.baseUrl}/_sandbox/prices/de`, 'PUT', { renew: '7.25' });
    await control(`${openprovider.sandbox.baseUrl}/_sandbox/tlds/nl`, 'PUT', { prices: { renew: 6.5 } });
    const [i, o] = await Promise.all([sync('ispapi'), sync('openprovider')]);
    assert.deepEqual([i.added, i.changed, i.removed, i.events, i.revision], [0, 1, 0, 1, 2]);
    assert.deepEqual([o.added, o.changed, o.removed, o.events, o.revision], [0, 1, 0, 1, 2]);

    const events = await delivered(2);
    const de = events.find((e) => e.registrar === 'ispapi');
    assert.equal(de?.type, 'catalogue.price-changed');
    assert.equal(de?.domain, 'de.prices.invalid');
    assert.equal(de?.id, 'de.prices.invalid:catalogue.price-changed:ispapi:default:r2');
    const deData = de!.data as { tld: string; fields: string[]; after: { renew: string; sale: { renew: string } } };
    assert.equal(deData.tld, 'de');
    assert.ok(deData.fields.includes('cost.renew') && deData.fields.includes('sale.renew'), deData.fields.join());
    assert.equal(deData.after.renew, '7.25');
    assert.equal(deData.after.sale.renew, '8.25', '.de: 7.25 + 1.00 USD, to the cent');
    const nl = events.find((e) => e.registrar === 'openprovider');
    assert.equal(nl?.domain, 'nl.prices.invalid');
    assert.equal(
      (nl!.data as { after: { sale: { renew: string } } }).after.sale.renew,
      '8.00',
      '6.50 + 10 % = 7.15 -> 8.00',
    );

    const held = (await catalogueOf('ispapi', 'de')).entries[0]!;
    assert.equal(held.sale.renew, '8.25', 'the catalogue holds the new sale price');

    receiver.reset();
    const [again, againO] = await Promise.all([sync('ispapi'), sync('openprovider')]);
    assert.deepEqual([again.events, again.revision, againO.events, againO.revision], [0, 2, 0, 2]);
    await delivered(0);
  });

  it('the catalogue continues as new with its prices, and a sync handed over again gets its first answer', async () => {
    const workflowId = catalogueWorkflowId('openprovider', 'can-test');
    const handle = await env.client.workflow.start<CatalogueWorkflow>('catalogue', {
      taskQueue,
      workflowId,
      args: [{ registrar: 'openprovider', account: 'can-test', continueAsNewAfterEvents: 50 }],
    });
    const entry = (renew: string): PricedEntry => ({
      tld: 'com',
      periods: [1],
      currency: 'EUR',
      register: renew,
      renew,
      transfer: renew,
      restore: null,
      trade: null,
      sale: { register: renew, renew, transfer: renew, restore: null, trade: null },
    });
    const hand = (n: number, updateId = `sync-${n}`) =>
      handle.executeUpdate(applyCatalogueUpdate, {
        updateId,
        args: [{ syncId: `sync-${n}`, syncedAt: '2026-12-01T00:00:00Z', entries: [entry(`${n}.00`)] }],
      });
    let last;
    for (let n = 1; n <= 25; n++) last = await hand(n);
    assert.equal(last!.revision, 25);
    assert.deepEqual(last!.changes[0]!.fields, [
      'cost.register',
      'cost.renew',
      'cost.transfer',
      'sale.register',
      'sale.renew',
      'sale.transfer',
    ]);
    const view = await env.client.workflow.getHandle(workflowId).query(catalogueQuery);
    assert.equal(view.revision, 25);
    assert.equal(view.entries[0]!.renew, '25.00');
    const { runId } = await env.client.workflow.getHandle(workflowId).describe();
    assert.notEqual(runId, handle.firstExecutionRunId, 'continued as new, the catalogue carried over');
    // The same sync under another Update ID (a retry whose first Update the server no longer knows).
    assert.deepEqual(await hand(25, 'sync-25-retry'), last, 'the first answer, no second revision');
    assert.equal((await env.client.workflow.getHandle(workflowId).query(catalogueQuery)).revision, 25);
    // A malformed hand-over is refused before it reaches the history, naming the field.
    await assert.rejects(
      handle.executeUpdate(applyCatalogueUpdate, {
        args: [{ syncId: 'bad', syncedAt: '2026-12-01T00:00:00Z', entries: [{ ...entry('1.00'), renew: '1' }] }],
      }),
      (err: Error) => /entries\.0\.renew/.test(`${err.message} ${(err.cause as Error | undefined)?.message ?? ''}`),
    );
    await env.client.workflow.getHandle(workflowId).terminate('test done');
  });
});
