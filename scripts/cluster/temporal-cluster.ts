/**
 * The Temporal cluster as production runs it: PostgreSQL for persistence and visibility (schemas
 * set up by the server's own SQL tool), and the four services (frontend, history, matching,
 * worker) as separate processes of the Go-built server, sharing one generated config.
 * Start it with startTemporalCluster(); the returned handle stops or restarts any service.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { Client, Connection, isGrpcServiceError } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { registerSearchAttributes } from '../lib/dev-server';
import { ensureClusterBinaries, type ClusterBinaries } from './binaries';
import { startPostgres, type Postgres } from './postgres';

export const SERVICES = ['frontend', 'history', 'matching', 'worker'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface TemporalCluster {
  address: string;
  namespace: string;
  dataDir: string;
  postgres: Postgres;
  pids(): Record<ServiceName, number | undefined>;
  /** SIGTERM (SIGKILL after 20 s) one service and start it again on the same ports. */
  restart(service: ServiceName, downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function sqlTool(bin: ClusterBinaries, pgPort: number, db: string, args: string[]): void {
  const base = ['--plugin', 'postgres12', '--ep', '127.0.0.1', '-p', String(pgPort), '-u', 'temporal', '--db', db];
  const res = spawnSync(bin.sqlTool, [...base, ...args], { encoding: 'utf8' });
  if (res.status !== 0)
    throw new Error(`temporal-sql-tool ${args.join(' ')} (${db}) failed:\n${res.stdout}${res.stderr}`);
}

/** create-database + setup-schema 0.0 + update-schema to the newest versioned folder: idempotent. */
function setupSchemas(bin: ClusterBinaries, pgPort: number): void {
  const schemaRoot = path.join(bin.moduleDir, 'schema', 'postgresql', 'v12');
  for (const [db, folder] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ] as const) {
    sqlTool(bin, pgPort, db, ['create-database']);
    sqlTool(bin, pgPort, db, ['setup-schema', '-v', '0.0']);
    sqlTool(bin, pgPort, db, ['update-schema', '-d', path.join(schemaRoot, folder, 'versioned')]);
  }
}

interface Ports {
  pg: number;
  http: number;
  rpc: Record<ServiceName, { grpcPort: number; membershipPort: number }>;
}

function serverConfig(ports: Ports, dataDir: string) {
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `127.0.0.1:${ports.pg}`,
      connectProtocol: 'tcp',
      user: 'temporal',
      password: '',
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const services = Object.fromEntries(
    SERVICES.map((s) => [
      s,
      { rpc: { ...ports.rpc[s], bindOnLocalHost: true, ...(s === 'frontend' ? { httpPort: ports.http } : {}) } },
    ]),
  );
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'pg-default',
      visibilityStore: 'pg-visibility',
      // Shards are history's unit of ownership: 4 is the development value, plenty for one machine.
      numHistoryShards: 4,
      datastores: { 'pg-default': store('temporal', 20), 'pg-visibility': store('temporal_visibility', 10) },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services,
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${ports.rpc.frontend.grpcPort}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: path.join(dataDir, 'dynamicconfig.yaml'), pollInterval: '10s' },
  };
}

// The same switches the dev server gets (scripts/lib/dev-server.ts): Updates on, no version check.
const DYNAMIC_CONFIG = {
  'frontend.enableServerVersionCheck': [{ value: false }],
  'frontend.enableUpdateWorkflowExecution': [{ value: true }],
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted': [{ value: true }],
  'system.forceSearchAttributesCacheRefreshOnRead': [{ value: true, constraints: {} }],
  // One partition per task queue. Matching splits a queue's rate limit (maxTaskQueueActivitiesPerSecond)
  // evenly over its partitions, each with its own one-second burst: with the default 4, the registrar
  // list queue let 6 calls through in one second under a limit of 4 (measured, test/cluster). On one
  // host partitions buy no throughput; a larger cluster keeps 1 for the list queues only (constraint
  // taskQueueName: '<queue>-<registrar>').
  'matching.numTaskqueueReadPartitions': [{ value: 1 }],
  'matching.numTaskqueueWritePartitions': [{ value: 1 }],
};

/**
 * A free loopback port below 32768: the SQL schema keeps membership ports in a smallint, so a port
 * from the kernel's ephemeral range (32768+) makes the services die at start.
 */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

