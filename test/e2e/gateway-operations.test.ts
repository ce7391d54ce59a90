import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createAllActivities } from '../../src/activities/all';
import { deposit } from '../../src/client/account';
import { observeDomain } from '../../src/client/domain';
import { CustomerId } from '../../src/contracts';
import { loadMailConfig } from '../../src/config/mail';
import type { GatewayKey, GatewayScope } from '../../src/config/gateway';
import type { Contact } from '../../src/domain/contact';
import { newApiKey } from '../../src/gateway/auth';
import { buildGateway, type Gateway } from '../../src/gateway/server';
import { createDevEnv, type DevEnv } from '../helpers/dev-env';
import { startIspapi, type IspapiSetup } from '../helpers/registrars';
import { createTestWorker, eventually, rejectsWith, uniqueTaskQueue } from '../helpers/temporal';

function key(id: string, scopes: GatewayScope[], customerId?: string): { secret: string; config: GatewayKey } {
  const made = newApiKey(id, scopes, customerId);
  const [, sha256] = made.entry.split(':');
  return {
    secret: made.key,
    config: { id, sha256: sha256!, scopes: new Set(scopes), ...(customerId ? { customerId } : {}) },
  };
}

const OPS = key('ops', ['read', 'operate']);
const CUSTOMER_A = key('shop-a', ['read', 'operate', 'money'], 'cust-a');
const CUSTOMER_B = key('shop-b', ['read', 'operate', 'money'], 'cust-b');
const SEEDED_CODE = 'Ops-Seeded-Code-9';
const NS = ['ns1.example.net', 'ns2.example.net'];
const DAY = 86_400_000;
const owner = (first: string, email: string, countryCode = 'NL'): Contact => ({
  firstName: first,
  lastName: 'Gatewayson',
  street: ['Keizersgracht 100'],
  city: 'Amsterdam',
  postalCode: '1015AA',
  countryCode,
  phone: '+31.201234567',
  email,
});

/**
 * The gateway's routes for the everyday operations (DNS, DNSSEC, hosts, auth code, transfer-out),
 * the generic cancel, and starts of a backorder and a swiss application: one dev server, one
 * worker, the ISPAPI sandbox. Every route honours the key's customer (404 for a foreign domain).
 */
