/**
 * The chaos harness: a dev server on a SQLite file, both sandbox registrars in this process, a
 * worker in a child process, and the means to hurt them: scripted faults in both sandboxes, the
 * worker SIGKILLed and restarted, the dev server stopped and started again on the same file.
 *
 * CHAOS_SEED (default: random, always printed) makes the fault draws and the moments of the kills
 * repeatable; CHAOS_ROUNDS (default 1: the short form in `npm test`) how many rounds run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection, ServiceError } from '@temporalio/client';
import { freePort, startDevServer, type DevServer } from '../../scripts/lib/dev-server';
import { IspapiSandbox, type IspapiFault } from '../../src/sandbox/ispapi/server';
import { OpenproviderSandbox, type InjectedFault } from '../../src/sandbox/openprovider/server';
import { seededRandom } from '../../src/sandbox/shared/faults';
import { eventually, testCodecKeysEnv, testDataConverter, workflowBundle } from '../helpers/temporal';

const REPO = path.resolve(__dirname, '../..');

export interface ChaosSettings {
  seed: number;
  rounds: number;
}

export function chaosSettings(): ChaosSettings {
  const number = (name: string, fallback: number): number => {
    const raw = process.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number >= 0, got ${raw}`);
    return value;
  };
  return {
    seed: number('CHAOS_SEED', Math.floor(Math.random() * 2 ** 31)),
    rounds: Math.max(1, number('CHAOS_ROUNDS', 1)),
  };
}

/** Seeded choices: every random decision of a chaos run comes from here. */
export class Dice {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }
  between(min: number, max: number): number {
    return Math.floor(min + this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Faults a round injects into the ISPAPI sandbox: every kind at most once, at the given chance, on
 * any command, and the answer of each money- or domain-moving command lost once, so each of those
 * must be recognised on the retry instead of repeated.
 */
export function ispapiChaos(seedFaults: number, chance: number): IspapiFault[] {
  return [
    { fault: 'latency', ms: 30 + (seedFaults % 120), times: 'always', probability: 0.3 },
    { command: 'TransferDomain', fault: 'lose-answer' },
    { command: 'ModifyDomain', fault: 'lose-answer' },
    { command: 'AddDomain', fault: 'lose-answer' },
    { command: 'RenewDomain', fault: 'lose-answer' },
    { command: 'AddDomainApplication', fault: 'lose-answer' },
    { fault: 'reset', probability: chance },
    { fault: 'http-error', status: 503, probability: chance },
    { fault: 'timeout', probability: chance / 2 },
    { fault: 'malformed', probability: chance },
    { fault: 'truncated', probability: chance },
    { fault: 'code', code: 421, probability: chance },
    { fault: 'code', code: 423, probability: chance },
    { fault: 'code', code: 425, probability: chance },
  ];
}

/** The same for Openprovider, with its own temporary codes and maintenance flag. */
export function openproviderChaos(seedFaults: number, chance: number): InjectedFault[] {
  return [
    { latencyMs: 30 + (seedFaults % 120), times: 'always', probability: 0.3 },
    { route: 'POST /v1beta/domains/transfer', loseAnswer: true },
    { route: 'PUT /v1beta/domains/{id}', loseAnswer: true },
    { route: 'POST /v1beta/domains', loseAnswer: true },
    { route: 'POST /v1beta/domains/{id}/renew', loseAnswer: true },
    { reset: true, probability: chance },
    { timeout: true, probability: chance / 2 },
    {
      httpStatus: 502,
      rawBody: '<html><body><h1>502 Bad Gateway</h1></body></html>',
      probability: chance,
    },
    { httpStatus: 200, rawBody: '{"code":0,"desc":"","data":{"results":[{"id":', probability: chance },
    { maintenance: true, probability: chance },
    { code: 10, desc: 'Registry not reachable', probability: chance },
    { code: 17, desc: 'Error communicating with the registry', probability: chance },
    { code: 50, desc: 'Calls limit has been reached', probability: chance },
    { code: 4007, desc: 'API access temporarily blocked', probability: chance },
  ];
}

export interface ChaosWorld {
  dev: DevServer;
  ispapi: IspapiSandbox;
  openprovider: OpenproviderSandbox;
  client: Client;
  taskQueue: string;
  /** SIGKILL now, wait for the exit, start a new one. */
  killWorker(): Promise<void>;
  /** The dev server stopped (SIGTERM) and started again on the same SQLite file and port. */
  restartServer(downMs: number): Promise<void>;
  /** Both sandboxes idle (no API request open): a kill now loses no activity mid-call. */
  quiet(): boolean;
  /** A workflow's result, reading again through a dev server restart. */
  result<T>(handle: { result(): Promise<T> }, timeoutMs: number): Promise<T>;
  /** Resolves once a worker polls the task queue. */
  workerPolling(): Promise<void>;
  workerExits: number;
  teardown(): Promise<void>;
}

/** `env`: worker variables over the defaults below (a bulk e2e raises the registrar rate, turns sync off). */
export async function startChaosWorld(label: string, options: { env?: NodeJS.ProcessEnv } = {}): Promise<ChaosWorld> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'domainflow-chaos-'));
  const dbFile = path.join(dataDir, 'temporal.sqlite');
  const port = await freePort();
  const [dev, ispapi, openprovider, bundle] = await Promise.all([
    startDevServer({ port, uiPort: false, dbFile }),
    // Transfers are approved by the registry a few seconds after the request, as a real one would.
    IspapiSandbox.start({ transferPolicy: { mode: 'approve', afterMs: 3000 }, balance: '100000.00' }),
    OpenproviderSandbox.start({ transferPolicy: { mode: 'approve', afterMs: 3000 } }),
    workflowBundle(),
  ]);
  // A pre-built bundle: a restarted worker is polling again in a second or two, not after bundling.
  const bundleFile = path.join(dataDir, 'workflow-bundle.js');
  writeFileSync(bundleFile, bundle.code);
  const taskQueue = `chaos-${label}-${process.pid}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: dev.address,
    TEMPORAL_NAMESPACE: dev.namespace,
    DOMAINFLOW_TASK_QUEUE: taskQueue,
    DOMAINFLOW_WORKFLOW_BUNDLE: bundleFile,
    ISPAPI_ENV: 'sandbox',
    ISPAPI_URL: ispapi.url,
    // Short timeouts: a hang fault costs two seconds, not a minute.
    ISPAPI_REQUEST_TIMEOUT_MS: '2000',
    ISPAPI_CONNECT_TIMEOUT_MS: '1000',
    OPENPROVIDER_ENV: 'sandbox',
    OPENPROVIDER_URL: openprovider.baseUrl,
    OPENPROVIDER_OWNER_HANDLE: openprovider.defaultHandle,
    OPENPROVIDER_REQUEST_TIMEOUT_MS: '2000',
    OPENPROVIDER_CONNECT_TIMEOUT_MS: '1000',
    // The price test/chaos/backorders.ts counts on.
    DOMAINFLOW_BACKORDER_PRICES: 'com:USD:19.00',
    DOMAINFLOW_LOG_LEVEL: 'error',
    DOMAINFLOW_CODEC_KEYS: testCodecKeysEnv(),
    DOMAINFLOW_METRICS_ADDRESS: 'off',
    DOMAINFLOW_HEALTH_ADDRESS: 'off',
    ...options.env,
  };
  let workerLog = '';
  const startWorker = (): ChildProcess => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/workers/main.ts'], { cwd: REPO, env });
    const keep = (d: Buffer) => {
      workerLog = (workerLog + d.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    return child;
  };
  let worker = startWorker();
  let devServer = dev;
  const connection = await Connection.connect({ address: dev.address });
  const client = new Client({ connection, namespace: dev.namespace, dataConverter: testDataConverter() });

  const world: ChaosWorld = {
    dev,
    ispapi,
    openprovider,
    client,
    taskQueue,
    workerExits: 0,
    async killWorker() {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGKILL');
      await exited;
      world.workerExits += 1;
      worker = startWorker();
    },
    async restartServer(downMs) {
      await devServer.stop();
      await sleep(downMs);
      devServer = await startDevServer({ port, uiPort: false, dbFile });
      world.dev = devServer;
    },
    async workerPolling() {
      await eventually(
        async () => ((await pollerSeen(world.client, taskQueue)) ? true : undefined),
        60_000,
        'a worker polling',
      );
    },
    quiet: () => ispapi.inFlight() === 0 && openprovider.inFlight() === 0,
    async result<T>(handle: { result(): Promise<T> }, timeoutMs: number): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        try {
          return await handle.result();
        } catch (err) {
          // Only the read failed (the server was down or restarting): the workflow runs on.
          const transient = err instanceof ServiceError || /UNAVAILABLE|ECONNREFUSED|deadline/i.test(String(err));
          if (!transient || Date.now() > deadline) {
            throw new Error(`${String(err)}\n--- worker log (tail) ---\n${workerLog.slice(-3000)}`, { cause: err });
          }
          await sleep(500);
        }
      }
    },
    async teardown() {
      worker.kill('SIGKILL');
      await connection.close().catch(() => undefined);
      await Promise.all([ispapi.close(), openprovider.close(), devServer.stop()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  // The first worker must be polling before the clock of the round starts.
  await world.workerPolling();
  return world;
}

async function pollerSeen(client: Client, taskQueue: string): Promise<boolean> {
  const res = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: taskQueue },
  });
  return (res.pollers ?? []).length > 0;
}