/**
 * Ten distinct ports. Each is free when checked but nothing holds it until its service binds, so a
 * second draw could return the same port: two services on one port and one dies at start.
 */
async function allocatePorts(pgPort?: number): Promise<Ports> {
  const taken = new Set<number>(pgPort === undefined ? [] : [pgPort]);
  const next = async () => {
    for (;;) {
      const port = await freePort();
      if (taken.has(port)) continue;
      taken.add(port);
      return port;
    }
  };
  const rpc = {} as Ports['rpc'];
  for (const s of SERVICES) rpc[s] = { grpcPort: await next(), membershipPort: await next() };
  return { pg: pgPort ?? (await next()), http: await next(), rpc };
}

/**
 * Waits until the frontend answers. The first service to start on a fresh database writes the
 * cluster's metadata record; services starting at the same moment race for that insert and the
 * losers exit ("failed to initialize current cluster metadata", 1 start in 10 here). So the
 * frontend starts alone, and the others once it answers (they then read the record).
 */
async function waitForFrontend(address: string, deadline: number, dead: () => string | undefined): Promise<void> {
  for (;;) {
    const gone = dead();
    if (gone) throw new Error(gone);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      await connection.close();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`the frontend at ${address} did not answer: ${describeError(err)}`);
      await sleep(300);
    }
  }
}

/** Registers the namespace (retention 3 days) and the project's search attributes; idempotent. */
async function prepareNamespace(
  address: string,
  namespace: string,
  deadline: number,
  dead: () => string | undefined,
): Promise<void> {
  let fresh = false;
  for (;;) {
    const gone = dead();
    if (gone) throw new Error(gone);
    try {
      const connection = await Connection.connect({ address });
      try {
        await connection.workflowService.registerNamespace({
          namespace,
          workflowExecutionRetentionPeriod: msToTs('3 days'),
        });
        fresh = true;
      } catch (err) {
        if (!(isGrpcServiceError(err) && err.code === 6)) throw err; // ALREADY_EXISTS
      } finally {
        await connection.close();
      }
      break;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`the frontend at ${address} did not answer: ${String(err)}`);
      await sleep(500);
    }
  }
  await registerSearchAttributes(address, namespace);
  // History and matching learn of a new namespace at their next namespace-cache refresh (10 s).
  for (const until = Date.now() + (fresh ? 11_000 : 0); Date.now() < until; await sleep(500)) {
    const gone = dead();
    if (gone) throw new Error(gone);
  }
  await waitUntilStartable(address, namespace, deadline, dead);
}

/**
 * Ready means a workflow can be started: the history shards are owned and the namespace known
 * everywhere (the frontend answers earlier). A probe start, retried, then terminated.
 */
async function waitUntilStartable(
  address: string,
  namespace: string,
  deadline: number,
  dead: () => string | undefined,
): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection, namespace });
    for (let attempt = 1; ; attempt++) {
      try {
        const handle = await client.workflow.start('clusterReadinessProbe', {
          taskQueue: 'cluster-readiness-probe',
          workflowId: `cluster-readiness-probe-${process.pid}-${Date.now()}`,
        });
        await handle.terminate('readiness probe');
        return;
      } catch (err) {
        // A service that died (its port taken, say) never comes back by waiting: say which at once.
        const gone = dead();
        if (gone) throw new Error(`${gone}; the last start said: ${describeError(err)}`);
        if (Date.now() > deadline) {
          // The SDK's "Failed to start Workflow" says nothing: the gRPC cause (code, details) does.
          throw new Error(`the cluster does not start workflows after ${attempt} tries: ${describeError(err)}`);
        }
        await sleep(1_000);
      }
    }
  } finally {
    await connection.close();
  }
}

/** An error with its chain of causes and gRPC code/details, on one line each. */
export function describeError(err: unknown): string {
  const lines: string[] = [];
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    if (e instanceof Error) {
      const grpc = e as Error & { code?: unknown; details?: unknown };
      const extra = [
        grpc.code !== undefined ? `code ${String(grpc.code)}` : '',
        grpc.details ? String(grpc.details) : '',
      ]
        .filter(Boolean)
        .join(': ');
      lines.push(`${e.name}: ${e.message}${extra ? ` [${extra}]` : ''}`);
      e = (e as Error & { cause?: unknown }).cause;
    } else {
      lines.push(String(e));
      break;
    }
  }
  return lines.join('\n  caused by ');
}

