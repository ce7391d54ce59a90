import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import type { OpenproviderRegistrar } from '../../src/registrars/openprovider/adapter';
import { RegistrarTemporaryError } from '../../src/registrars/errors';
import { type OpenproviderSandbox, SANDBOX_OPENPROVIDER_DEFAULT_HANDLE } from '../../src/sandbox/openprovider/server';
import { startOpenprovider, type OpenproviderSetup } from '../helpers/registrars';

/** The transport faults the Openprovider sandbox shares with the ISPAPI one: latency, reset, hang. */
const NS = ['ns1.fault.example', 'ns2.fault.example'];
const TRANSFER = 'POST /v1beta/domains/transfer';
const LIST = 'GET /v1beta/domains';
const CLIENT_TIMEOUT_MS = 800;

let sandbox: OpenproviderSandbox;
let registrar: OpenproviderRegistrar;
let setup: OpenproviderSetup;

before(async () => {
  setup = await startOpenprovider({
    client: { connectTimeoutMs: 1000, requestTimeoutMs: CLIENT_TIMEOUT_MS },
    // the handle the sandbox creates at start (sandbox.defaultHandle)
    adapter: { handles: { owner: SANDBOX_OPENPROVIDER_DEFAULT_HANDLE } },
  });
  ({ sandbox, adapter: registrar } = setup);
});
after(() => setup.close());
beforeEach(() => sandbox.reset());

describe('Openprovider sandbox transport faults', () => {
  it('latency alone delays the normal answer and leaves later faults in place', async () => {
    sandbox.seedDomain({ domain: 'slow-op.com', nameservers: NS });
    sandbox.injectFault({ route: LIST, latencyMs: 300, times: 'always' });
    sandbox.injectFault({ route: LIST, code: 50, desc: 'Calls limit has been reached' });
    await assert.rejects(registrar.getDomain('slow-op.com'), RegistrarTemporaryError);
    const started = Date.now();
    const info = await registrar.getDomain('slow-op.com');
    assert.ok(Date.now() - started >= 290);
    assert.deepEqual(info?.nameservers, NS);
    assert.equal(sandbox.faults().faults.length, 1, 'the latency stays until cleared');
    sandbox.clearFaults();
    assert.deepEqual(sandbox.faults().faults, []);
  });

  it('reset: temporary, the transfer never reached the registry; the retry sends one', async () => {
    sandbox.seedExternalDomain({ domain: 'reset-op.com', authCode: 'R1', nameservers: NS });
    sandbox.injectFault({ route: TRANSFER, reset: true });
    await assert.rejects(
      registrar.requestTransfer({ domain: 'reset-op.com', authCode: 'R1' }),
      RegistrarTemporaryError,
    );
    assert.equal(sandbox.journal({ route: TRANSFER }).length, 0);
    await registrar.requestTransfer({ domain: 'reset-op.com', authCode: 'R1' });
    assert.equal(sandbox.journal({ route: TRANSFER }).length, 1);
  });

  it('timeout: no answer until the client gives up; temporary, not executed', async () => {
    sandbox.seedExternalDomain({ domain: 'hang-op.com', authCode: 'H1', nameservers: NS });
    sandbox.injectFault({ route: TRANSFER, timeout: true });
    const started = Date.now();
    await assert.rejects(registrar.requestTransfer({ domain: 'hang-op.com', authCode: 'H1' }), RegistrarTemporaryError);
    assert.ok(Date.now() - started < CLIENT_TIMEOUT_MS + 1500);
    assert.equal(sandbox.journal({ route: TRANSFER }).length, 0);
  });

  it('control routes: POST with probability and "always", PUT seed, GET, DELETE', async () => {
    const control = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) => {
      const res = await request(`${sandbox.baseUrl}/_sandbox/${path}`, {
        method,
        body: body === undefined ? undefined : JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
      return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
    };
    assert.equal((await control('PUT', 'faults/seed', { seed: 5 })).status, 200);
    const added = await control('POST', 'faults', { route: LIST, reset: true, times: 'always', probability: 0.5 });
    assert.equal(added.status, 201);
    const shown = await control('GET', 'faults');
    assert.equal(shown.body.seed, 5);
    assert.equal((shown.body.faults as unknown[]).length, 1);
    const bad = await control('POST', 'faults', { probability: 2 });
    assert.equal(bad.status, 400);
    assert.match(String(bad.body.error), /probability: must be > 0 and <= 1/);
    assert.equal((await control('DELETE', 'faults')).status, 200);
    assert.deepEqual((await control('GET', 'faults')).body.faults, []);
  });
});
