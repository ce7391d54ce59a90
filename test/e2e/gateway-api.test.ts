import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { Validator } from '@seriousme/openapi-schema-validator';
import { z } from 'zod';
import { createAllActivities } from '../../src/activities/all';
import { observeDomain } from '../../src/client/domain';
import { CustomerId, transferDomainInputSchema } from '../../src/contracts';
import { loadMailConfig } from '../../src/config/mail';
import type { GatewayKey, GatewayScope } from '../../src/config/gateway';
import { newApiKey } from '../../src/gateway/auth';
import { buildGateway, type Gateway } from '../../src/gateway/server';
import { createDevEnv, type DevEnv } from '../helpers/dev-env';
import { startIspapi, type IspapiSetup } from '../helpers/registrars';
import { createTestWorker, eventually, rejectsWith, uniqueTaskQueue } from '../helpers/temporal';

/** A key for the test: the secret to send and the configuration entry (hash only) the gateway gets. */
function key(id: string, scopes: GatewayScope[], customerId?: string): { secret: string; config: GatewayKey } {
  const made = newApiKey(id, scopes, customerId);
  const [, sha256] = made.entry.split(':');
  return {
    secret: made.key,
    config: { id, sha256: sha256!, scopes: new Set(scopes), ...(customerId ? { customerId } : {}) },
  };
}

const OPS = key('ops', ['read', 'operate']);
const BILLING = key('billing', ['read', 'operate', 'money']);
const CUSTOMER_A = key('shop-a', ['read', 'operate', 'money'], 'cust-a');
const CUSTOMER_B = key('shop-b', ['read', 'operate', 'money'], 'cust-b');
const AUTH_CODE = 'Gw-Secret-Auth-7';

/**
 * The gateway in-process over a real dev server, a worker and the ISPAPI sandbox: scopes, the
 * customer restriction, Idempotency-Key (also across a restart), problem+json, the rate limit,
 * the OpenAPI document, and logs without keys or auth codes.
 */