/** The last lines of each service's log and PostgreSQL's (for the message of a failed start). */
export function logTails(dataDir: string, lines = 30): string {
  const files = [
    ...SERVICES.map((s) => path.join(dataDir, 'logs', `${s}.log`)),
    path.join(dataDir, 'postgres', 'postgres.log'),
  ];
  return files
    .map((file) => {
      let text = '(missing)';
      try {
        text = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      } catch {
        // unreadable (PostgreSQL's log belongs to the postgres user when run as root): say so
      }
      return `--- ${file} (last ${lines} lines)\n${text}`;
    })
    .join('\n');
}

export interface ClusterOptions {
  dataDir: string;
  namespace?: string;
  say?: (line: string) => void;
}

export async function startTemporalCluster(options: ClusterOptions): Promise<TemporalCluster> {
  const say = options.say ?? ((line: string) => console.log(`[cluster] ${line}`));
  const namespace = options.namespace ?? 'default';
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
  const bin = ensureClusterBinaries(say);
  // The same ports on every start of one data folder: PostgreSQL's cluster metadata and membership
  // rows name them, and clients keep the frontend's address.
  const portsFile = path.join(dataDir, 'ports.json');
  const ports = existsSync(portsFile) ? (JSON.parse(readFileSync(portsFile, 'utf8')) as Ports) : await allocatePorts();
  writeFileSync(portsFile, JSON.stringify(ports));
  const t0 = Date.now();
  const postgres = startPostgres(path.join(dataDir, 'postgres'), ports.pg);
  say(`PostgreSQL on 127.0.0.1:${ports.pg} (${Date.now() - t0} ms)`);
  try {
    setupSchemas(bin, ports.pg);
  } catch (err) {
    postgres.stop();
    throw err;
  }
  const configFile = path.join(dataDir, 'temporal.yaml');
  writeFileSync(configFile, stringify(serverConfig(ports, dataDir)));
  writeFileSync(path.join(dataDir, 'dynamicconfig.yaml'), stringify(DYNAMIC_CONFIG));

  const children = new Map<ServiceName, ChildProcess>();
  const startService = (service: ServiceName) => {
    const log = createWriteStream(path.join(dataDir, 'logs', `${service}.log`), { flags: 'a' });
    const child = spawn(bin.server, ['--config-file', configFile, '--allow-no-auth', 'start', '--service', service], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Two sources into one file: neither may end it (a restart would write after the end).
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    child.once('exit', () => setTimeout(() => log.end(), 100));
    children.set(service, child);
  };
  const stopService = async (service: ServiceName) => {
    const child = children.get(service);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  startService('frontend');
  const address = `127.0.0.1:${ports.rpc.frontend.grpcPort}`;
  const cluster: TemporalCluster = {
    address,
    namespace,
    dataDir,
    postgres,
    pids: () => Object.fromEntries(SERVICES.map((s) => [s, children.get(s)?.pid])) as Record<ServiceName, number>,
    async restart(service, downMs = 0) {
      await stopService(service);
      await sleep(downMs);
      startService(service);
    },
    async stop() {
      // The reverse of the start: the worker service first, history last (it owns the shards).
      for (const s of ['worker', 'frontend', 'matching', 'history'] as const) await stopService(s);
      postgres.stop();
    },
  };
  try {
    const dead = () => {
      for (const [s, child] of children) {
        if (child.exitCode !== null || child.signalCode !== null) {
          const how = child.exitCode ?? child.signalCode;
          return `the ${s} service exited (${how}): see ${path.join(dataDir, 'logs', `${s}.log`)}`;
        }
      }
      return undefined;
    };
    const deadline = Date.now() + 120_000;
    await waitForFrontend(address, deadline, dead);
    for (const s of SERVICES) if (s !== 'frontend') startService(s);
    await prepareNamespace(address, namespace, deadline, dead);
  } catch (err) {
    await cluster.stop();
    // The logs stay in the data folder; their tails go into the message so a CI log shows the cause.
    throw new Error(`the Temporal cluster did not become ready: ${describeError(err)}\n${logTails(dataDir)}`, {
      cause: err,
    });
  }
  say(
    `Temporal ${SERVICES.join(', ')} up at ${address} (namespace ${namespace}) in ${Date.now() - t0} ms; logs ${path.join(dataDir, 'logs')}`,
  );
  return cluster;
}