describe('gateway: everyday operations, cancel, backorder and swiss starts (dev server, ISPAPI sandbox)', () => {
  let env: DevEnv;
  let ispapi: IspapiSetup;
  let worker: Worker;
  let running: Promise<void>;
  let gateway: Gateway;
  let dataDir: string;
  let taskQueue: string;
  let log = '';

  const call = (method: 'GET' | 'POST', url: string, who: { secret: string }, body?: unknown, headers = {}) =>
    gateway.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${who.secret}`, ...headers },
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });
  const calls = (command: string, domain: string) => ispapi.sandbox.journal({ command, domain }).length;
  /** a domain at the sandbox, managed for customer A (its `domain` entity carries cust-a) */
  const managedByA = async (domain: string) => {
    ispapi.sandbox.seedDomain({
      domain,
      nameservers: NS,
      expiresAt: new Date(Date.now() + 200 * DAY),
      authCode: SEEDED_CODE,
    });
    await observeDomain(
      env.client,
      { domain, registrar: 'ispapi', customerId: 'cust-a' },
      { source: 'manual', observedAt: new Date().toISOString(), facts: {} },
      { taskQueue },
    );
  };
  const statusOf = async (workflowId: string) =>
    (await env.client.workflow.getHandle(workflowId).describe()).status.name;

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'domainflow-gateway-ops-'));
    [env, ispapi] = await Promise.all([createDevEnv(), startIspapi()]);
    taskQueue = uniqueTaskQueue('gateway-ops');
    worker = await createTestWorker(env, {
      taskQueue,
      activities: createAllActivities({
        registrars: { ispapi: ispapi.adapter },
        mail: loadMailConfig({}),
        backorderPrices: { 'com:USD': 1_900 },
        client: env.client,
        taskQueue,
      }),
    });
    running = worker.run();
    gateway = await buildGateway({
      client: env.client,
      taskQueue,
      keys: [OPS, CUSTOMER_A, CUSTOMER_B].map((k) => k.config),
      ratePerMinute: 1000,
      idempotencyFile: path.join(dataDir, 'idempotency.jsonl'),
      logLevel: 'info',
      logStream: new Writable({
        write(chunk: Buffer, _encoding, done) {
          log += chunk.toString();
          done();
        },
      }),
    });
  });

  after(async () => {
    await gateway?.close();
    worker?.shutdown();
    await running;
    await ispapi?.close();
    await env?.teardown();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the OpenAPI document lists the new routes and still validates', async () => {
    const doc = (await gateway.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const validation = await new Validator().validate(doc);
    assert.equal(validation.valid, true, JSON.stringify(validation.errors));
    for (const route of [
      '/v1/dns-zones',
      '/v1/dnssec',
      '/v1/dnssec-rollovers',
      '/v1/domains/{domain}/auth-code',
      '/v1/domains/{domain}/transfer-out',
      '/v1/domains/{domain}/hosts/{host}',
      '/v1/workflows/{workflowId}/cancel',
    ]) {
      assert.ok(doc.paths[route], `the document has ${route}`);
    }
  });

  it('auth code: 404 for a foreign key; the code only in the answer (not logged, not stored); one reset per Idempotency-Key', async () => {
    const domain = 'gw-code.com';
    await managedByA(domain);
    const foreign = await call('POST', `/v1/domains/${domain}/auth-code`, CUSTOMER_B, {});
    assert.equal(foreign.statusCode, 404);
    const shown = await call('POST', `/v1/domains/${domain}/auth-code`, CUSTOMER_A, {});
    assert.equal(shown.statusCode, 200, shown.body);
    assert.equal(shown.json().authCode, SEEDED_CODE);

    const idem = { 'idempotency-key': 'reset-1' };
    const reset = await call('POST', `/v1/domains/${domain}/auth-code`, CUSTOMER_A, { reset: true }, idem);
    const again = await call('POST', `/v1/domains/${domain}/auth-code`, CUSTOMER_A, { reset: true }, idem);
    assert.equal(reset.statusCode, 200, reset.body);
    const code = reset.json().authCode as string;
    assert.notEqual(code, SEEDED_CODE);
    assert.equal(again.json().authCode, code, 'the retry answers the same new code');
    assert.equal(calls('ModifyDomain', domain), 1, 'one reset at the registrar');

    assert.ok(!log.includes(SEEDED_CODE) && !log.includes(code), 'no auth code in the log');
    const stored = readFileSync(path.join(dataDir, 'idempotency.jsonl'), { encoding: 'utf8', flag: 'a+' });
    assert.ok(!stored.includes(code), 'no auth code in the idempotency store');
  });

  it('DNS zone and DNSSEC starts: the key customer reads the run by the domain it owns, another key gets 404', async () => {
    const domain = 'gw-dns.com';
    await managedByA(domain);
    const zone = { domain, records: [{ name: 'www', type: 'A', ttl: 3600, data: '203.0.113.10' }] };
    assert.equal((await call('POST', '/v1/dns-zones', CUSTOMER_B, zone)).statusCode, 404);
    const applied = await call('POST', '/v1/dns-zones', CUSTOMER_A, zone);
    assert.equal(applied.statusCode, 202, applied.body);
    assert.equal(applied.json().workflowId, `apply-zone:${domain}`);
    await env.client.workflow.getHandle(`apply-zone:${domain}`).result();

    const ds = { type: 'DS', keyTag: 11111, algorithm: 13, digestType: 2, digest: 'A1'.repeat(32) };
    const set = await call('POST', '/v1/dnssec', CUSTOMER_A, { domain, action: 'set', records: [ds] });
    assert.equal(set.statusCode, 202, set.body);
    const { workflowId, statusUrl } = set.json() as { workflowId: string; statusUrl: string };
    await env.client.workflow.getHandle(workflowId).result();
    // These runs carry no CustomerId: the gateway takes the owner from the domain's entity.
    const state = await call('GET', statusUrl, CUSTOMER_A);
    assert.equal(state.statusCode, 200, state.body);
    assert.equal(state.json().status, 'COMPLETED');
    assert.equal((await call('GET', statusUrl, CUSTOMER_B)).statusCode, 404);
    assert.equal((await call('GET', `/v1/workflows/apply-zone:${domain}`, CUSTOMER_B)).statusCode, 404);
    assert.equal((await call('GET', `/v1/workflows/apply-zone:${domain}`, CUSTOMER_A)).statusCode, 200);
  });

  it('hosts under a managed domain: created once, listed; a host outside the domain is 400 naming host', async () => {
    const domain = 'gw-hosts.com';
    await managedByA(domain);
    const url = `/v1/domains/${domain}/hosts/ns1.${domain}`;
    assert.equal((await call('POST', url, CUSTOMER_B, { ips: ['1.2.3.4'] })).statusCode, 404);
    const created = await call('POST', url, CUSTOMER_A, { ips: ['1.2.3.4'] });
    assert.equal(created.statusCode, 200, created.body);
    assert.equal(created.json().changed, true);
    assert.deepEqual(created.json().view.ips, ['1.2.3.4']);
    const listed = await call('GET', `/v1/domains/${domain}/hosts`, CUSTOMER_A);
    assert.deepEqual(
      listed.json().hosts.map((h: { host: string }) => h.host),
      [`ns1.${domain}`],
    );
    const outside = await call('POST', `/v1/domains/${domain}/hosts/ns1.elsewhere.com`, CUSTOMER_A, {
      ips: ['1.2.3.4'],
    });
    assert.equal(outside.statusCode, 400);
    assert.deepEqual(
      outside.json().errors.map((e: { field: string }) => e.field),
      ['host'],
    );
  });

  it('transfer-out: nothing pending is answered as such; a foreign key gets 404 and sends nothing', async () => {
    const domain = 'gw-out.com';
    await managedByA(domain);
    assert.equal(
      (await call('POST', `/v1/domains/${domain}/transfer-out`, CUSTOMER_B, { action: 'deny' })).statusCode,
      404,
    );
    await rejectsWith(env.client.workflow.getHandle(`transfer-out:${domain}:deny`).describe(), WorkflowNotFoundError);
    const denied = await call('POST', `/v1/domains/${domain}/transfer-out`, CUSTOMER_A, { action: 'deny' });
    assert.equal(denied.statusCode, 200, denied.body);
    assert.equal(denied.json().result.outcome, 'none-pending');
    const badTag = await call('POST', `/v1/domains/${domain}/transfer-out`, CUSTOMER_A, { action: 'deny', tag: 'X-1' });
    assert.equal(badTag.statusCode, 400);
  });

  it("a backorder through the gateway: money scope, the key's customer, its cancel route (B: 404, A: released)", async () => {
    const domain = 'gw-drop.com';
    await deposit(env.client, 'cust-a', { reference: 'dep-gw', amount: 5_000, currency: 'USD' }, { taskQueue });
    ispapi.sandbox.seedDrop({ domain, dropAt: new Date(Date.now() + 60_000) });
    const body = {
      domain,
      contacts: { owner: owner('Drop', 'drop@example.net') },
      timing: { activateBefore: '2m', processBefore: '2s', giveUpAfterDrop: '5s', recheckEvery: '1s', pollEvery: '1s' },
    };
    assert.equal((await call('POST', '/v1/backorders', OPS, { ...body, customerId: 'cust-a' })).statusCode, 403);
    const started = await call('POST', '/v1/backorders', CUSTOMER_A, body);
    assert.equal(started.statusCode, 202, started.body);
    const workflowId = `backorder:cust-a:${domain}`;
    assert.equal(started.json().workflowId, workflowId);
    const described = await env.client.workflow.getHandle(workflowId).describe();
    assert.equal(described.typedSearchAttributes.get(CustomerId), 'cust-a');
    await eventually(
      async () => {
        const state = await call('GET', started.json().statusUrl, CUSTOMER_A);
        return state.json().state.phase === 'ACTIVE' ? true : undefined;
      },
      20_000,
      'the backorder ACTIVE',
    );

    assert.equal((await call('POST', `/v1/backorders/cust-a/${domain}/cancel`, CUSTOMER_B)).statusCode, 404);
    const cancelled = await call('POST', `/v1/backorders/cust-a/${domain}/cancel`, CUSTOMER_A);
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    assert.deepEqual(cancelled.json(), { cancelled: true });
    const result = await env.client.workflow.getHandle(workflowId).result();
    assert.equal((result as { status: string }).status, 'CANCELLED');
    assert.equal(calls('AddDomainApplication', domain), 0);
  });

  it('a swiss application through the gateway, then cancelled by the generic cancel route (B: 404)', async () => {
    const domain = 'new-gw-uhren.swiss'; // new-...: free at the sandbox
    const started = await call('POST', '/v1/swiss-applications', CUSTOMER_A, {
      domain,
      contacts: {
        owner: {
          ...owner('Anna', 'anna@example.ch', 'CH'),
          postalCode: '8001',
          city: 'Zürich',
          phone: '+41.441234567',
        },
      },
      nameservers: NS,
      enterpriseId: 'CHE-109.322.551',
      intendedUse: 'Online shop for Swiss watches',
    });
    assert.equal(started.statusCode, 202, started.body);
    const { workflowId } = started.json() as { workflowId: string };
    assert.equal(workflowId, `swiss-application:${domain}`);
    await eventually(async () => ispapi.sandbox.applications({ domain })[0], 20_000, 'the application submitted');

    const cancelUrl = `/v1/workflows/${encodeURIComponent(workflowId)}/cancel`;
    assert.equal((await call('POST', cancelUrl, CUSTOMER_B)).statusCode, 404);
    assert.equal(await statusOf(workflowId), 'RUNNING', 'a foreign key cancelled nothing');
    assert.equal((await call('POST', cancelUrl, CUSTOMER_A)).statusCode, 200);
    await eventually(
      async () => ((await statusOf(workflowId)) === 'CANCELLED' ? true : undefined),
      20_000,
      'cancelled',
    );
  });
});