describe('gateway: safety and contract (dev server, worker, ISPAPI sandbox)', () => {
  let env: DevEnv;
  let ispapi: IspapiSetup;
  let worker: Worker;
  let running: Promise<void>;
  let gateway: Gateway;
  let dataDir: string;
  let taskQueue: string;
  let log = '';

  const open = (file = path.join(dataDir, 'idempotency.jsonl'), ratePerMinute = 1000) =>
    buildGateway({
      client: env.client,
      taskQueue,
      keys: [OPS, BILLING, CUSTOMER_A, CUSTOMER_B].map((k) => k.config),
      ratePerMinute,
      idempotencyFile: file,
      logLevel: 'info',
      logStream: new Writable({
        write(chunk: Buffer, _encoding, done) {
          log += chunk.toString();
          done();
        },
      }),
    });

  const call = (
    g: Gateway,
    method: 'GET' | 'POST',
    url: string,
    who: { secret: string } | undefined,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    g.app.inject({
      method,
      url,
      headers: { ...(who ? { authorization: `Bearer ${who.secret}` } : {}), ...headers },
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });

  const absent = (workflowId: string) =>
    rejectsWith(env.client.workflow.getHandle(workflowId).describe(), WorkflowNotFoundError);

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'domainflow-gateway-'));
    [env, ispapi] = await Promise.all([createDevEnv(), startIspapi()]);
    taskQueue = uniqueTaskQueue('gateway');
    worker = await createTestWorker(env, {
      taskQueue,
      activities: createAllActivities({
        registrars: { ispapi: ispapi.adapter },
        mail: loadMailConfig({}),
        backorderPrices: {},
        client: env.client,
        taskQueue,
        changeFeed: true,
      }),
    });
    running = worker.run();
    gateway = await open();
  });

  after(async () => {
    await gateway?.close();
    worker?.shutdown();
    await running;
    await ispapi?.close();
    await env?.teardown();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves an OpenAPI 3 document generated from the contracts that a kept validator accepts', async () => {
    const res = await call(gateway, 'GET', '/openapi.json', undefined);
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    const validation = await new Validator().validate(doc);
    assert.equal(validation.valid, true, JSON.stringify(validation.errors));
    const body = doc.paths['/v1/transfers'].post.requestBody.content['application/json'].schema;
    const contract = z.toJSONSchema(transferDomainInputSchema, { io: 'input', unrepresentable: 'any' }) as {
      properties: Record<string, unknown>;
    };
    assert.deepEqual(Object.keys(body.properties).sort(), Object.keys(contract.properties).sort());
    assert.deepEqual(body.required, ['domain', 'authCode']);
    assert.equal(body.additionalProperties, false, 'unknown keys are refused, and the document says so');
    assert.equal(body.properties.polling.additionalProperties, false);
    for (const route of ['/v1/renewals', '/v1/registrant-changes', '/v1/backorders', '/v1/domains/{domain}']) {
      assert.ok(doc.paths[route], `the document has ${route}`);
    }
    assert.equal((await call(gateway, 'GET', '/docs/', undefined)).statusCode, 200);
  });

  it('refuses a request without a known key with 401 problem+json', async () => {
    const none = await call(gateway, 'GET', '/v1/workflows/transfer:example.com', undefined);
    assert.equal(none.statusCode, 401);
    assert.match(String(none.headers['content-type']), /^application\/problem\+json/);
    const wrong = await call(gateway, 'GET', '/v1/workflows/transfer:example.com', { secret: 'dfk_wrong' });
    assert.equal(wrong.statusCode, 401);
  });

  it('a key without the money scope cannot renew (403), and no renewal starts', async () => {
    const res = await call(gateway, 'POST', '/v1/renewals', OPS, { domain: 'gw-money.com', expiresOn: '2027-03-01' });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().status, 403);
    assert.match(res.json().detail, /money/);
    await absent('renew:gw-money.com:2027-03-01');
  });

  it('names each bad field in a problem+json answer (unknown keys refused) before anything starts', async () => {
    const res = await call(gateway, 'POST', '/v1/transfers', OPS, {
      domain: 'not a domain',
      authCode: AUTH_CODE,
      nameServers: ['ns1.example.net'],
    });
    assert.equal(res.statusCode, 400);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    const problem = res.json() as { status: number; errors: Array<{ field: string; message: string }> };
    assert.equal(problem.status, 400);
    assert.deepEqual(problem.errors.map((e) => e.field).sort(), ['domain', 'nameServers']);
    assert.match(problem.errors.find((e) => e.field === 'nameServers')!.message, /did you mean nameservers/);
    assert.equal(ispapi.sandbox.journal().length, 0, 'no registrar call');
  });

  it('the same Idempotency-Key twice starts one workflow and answers the same body, also after a restart; another body is 422', async () => {
    const body = { domain: 'gw-idem.com', authCode: AUTH_CODE, polling: { initialInterval: '1s', maxInterval: '2s' } };
    const idem = { 'idempotency-key': 'order-4711' };
    const first = await call(gateway, 'POST', '/v1/transfers', OPS, body, idem);
    assert.equal(first.statusCode, 202, first.body);
    assert.deepEqual(first.json(), {
      workflowId: 'transfer:gw-idem.com',
      started: true,
      statusUrl: '/v1/workflows/transfer%3Agw-idem.com',
    });
    const { runId } = await env.client.workflow.getHandle('transfer:gw-idem.com').describe();

    // Without the stored answer this would say started: false (the workflow ID de-duplicates only).
    const second = await call(gateway, 'POST', '/v1/transfers', OPS, { ...body }, idem);
    assert.equal(second.statusCode, 202);
    assert.equal(second.body, first.body);
    assert.equal(second.headers['idempotent-replayed'], 'true');

    const other = await call(gateway, 'POST', '/v1/transfers', OPS, { ...body, transferLock: true }, idem);
    assert.equal(other.statusCode, 422);
    assert.match(other.json().detail, /Idempotency-Key/);

    // Another key's namespace: the same Idempotency-Key from another API key is another request.
    const billing = await call(gateway, 'POST', '/v1/transfers', BILLING, body, idem);
    assert.equal(billing.json().started, false);

    await gateway.close();
    gateway = await open();
    const afterRestart = await call(gateway, 'POST', '/v1/transfers', OPS, body, idem);
    assert.equal(afterRestart.body, first.body);
    assert.equal(afterRestart.headers['idempotent-replayed'], 'true');
    const again = await env.client.workflow.getHandle('transfer:gw-idem.com').describe();
    assert.equal(again.runId, runId, 'one workflow run');
  });

  it('lists the change events after a cursor (GET /v1/events, from the change-feed workflow)', async () => {
    await eventually(async () =>
      ispapi.sandbox.pendingTransfers().some((t) => t.domain === 'gw-idem.com') ? true : undefined,
    );
    ispapi.sandbox.approveTransfer('gw-idem.com');
    assert.equal((await env.client.workflow.getHandle('transfer:gw-idem.com').result()).outcome, 'completed');
    type Page = {
      events: Array<{ cursor: number; event: { type: string; domain: string } }>;
      nextCursor: number;
      gap: boolean;
    };
    const page = await eventually(
      async () => {
        const body = (await call(gateway, 'GET', '/v1/events?after=0', OPS)).json() as Page;
        return body.events.some(
          (e) => e.event.type === 'workflow.transferDomain.completed' && e.event.domain === 'gw-idem.com',
        )
          ? body
          : undefined;
      },
      30_000,
      'the completed event in the feed',
    );
    const cursors = page.events.map((e) => e.cursor);
    assert.deepEqual(
      cursors,
      [...cursors].sort((a, b) => a - b),
      'oldest first',
    );
    assert.equal(new Set(cursors).size, cursors.length);
    assert.equal(page.nextCursor, cursors.at(-1));
    assert.equal(page.gap, false);
    const rest = (await call(gateway, 'GET', `/v1/events?after=${page.nextCursor}`, OPS)).json() as Page;
    assert.deepEqual(
      rest.events.filter((e) => e.event.domain === 'gw-idem.com'),
      [],
      'nothing twice after the cursor',
    );
    const one = (await call(gateway, 'GET', '/v1/events?after=0&limit=1', OPS)).json() as Page;
    assert.deepEqual(
      one.events.map((e) => e.cursor),
      [cursors[0]],
    );

    assert.equal((await call(gateway, 'GET', '/v1/events', CUSTOMER_A)).statusCode, 403);
    const bad = await call(gateway, 'GET', '/v1/events?after=-1', OPS);
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad.json().errors.map((e: { field: string }) => e.field),
      ['after'],
    );
  });

  it("changes a managed domain's nameservers through its entity (POST /v1/domains/{domain}/nameservers), once per requestId", async () => {
    const ns = { requestId: 'ticket-77', nameservers: ['ns1.gateway-test.net', 'ns2.gateway-test.net'] };
    const first = await eventually(
      async () => {
        const res = await call(gateway, 'POST', '/v1/domains/gw-idem.com/nameservers', OPS, ns);
        return res.statusCode === 200 ? res : undefined;
      },
      30_000,
      'the entity of the transferred domain',
    );
    assert.equal(first.json().changed, true, first.body);
    assert.deepEqual(ispapi.sandbox.domain('gw-idem.com')?.nameservers, ns.nameservers);
    const again = await call(gateway, 'POST', '/v1/domains/gw-idem.com/nameservers', OPS, ns);
    assert.deepEqual(again.json(), first.json(), 'the same requestId answers the first result');
    assert.equal(ispapi.sandbox.journal({ command: 'ModifyDomain', domain: 'gw-idem.com' }).length, 1);
    const read = await call(gateway, 'POST', '/v1/domains/gw-idem.com/nameservers', { secret: 'x' }, ns);
    assert.equal(read.statusCode, 401);
  });

  it("a key for one customer cannot see or touch another customer's workflows and domains (404 as for none)", async () => {
    const started = await call(gateway, 'POST', '/v1/transfers', CUSTOMER_A, {
      domain: 'gw-cust-a.com',
      authCode: AUTH_CODE,
    });
    assert.equal(started.statusCode, 202, started.body);
    const id = 'transfer:gw-cust-a.com';
    const described = await env.client.workflow.getHandle(id).describe();
    assert.equal(described.typedSearchAttributes.get(CustomerId), 'cust-a', "the key's customer was filled in");

    const own = await call(gateway, 'GET', `/v1/workflows/${encodeURIComponent(id)}`, CUSTOMER_A);
    assert.equal(own.statusCode, 200, own.body);
    assert.equal(own.json().state.domain, 'gw-cust-a.com');
    const foreign = await call(gateway, 'GET', `/v1/workflows/${encodeURIComponent(id)}`, CUSTOMER_B);
    const missing = await call(gateway, 'GET', '/v1/workflows/transfer%3Anever-started.com', CUSTOMER_B);
    assert.equal(foreign.statusCode, 404);
    assert.equal(foreign.body, missing.body, 'the same answer as for a workflow that does not exist');

    const posing = await call(gateway, 'POST', '/v1/transfers', CUSTOMER_B, {
      domain: 'gw-cust-b.com',
      authCode: AUTH_CODE,
      customerId: 'cust-a',
    });
    assert.equal(posing.statusCode, 403);
    assert.deepEqual(
      posing.json().errors.map((e: { field: string }) => e.field),
      ['customerId'],
    );
    await absent('transfer:gw-cust-b.com');

    // The domain entity of customer A: B can neither read it nor renew it.
    await observeDomain(
      env.client,
      { domain: 'gw-cust-a.com', registrar: 'ispapi', customerId: 'cust-a' },
      {
        source: 'manual',
        observedAt: new Date().toISOString(),
        facts: { registryExpiresAt: '2027-05-01T00:00:00.000Z' },
      },
      { taskQueue },
    );
    assert.equal((await call(gateway, 'GET', '/v1/domains/gw-cust-a.com', CUSTOMER_A)).statusCode, 200);
    const foreignDomain = await call(gateway, 'GET', '/v1/domains/gw-cust-a.com', CUSTOMER_B);
    assert.equal(foreignDomain.statusCode, 404);
    const renewal = { domain: 'gw-cust-a.com', expiresOn: '2027-05-01' };
    const foreignRenewal = await call(gateway, 'POST', '/v1/renewals', CUSTOMER_B, renewal);
    assert.equal(foreignRenewal.statusCode, 404);
    await absent('renew:gw-cust-a.com:2027-05-01');
    const cancel = await call(gateway, 'POST', '/v1/transfers/gw-cust-a.com/check-now', CUSTOMER_B);
    assert.equal(cancel.statusCode, 404);
  });

  it("a customer's key registers a domain (money scope), reads it as its own, and its contact data is never logged", async () => {
    const owner = {
      firstName: 'Jo',
      lastName: 'Gatewayson',
      street: ['Keizersgracht 100'],
      city: 'Amsterdam',
      postalCode: '1015 AA',
      countryCode: 'NL',
      phone: '+31.201234567',
      email: 'jo@gatewayson.example',
    };
    const body = {
      domain: 'new-gw-register-a.com',
      contacts: { owner },
      nameservers: ['ns1.example.net', 'ns2.example.net'],
    };
    assert.equal((await call(gateway, 'POST', '/v1/registrations', OPS, body)).statusCode, 403, 'no money scope');
    const started = await call(gateway, 'POST', '/v1/registrations', CUSTOMER_A, body);
    assert.equal(started.statusCode, 202, started.body);
    const result = await env.client.workflow.getHandle(started.json().workflowId).result();
    assert.equal(result.outcome, 'registered');
    const record = await eventually(
      async () => {
        const res = await call(gateway, 'GET', '/v1/domains/new-gw-register-a.com', CUSTOMER_A);
        return res.statusCode === 200 ? (res.json() as { customerId?: string }) : undefined;
      },
      30_000,
      "the new domain's record",
    );
    assert.equal(record.customerId, 'cust-a');
    assert.equal((await call(gateway, 'GET', '/v1/domains/new-gw-register-a.com', CUSTOMER_B)).statusCode, 404);
    assert.ok(!log.includes('Gatewayson') && !log.includes('jo@gatewayson.example'), 'no contact data in the log');
  });

  it('limits requests per key (429 with Retry-After) and never logs keys or auth codes', async () => {
    const limited = await open(path.join(dataDir, 'limited.jsonl'), 2);
    try {
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await call(limited, 'GET', '/v1/workflows/x', OPS));
      assert.deepEqual(
        answers.map((a) => a.statusCode),
        [404, 404, 429],
      );
      assert.ok(Number(answers[2]!.headers['retry-after']) >= 1);
      // Another key has its own bucket.
      assert.equal((await call(limited, 'GET', '/v1/workflows/x', BILLING)).statusCode, 404);
    } finally {
      await limited.close();
    }
    assert.ok(log.includes('"url":"/v1/transfers"'), 'requests are logged');
    for (const secret of [AUTH_CODE, OPS.secret, BILLING.secret, CUSTOMER_A.secret]) {
      assert.ok(!log.includes(secret), `the log never holds ${secret.slice(0, 6)}…`);
    }
  });
});
