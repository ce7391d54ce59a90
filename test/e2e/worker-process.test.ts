import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startDevServer, freePort, type DevServer } from '../../scripts/lib/dev-server';
import { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { WebhookReceiver } from '../../src/sandbox/webhook-receiver';
import { startTransfer } from '../../src/client/transfer';
import { eventually, testCodecKeysEnv, testDataConverter } from '../helpers/temporal';

const REPO = path.resolve(__dirname, '../..');
const GRACE_MS = 5_000;

interface WorkerProcess {
  child: ChildProcess;
  log: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  startedAt: number;
}

/** Parses the Prometheus text format into { name, labels, value } samples. */
function samples(text: string): Array<{ name: string; labels: Record<string, string>; value: number }> {
  const out: Array<{ name: string; labels: Record<string, string>; value: number }> = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m || line.startsWith('#')) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

/**
 * The worker process as production runs it: health and metrics endpoints, the project's counters
 * next to the SDK's, a graceful SIGTERM, and the pre-built workflow bundle.
 */
describe('worker process: health, metrics, graceful shutdown, pre-built bundle', () => {
  let dev: DevServer;
  let sandbox: IspapiSandbox;
  let receiver: WebhookReceiver;
  let tmp: string;
  let env: NodeJS.ProcessEnv;
  let healthUrl: string;
  let metricsUrl: string;
  let connection: Connection;
  let client: Client;
  const running: ChildProcess[] = [];

  before(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'domainflow-worker-'));
    [dev, sandbox, receiver] = await Promise.all([
      startDevServer({ uiPort: false }),
      IspapiSandbox.start(),
      WebhookReceiver.start({ secret: 'worker-e2e-webhook-secret' }),
    ]);
    const [metricsPort, healthPort] = [await freePort(), await freePort()];
    healthUrl = `http://127.0.0.1:${healthPort}`;
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    env = {
      ...process.env,
      NODE_ENV: 'test',
      TEMPORAL_ADDRESS: dev.address,
      TEMPORAL_NAMESPACE: dev.namespace,
      // No profile from the user's own temporal.toml.
      TEMPORAL_CONFIG_FILE: path.join(tmp, 'no-such-temporal.toml'),
      DOMAINFLOW_TASK_QUEUE: `worker-e2e-${process.pid}`,
      DOMAINFLOW_DATA_DIR: path.join(tmp, 'data'),
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_ISPAPI_PORT: new URL(sandbox.baseUrl).port,
      ISPAPI_ENV: 'sandbox',
      DOMAINFLOW_LOG_LEVEL: 'info',
      DOMAINFLOW_CODEC_KEYS: testCodecKeysEnv(),
      DOMAINFLOW_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
      DOMAINFLOW_HEALTH_ADDRESS: `127.0.0.1:${healthPort}`,
      DOMAINFLOW_SHUTDOWN_GRACE: `${GRACE_MS}ms`,
      DOMAINFLOW_WEBHOOK_URLS: receiver.url,
      DOMAINFLOW_WEBHOOK_SECRET: 'worker-e2e-webhook-secret',
    };
    delete env.DOMAINFLOW_WORKFLOW_BUNDLE;
    connection = await Connection.connect({ address: dev.address });
    client = new Client({ connection, namespace: dev.namespace, dataConverter: testDataConverter() });
  });

  after(async () => {
    for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await connection?.close();
    await sandbox?.close();
    await receiver?.close();
    await dev?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  function startWorker(extraEnv: NodeJS.ProcessEnv = {}): WorkerProcess {
    let log = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/workers/main.ts'], {
      cwd: REPO,
      env: { ...env, ...extraEnv },
      stdio: 'pipe',
    });
    running.push(child);
    child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    return { child, log: () => log, exited, startedAt: performance.now() };
  }

  const logLines = (w: WorkerProcess) =>
    w
      .log()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  /** The log line with this message, once it has arrived through the pipe. */
  const logged = (w: WorkerProcess, msg: string) =>
    eventually(async () => logLines(w).find((l) => l.msg === msg), 10_000, `log "${msg}"`);

  async function healthy(w: WorkerProcess): Promise<Record<string, unknown>> {
    return eventually(
      async () => {
        if (w.child.exitCode !== null) throw new Error(`worker exited ${w.child.exitCode}:\n${w.log()}`);
        const res = await fetch(`${healthUrl}/healthz`);
        const body = (await res.json()) as Record<string, unknown>;
        return res.status === 200 ? body : undefined;
      },
      90_000,
      'GET /healthz 200',
    );
  }

  async function stopGracefully(w: WorkerProcess): Promise<number> {
    const t0 = performance.now();
    w.child.kill('SIGTERM');
    const { code, signal } = await w.exited;
    const ms = performance.now() - t0;
    assert.equal(signal, null, `exited by signal ${signal}:\n${w.log()}`);
    assert.equal(code, 0, w.log());
    assert.ok(ms < GRACE_MS + 2_000, `stopped in ${Math.round(ms)} ms`);
    return ms;
  }

  it('healthz turns 200 when polling; metrics show SDK series and the registrar counter; SIGTERM exits 0', async () => {
    const w = startWorker();
    const body = await healthy(w);
    assert.deepEqual(body, {
      status: 'ok',
      worker: 'RUNNING',
      taskQueue: env.DOMAINFLOW_TASK_QUEUE,
      namespace: dev.namespace,
    });
    const ready = await fetch(`${healthUrl}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal((await fetch(`${healthUrl}/nope`)).status, 404);
    const startMs = Math.round(performance.now() - w.startedAt);
    const started = await logged(w, 'worker started');
    const logs = logLines(w);
    assert.ok(
      logs.some((l) => /pre-built workflow bundle|bundling the workflows at start/.test(String(l.msg))),
      'says which workflow code it runs',
    );
    assert.equal(started.metrics, env.DOMAINFLOW_METRICS_ADDRESS);
    assert.equal(started.health, env.DOMAINFLOW_HEALTH_ADDRESS);
    console.log(
      `# worker ready (${String(started.workflowCode)}) in ${startMs} ms; rss ${String(started.rssMb)} MB at start`,
    );

    const sdkMetrics = samples(await (await fetch(metricsUrl)).text());
    assert.ok(
      sdkMetrics.some((s) => s.name.startsWith('temporal_')),
      'the SDK metrics are exported with their temporal_ prefix',
    );

    const domain = 'metrics-transfer.com';
    sandbox.seedExternalDomain({
      domain,
      authCode: 'Metrics-Auth-1',
      nameservers: ['ns1.old.example', 'ns2.old.example'],
    });
    const { handle } = await startTransfer(
      client,
      {
        domain,
        authCode: 'Metrics-Auth-1',
        nameservers: ['ns1.new.example', 'ns2.new.example'],
        polling: { initialInterval: '1s', maxInterval: '1s' },
      },
      { taskQueue: env.DOMAINFLOW_TASK_QUEUE },
    );
    await eventually(
      async () => (sandbox.journal({ command: 'TransferDomain', domain }).length > 0 ? true : undefined),
      60_000,
      'TransferDomain',
    );
    sandbox.approveTransfer(domain);
    const result = await handle.result();
    assert.equal(result.outcome, 'completed');

    const calls = await eventually(
      async () => {
        const all = samples(await (await fetch(metricsUrl)).text()).filter(
          (s) => s.name === 'domainflow_registrar_calls_total',
        );
        return all.some((s) => s.labels.operation === 'requestTransfer') ? all : undefined;
      },
      10_000,
      'domainflow_registrar_calls_total',
    );
    const request = calls.find((s) => s.labels.operation === 'requestTransfer' && s.labels.outcome === 'ok');
    assert.ok(request, JSON.stringify(calls));
    assert.equal(request.value, 1);
    assert.equal(request.labels.registrar, 'ispapi');
    assert.ok(calls.some((s) => s.labels.operation === 'setNameservers' && s.labels.outcome === 'ok'));

    // The transfer's outcome event reaches the receiver, and each accepted delivery is counted
    // once (both read until they agree: the counter is scraped apart from the receiver's log).
    const webhooks = await eventually(
      async () => {
        const all = samples(await (await fetch(metricsUrl)).text()).filter(
          (s) => s.name === 'domainflow_webhooks_total',
        );
        const counted = all.filter((s) => s.labels.outcome === 'delivered').reduce((n, s) => n + s.value, 0);
        const accepted = receiver.deliveries().filter((d) => d.status < 300).length;
        const arrived = receiver.events().some((e) => e.domain === domain);
        return arrived && counted > 0 && counted === accepted ? all : undefined;
      },
      30_000,
      'domainflow_webhooks_total equal to the deliveries the receiver accepted',
    );
    assert.ok(webhooks.every((s) => s.labels.event_type && !Object.values(s.labels).includes(receiver.url)));

    const rss = process.memoryUsage().rss; // the test process, for contrast in the log
    const stopMs = await stopGracefully(w);
    console.log(`# SIGTERM -> exit 0 in ${Math.round(stopMs)} ms (test process rss ${Math.round(rss / 1048576)} MB)`);
    await logged(w, 'worker stopped');
    await logged(w, 'stopping: no new tasks; in-flight activities get the grace time');
    // Everything the process wrote is one JSON object per line (Core's logs included).
    const stray = w
      .log()
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('{'));
    assert.deepEqual(stray, []);
  });

  it('with the `npm run build` output it runs the pre-built bundle (required in production)', async () => {
    const bundle = path.join(tmp, 'lib', 'workflow-bundle.js');
    const t0 = performance.now();
    const build = await new Promise<{ code: number; out: string }>((resolve) =>
      execFile('npm', ['run', '--silent', 'build', '--', '--out', bundle], { cwd: REPO, env }, (err, stdout, stderr) =>
        resolve({ code: err ? 1 : 0, out: stdout + stderr }),
      ),
    );
    assert.equal(build.code, 0, build.out);
    console.log(`# npm run build: ${Math.round(performance.now() - t0)} ms; ${build.out.trim()}`);

    const w = startWorker({ NODE_ENV: 'production', DOMAINFLOW_WORKFLOW_BUNDLE: bundle });
    await healthy(w);
    const startMs = Math.round(performance.now() - w.startedAt);
    const started = await logged(w, 'worker started');
    const using = await logged(w, 'using the pre-built workflow bundle');
    assert.equal(using.workflowBundle, bundle);
    assert.equal(started.workflowCode, 'prebuilt');
    console.log(`# worker ready (prebuilt) in ${startMs} ms; rss ${String(started.rssMb)} MB at start`);
    await stopGracefully(w);
  });

  it('production refuses to start when the named bundle is missing (exit 2, names the variable)', async () => {
    const w = startWorker({ NODE_ENV: 'production', DOMAINFLOW_WORKFLOW_BUNDLE: path.join(tmp, 'missing.js') });
    const { code } = await w.exited;
    assert.equal(code, 2, w.log());
    assert.match(w.log(), /DOMAINFLOW_WORKFLOW_BUNDLE: no file at/);
  });
});
