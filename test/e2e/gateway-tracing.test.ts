import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { loadMailConfig } from '../../src/config/mail';
import type { Gateway } from '../../src/gateway/server';
import { sha256Hex } from '../../src/gateway/auth';
import { startTracing, type Tracing } from '../../src/telemetry/tracing';
import { createWorker } from '../../src/workers/worker';
import { createDevEnv, type DevEnv } from '../helpers/dev-env';
import { startIspapi, type IspapiSetup } from '../helpers/registrars';
import { eventually, testCodec, testDataConverter, uniqueTaskQueue, workflowBundle } from '../helpers/temporal';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: { stringValue?: string; intValue?: number | string } }>;
}

/** An OTLP/HTTP receiver in the test process: the JSON exports the SDK sends to /v1/traces. */
async function startReceiver(): Promise<{ url: string; spans: OtlpSpan[]; close(): Promise<void>; server: Server }> {
  const spans: OtlpSpan[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const parsed = JSON.parse(body) as {
          resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
        };
        for (const rs of parsed.resourceSpans) for (const ss of rs.scopeSpans) spans.push(...ss.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const KEY = 'dfk_trace-test-key';
const attribute = (span: OtlpSpan, key: string) => span.attributes.find((a) => a.key === key)?.value.stringValue;

/**
 * One trace from the HTTP request through the workflow and its activities to the registrar's HTTP
 * call: the gateway, the client and the worker in this process with the real interceptors, the
 * spans exported over OTLP/HTTP to an in-process receiver.
 */
describe('gateway: OpenTelemetry trace from the API request to the registrar call', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let tracing: Tracing;
  let env: DevEnv;
  let ispapi: IspapiSetup;
  let worker: Worker;
  let running: Promise<void>;
  let gateway: Gateway;
  let dataDir: string;

  before(async () => {
    receiver = await startReceiver();
    // First: the HTTP instrumentation must be in place before the gateway's server module loads.
    tracing = (await startTracing({ otlpEndpoint: receiver.url, serviceName: 'domainflow-test', httpServer: true }))!;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- after startTracing on purpose
    const { buildGateway } = require('../../src/gateway/server') as typeof import('../../src/gateway/server');
    dataDir = mkdtempSync(path.join(tmpdir(), 'domainflow-trace-'));
    [env, ispapi] = await Promise.all([createDevEnv(), startIspapi()]);
    const taskQueue = uniqueTaskQueue('trace');
    worker = await createWorker({
      connection: env.nativeConnection,
      namespace: env.namespace,
      taskQueue,
      registrars: { ispapi: ispapi.adapter },
      mail: loadMailConfig({}),
      backorderPrices: {},
      codec: testCodec(),
      workflowBundle: await workflowBundle(),
      tracing,
    });
    running = worker.run();
    const client = new Client({
      connection: env.connection,
      namespace: env.namespace,
      dataConverter: testDataConverter(),
      interceptors: { workflow: tracing.clientInterceptors },
    });
    gateway = await buildGateway({
      client,
      taskQueue,
      keys: [{ id: 'ops', sha256: sha256Hex(KEY), scopes: new Set(['read', 'operate']) }],
      ratePerMinute: 1000,
      idempotencyFile: path.join(dataDir, 'idempotency.jsonl'),
      logLevel: 'warn',
    });
    await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  });

  after(async () => {
    await gateway?.close();
    worker?.shutdown();
    await running;
    await tracing?.shutdown();
    await ispapi?.close();
    await env?.teardown();
    await receiver?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('links the HTTP request span, the workflow start and run, the activity and the registrar HTTP call', async () => {
    const domain = 'gw-traced.com';
    const { port } = gateway.app.server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/v1/transfers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ domain, authCode: 'Trace-Auth-1', polling: { initialInterval: '1s', maxInterval: '1s' } }),
    });
    assert.equal(res.status, 202, await res.text());
    await eventually(async () =>
      ispapi.sandbox.pendingTransfers().some((t) => t.domain === domain) ? true : undefined,
    );
    ispapi.sandbox.approveTransfer(domain);
    const handle = env.client.workflow.getHandle(`transfer:${domain}`);
    assert.equal((await handle.result()).outcome, 'completed');
    await tracing.flush();

    const byId = new Map(receiver.spans.map((s) => [s.spanId, s]));
    const ancestry = (span: OtlpSpan): OtlpSpan[] => {
      const chain = [span];
      for (let s = span; s.parentSpanId && byId.has(s.parentSpanId);) chain.push((s = byId.get(s.parentSpanId)!));
      return chain;
    };
    // undici's client spans (kind CLIENT = 3) to the sandbox: the registrar calls.
    const registrarCalls = receiver.spans.filter(
      (s) => s.kind === 3 && (attribute(s, 'url.full') ?? '').startsWith(ispapi.sandbox.url),
    );
    assert.ok(registrarCalls.length > 0, `registrar call spans; got ${receiver.spans.map((s) => s.name).join(', ')}`);
    const chain = ancestry(registrarCalls[0]!);
    const names = chain.map((s) => s.name);
    const at = (pattern: RegExp) => names.findIndex((n) => pattern.test(n));
    const runActivity = at(/^RunActivity:/);
    const startActivity = at(/^StartActivity:/);
    const runWorkflow = at(/^RunWorkflow:transferDomain$/);
    const startWorkflow = at(/^StartWorkflow:transferDomain$/);
    const server = chain.findIndex((s) => s.kind === 2 && attribute(s, 'http.target') === '/v1/transfers');
    assert.ok(
      runActivity === 1 && runActivity < startActivity && startActivity < runWorkflow,
      `registrar call <- activity <- workflow: ${names.join(' <- ')}`,
    );
    assert.ok(
      runWorkflow < startWorkflow && startWorkflow < server,
      `workflow <- start <- HTTP request: ${names.join(' <- ')}`,
    );
    assert.equal(new Set(chain.map((s) => s.traceId)).size, 1, 'one trace');
    // The caller's own span (this test's fetch, instrumented too) is the server span's parent: a
    // billing system's traceparent header continues its trace.
    assert.equal(chain.at(-1)!.kind, 3, `the caller's client span at the root: ${names.join(' <- ')}`);
    assert.equal(server, chain.length - 2);
    assert.ok(!JSON.stringify(receiver.spans).includes('Trace-Auth-1'), 'no auth code in any span');
  });
});
