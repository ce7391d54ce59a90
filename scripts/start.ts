/**
 * `npm start`: the whole system on embedded defaults, on loopback:
 * the Temporal dev server (SQLite file, Web UI), the sandbox registrars of the registrar table
 * (src/registrars/index.ts: ISPAPI always, Openprovider when OPENPROVIDER_ENV=sandbox), and a worker process.
 * Ctrl-C (or SIGTERM) stops everything in order: worker, sandbox, dev server. A second Ctrl-C forces.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { ConfigError, loadConfig, loadDotEnv, type Config } from '../src/config/config';
import { REGISTRAR_ENTRIES, type RegistrarName, type RunningSandbox } from '../src/registrars';
import { SANDBOX_WEBHOOK_SECRET, WebhookReceiver } from '../src/sandbox/webhook-receiver';
import { codecFromConfig } from '../src/codec';
import { CodecServer } from '../src/codec/codec-server';
import { killWhenParentDies, startDevServer, type DevServer } from './lib/dev-server';
import { MissingBinaryError, REPO_ROOT, resolveTemporalCli } from './lib/temporal-binaries';
import { startGatewayProcess, type GatewayProcess } from './lib/gateway-process';

const WORKER_ENTRY = 'src/workers/main.ts';
const WORKER_STOP_GRACE_MS = 30_000; // the worker gives in-flight activities 20 s
const WORKER_READY_TIMEOUT_MS = 90_000;
const SIGNAL_DEBOUNCE_MS = 1_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const say = (msg: string) => console.log(`[start] ${msg}`);
/** A path relative to the current folder when inside it, else absolute. */
const shown = (p: string) => {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
};

function loadSettings(): Config {
  try {
    loadDotEnv();
    return loadConfig();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  }
}

/** host:port -> parts (config has already validated the shape). */
function splitAddress(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  return { host: address.slice(0, i), port: Number(address.slice(i + 1)) };
}

/** Resolves once a worker polls the workflow task queue (or false after the timeout). */
async function waitForWorker(address: string, namespace: string, taskQueue: string, stillRunning: () => boolean) {
  const connection = await Connection.connect({ address });
  try {
    const deadline = Date.now() + WORKER_READY_TIMEOUT_MS;
    while (Date.now() < deadline && stillRunning()) {
      const res = await connection.workflowService.describeTaskQueue({
        namespace,
        taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      });
      if ((res.pollers?.length ?? 0) > 0) return true;
      await new Promise((r) => setTimeout(r, 250));
    }
    return false;
  } finally {
    await connection.close();
  }
}

async function main(): Promise<void> {
  const config = loadSettings();
  const t0 = performance.now();

  let cliPath: string;
  try {
    cliPath = resolveTemporalCli().path;
  } catch (err) {
    if (err instanceof MissingBinaryError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }

  // What is running, for shutdown (filled in as each part starts).
  const running: {
    devServer?: DevServer;
    /** the sandbox registrars, in table order */
    sandboxes: { label: string; sandbox: RunningSandbox }[];
    webhookReceiver?: WebhookReceiver;
    worker?: ChildProcess;
    workerExit?: Promise<void>;
    codecServer?: CodecServer;
    gateway?: GatewayProcess;
  } = { sandboxes: [] };
  let shuttingDown = false;
  let forced = false;

  const stopWorker = async () => {
    const { worker } = running;
    if (!worker || worker.exitCode !== null || worker.signalCode !== null) return;
    worker.kill('SIGTERM');
    const timer = setTimeout(() => worker.kill('SIGKILL'), WORKER_STOP_GRACE_MS);
    await running.workerExit;
    clearTimeout(timer);
  };

  const shutdown = async (code: number, why: string): Promise<never> => {
    if (shuttingDown) return new Promise<never>(() => undefined);
    shuttingDown = true;
    say(`${why}: stopping (Ctrl-C again to force)`);
    const step = async (name: string, fn: () => Promise<void>) => {
      const t = performance.now();
      try {
        await fn();
        say(`${name} stopped (${seconds(performance.now() - t)})`);
      } catch (err) {
        console.error(`[start] ${name} did not stop cleanly: ${err instanceof Error ? err.message : String(err)}`);
        code ||= 1;
      }
    };
    const { worker, sandboxes, devServer } = running;
    if (running.gateway) await step('gateway', () => running.gateway!.stop());
    if (worker) await step('worker', stopWorker);
    for (const { label, sandbox } of sandboxes) await step(`${label} sandbox`, () => sandbox.close());
    if (running.webhookReceiver) await step('webhook receiver', () => running.webhookReceiver!.close());
    if (devServer) await step('Temporal dev server', () => devServer.stop());
    if (running.codecServer) await step('codec endpoint', () => running.codecServer!.close());
    process.exit(code);
  };

  const force = () => {
    if (forced) return;
    forced = true;
    console.error('[start] forced: killing everything');
    running.worker?.kill('SIGKILL');
    running.gateway?.kill();
    running.devServer?.kill();
    process.exit(130);
  };
  // One Ctrl-C can arrive more than once: the terminal signals the whole foreground group and
  // `npm start` -> tsx also relay it to us. Only a signal well after the first one forces.
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (!firstSignalAt) {
      firstSignalAt = performance.now();
      void shutdown(0, `${signal} received`);
    } else if (performance.now() - firstSignalAt > SIGNAL_DEBOUNCE_MS) {
      force();
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  // 0. The codec endpoint: the Web UI decrypts payloads through it (key from the env or <data dir>/codec-keys).
  let codecServer: CodecServer;
  try {
    codecServer = await CodecServer.start({
      codec: codecFromConfig(config),
      host: config.codec.host,
      port: config.codec.port,
      corsOrigins: config.codec.corsOrigins,
      authToken: config.codec.authToken,
    });
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    console.error(`[start] the codec endpoint did not start: ${err instanceof Error ? err.message : String(err)}`);
    return shutdown(1, 'start-up failed');
  }
  running.codecServer = codecServer;

  // 1. Temporal dev server (+ search attributes, registered idempotently inside startDevServer).
  const { host, port } = splitAddress(config.temporal.address);
  const dbFile = path.resolve(config.dataDir, 'temporal.sqlite');
  say(`starting the Temporal dev server on ${config.temporal.address} (db ${shown(dbFile)})`);
  let devServer: DevServer;
  try {
    devServer = await startDevServer({
      ip: host,
      port,
      uiPort: config.temporal.uiPort,
      namespace: config.temporal.namespace,
      dbFile,
      cliPath,
      uiCodecEndpoint: codecServer.url,
    });
  } catch (err) {
    console.error(
      `[start] the Temporal dev server did not start:\n${err instanceof Error ? err.message : String(err)}`,
    );
    return shutdown(1, 'start-up failed');
  }
  running.devServer = devServer;
  if (shuttingDown) return;
  const devServerMs = devServer.startMs;
  void devServer.exited.then((code) => {
    if (!shuttingDown) void shutdown(1, `the Temporal dev server exited unexpectedly (code ${code})`);
  });

  // 2. The sandbox registrars the configuration asks for, in-process (each row of the registrar table says when).
  let t = performance.now();
  for (const entry of REGISTRAR_ENTRIES) {
    const name: RegistrarName = entry.name;
    if (!entry.sandbox.wanted(config[name])) continue;
    try {
      running.sandboxes.push({
        label: entry.label,
        sandbox: await entry.sandbox.start(config.sandbox.host, config.sandbox.ports[name]),
      });
    } catch (err) {
      console.error(
        `[start] the ${entry.label} sandbox did not start: ${err instanceof Error ? err.message : String(err)}`,
      );
      return shutdown(1, 'start-up failed');
    }
    if (shuttingDown) return;
  }
  // Without receivers of its own, the worker sends change events to the sandbox receiver, so they
  // can be watched arriving (GET /_sandbox/events).
  if (config.webhooks.urls.length === 0) {
    try {
      running.webhookReceiver = await WebhookReceiver.start({
        host: config.sandbox.host,
        port: config.sandbox.webhookPort,
        secret: SANDBOX_WEBHOOK_SECRET,
      });
    } catch (err) {
      console.error(
        `[start] the webhook receiver did not start: ${err instanceof Error ? err.message : String(err)} (SANDBOX_WEBHOOK_PORT)`,
      );
      return shutdown(1, 'start-up failed');
    }
    if (shuttingDown) return;
  }
  const sandboxMs = performance.now() - t;

  // 3. The worker, as a child process with the same environment (.env already merged in).
  t = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_ENTRY], {
    cwd: REPO_ROOT,
    env: running.webhookReceiver
      ? {
          ...process.env,
          DOMAINFLOW_WEBHOOK_URLS: running.webhookReceiver.url,
          DOMAINFLOW_WEBHOOK_SECRET: SANDBOX_WEBHOOK_SECRET,
        }
      : process.env,
    stdio: 'inherit',
    // Own process group: Ctrl-C reaches only us; we stop the worker first, then the server.
    detached: true,
  });
  running.worker = child;
  running.workerExit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (err) => {
    if (!shuttingDown) void shutdown(1, `the worker could not be started (${err.message})`);
  });
  child.once('exit', (code, signal) => {
    if (!shuttingDown) void shutdown(1, `the worker exited unexpectedly (${signal ?? `code ${code}`})`);
  });
  process.on('exit', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  if (child.pid) killWhenParentDies(child.pid);

  const workerRunning = () => child.exitCode === null && child.signalCode === null;
  const ready = await waitForWorker(
    devServer.address,
    config.temporal.namespace,
    config.temporal.taskQueue,
    () => workerRunning() && !shuttingDown,
  ).catch(() => false);
  if (shuttingDown) return;
  const workerMs = performance.now() - t;
  if (!ready) say(`the worker is not polling ${config.temporal.taskQueue} yet after ${seconds(workerMs)}; carrying on`);

  // 4. The HTTP gateway (`domainflow serve`), unless DOMAINFLOW_GATEWAY_ADDRESS=off.
  if (config.gateway.address) {
    running.gateway = startGatewayProcess(config, () => {
      if (!shuttingDown) void shutdown(1, 'the gateway exited unexpectedly');
    });
  }
  const gatewayLines = running.gateway ? await running.gateway.ready() : [];
  if (shuttingDown) return;

  const sandboxes = running.sandboxes.map((s) => s.sandbox);
  console.log(
    [
      '',
      'domainflow is running.',
      `  Temporal Web UI:   ${devServer.uiUrl ?? `http://${host}:${config.temporal.uiPort}`}`,
      `  Temporal address:  ${devServer.address}  (namespace ${config.temporal.namespace}, task queue ${config.temporal.taskQueue})`,
      ...sandboxes.flatMap((s) => s.banner),
      running.webhookReceiver
        ? `  Webhook receiver:  ${running.webhookReceiver.url}  (events: GET ${running.webhookReceiver.baseUrl}/_sandbox/events)`
        : `  Change events to:  ${config.webhooks.urls.join(', ')}`,
      `  Codec endpoint:    ${codecServer.url}  (the Web UI decrypts payloads through it)`,
      ...gatewayLines,
      `  Temporal data:     ${shown(dbFile)}`,
      '',
      `Started in ${seconds(performance.now() - t0)}: Temporal dev server ${seconds(devServerMs)}, ` +
        `sandboxes ${seconds(sandboxMs)}, worker ${seconds(workerMs)}${ready ? '' : ' (not ready yet)'}.`,
      '',
      'Try:',
      ...sandboxes.flatMap((s) => s.tryLines),
      ...(running.gateway?.tryLines() ?? []),
      ...(running.webhookReceiver ? [`  curl ${running.webhookReceiver.baseUrl}/_sandbox/events`] : []),
      '',
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
