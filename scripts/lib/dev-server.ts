import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection, isGrpcServiceError } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { ALL_SEARCH_ATTRIBUTES } from '../../src/contracts';
import { resolveTemporalCli } from './temporal-binaries';

/**
 * Starts and stops the Temporal dev server (`temporal server start-dev`) ourselves, rather than
 * through @temporalio/testing: the SDK gives it only 5 s to come up, too short on a busy 2-core box.
 */
export interface DevServerOptions {
  /** Interface to bind (default 127.0.0.1). */
  ip?: string;
  /** Frontend gRPC port (default: a free port). */
  port?: number;
  /** Web UI port; false = --headless; undefined = the CLI default (port + 1000). */
  uiPort?: number | false;
  /** Namespace created at start-up (default 'default'). */
  namespace?: string;
  /** SQLite file; undefined = in memory. Its directory is created when missing. */
  dbFile?: string;
  /** Server log level: debug, info, warn (default), error, never. */
  logLevel?: string;
  /** Path to the `temporal` CLI (default: resolveTemporalCli()). */
  cliPath?: string;
  /** How long to wait for the server to answer (default 60000). */
  startTimeoutMs?: number;
  /** Remote codec endpoint for the Web UI (--ui-codec-endpoint), e.g. http://127.0.0.1:8234; UI only. */
  uiCodecEndpoint?: string;
  /** Appended to the argv after everything else. */
  extraArgs?: string[];
  /** The server's stdout/stderr. 'pipe' (default) keeps the last lines for error messages. */
  stdio?: 'inherit' | 'ignore' | 'pipe';
}

export interface DevServer {
  /** host:port of the frontend gRPC service. */
  address: string;
  /** http://ip:uiPort, when the UI is on. */
  uiUrl?: string;
  namespace: string;
  pid: number;
  /** Milliseconds from spawn until the server answered and the search attributes were registered. */
  startMs: number;
  /** SIGTERM, wait for exit; SIGKILL after 10 s. Safe to call more than once. */
  stop(): Promise<void>;
  /** SIGKILL, for crash tests. */
  kill(): void;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

class TimeoutError extends Error {}
class EarlyExitError extends Error {}

const STOP_GRACE_MS = 10_000;
const KEEP_LINES = 40;

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      srv.close(() => {
        if (addr && typeof addr === 'object') resolve(addr.port);
        else reject(new Error('could not determine a free port'));
      });
    });
  });
}

const helpCache = new Map<string, string>();
/** Whether this CLI's `server start-dev` knows a flag (flags differ between CLI versions). */
function cliSupports(cliPath: string, flag: string): boolean {
  let help = helpCache.get(cliPath);
  if (help === undefined) {
    const res = spawnSync(cliPath, ['server', 'start-dev', '--help'], { encoding: 'utf8', timeout: 30_000 });
    help = `${res.stdout ?? ''}${res.stderr ?? ''}`;
    helpCache.set(cliPath, help);
  }
  return help.includes(flag);
}

export function devServerArgs(
  o: Required<Pick<DevServerOptions, 'ip' | 'port' | 'namespace' | 'logLevel'>> &
    Pick<DevServerOptions, 'uiPort' | 'dbFile' | 'extraArgs' | 'uiCodecEndpoint'>,
  supports: (flag: string) => boolean = () => true,
): string[] {
  const args = ['server', 'start-dev', '--ip', o.ip, '--port', String(o.port), '--namespace', o.namespace];
  args.push('--log-format', 'json', '--log-level', o.logLevel);
  for (const dc of [
    'frontend.enableServerVersionCheck=false',
    'frontend.enableUpdateWorkflowExecution=true',
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
  ]) {
    args.push('--dynamic-config-value', dc);
  }
  if (o.dbFile) args.push('--db-filename', o.dbFile);
  if (o.uiPort === false) {
    args.push('--headless');
  } else {
    if (o.uiPort !== undefined) args.push('--ui-port', String(o.uiPort));
    // No internet here: the UI must not try to fetch its newsfeed (flag exists since CLI 1.9).
    if (supports('--ui-disable-news-fetch')) args.push('--ui-disable-news-fetch');
    if (o.uiCodecEndpoint) args.push('--ui-codec-endpoint', o.uiCodecEndpoint);
  }
  for (const key of ALL_SEARCH_ATTRIBUTES) {
    args.push('--search-attribute', `${key.name}=${TypedSearchAttributes.toMetadataType(key.type)}`);
  }
  args.push(...(o.extraArgs ?? []));
  return args;
}

/**
 * Kills child `pid` (SIGTERM, SIGKILL after 10 s) if this process goes away first, even by SIGKILL:
 * a tiny detached shell watchdog that exits by itself once either process is gone.
 */
export function killWhenParentDies(pid: number): ChildProcess | undefined {
  const script = [
    'parent=$1; server=$2',
    'while kill -0 "$parent" 2>/dev/null && kill -0 "$server" 2>/dev/null; do sleep 1; done',
    'kill -0 "$server" 2>/dev/null || exit 0',
    'kill -TERM "$server" 2>/dev/null',
    'i=0; while kill -0 "$server" 2>/dev/null && [ $i -lt 10 ]; do sleep 1; i=$((i+1)); done',
    'kill -KILL "$server" 2>/dev/null; exit 0',
  ].join('\n');
  try {
    const wd = spawn('/bin/sh', ['-c', script, 'watchdog', String(process.pid), String(pid)], {
      detached: true,
      stdio: 'ignore',
    });
    wd.on('error', () => undefined);
    wd.unref();
    return wd;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Starts the dev server. With no `port` given it picks a free one, and when the server dies during
 * start-up it tries again (three times at most) on a new port: the CLI binds more ports than the
 * frontend (its internal services choose their own), and with several servers starting at once on
 * a busy machine one of them can lose such a port between the choice and the bind (seen as a Go
 * panic at start in the parallel test suite). A port the caller chose is tried once.
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const attempts = options.port === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDevServerOnce(options);
    } catch (err) {
      if (!(err instanceof EarlyExitError) || attempt >= attempts) throw err;
    }
  }
}

async function startDevServerOnce(options: DevServerOptions): Promise<DevServer> {
  const ip = options.ip ?? '127.0.0.1';
  const port = options.port ?? (await freePort(ip === '0.0.0.0' ? '127.0.0.1' : ip));
  const namespace = options.namespace ?? 'default';
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const cliPath = options.cliPath ?? resolveTemporalCli().path;
  const stdio = options.stdio ?? 'pipe';
  const dbFile = options.dbFile ? path.resolve(options.dbFile) : undefined;
  if (dbFile) mkdirSync(path.dirname(dbFile), { recursive: true });

  const args = devServerArgs(
    {
      ip,
      port,
      namespace,
      logLevel: options.logLevel ?? 'warn',
      uiPort: options.uiPort,
      dbFile,
      extraArgs: options.extraArgs,
      uiCodecEndpoint: options.uiCodecEndpoint,
    },
    (flag) => cliSupports(cliPath, flag),
  );
  const connectHost = ip === '0.0.0.0' ? '127.0.0.1' : ip.includes(':') ? `[${ip}]` : ip;
  const address = `${connectHost}:${port}`;
  const uiPort = options.uiPort === false ? undefined : (options.uiPort ?? port + 1000);

  const t0 = performance.now();
  // Own process group: a terminal's Ctrl-C reaches only us, so we stop things in order.
  const child = spawn(cliPath, args, { stdio: ['ignore', stdio, stdio], detached: true });

  const lastLines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lastLines.push(line);
      if (lastLines.length > KEEP_LINES) lastLines.shift();
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  let exitCode: number | null | undefined;
  let spawnError: Error | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', (err) => {
      spawnError = err;
      exitCode = null;
      resolve(null);
    });
    child.once('exit', (code) => {
      exitCode = code;
      resolve(code);
    });
  });

  const onParentExit = () => {
    if (exitCode === undefined) child.kill('SIGTERM');
  };
  process.on('exit', onParentExit);
  const watchdog = child.pid ? killWhenParentDies(child.pid) : undefined;
  void exited.then(() => {
    process.off('exit', onParentExit);
    if (watchdog?.pid && watchdog.exitCode === null) {
      try {
        process.kill(watchdog.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (exitCode !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };
  const kill = () => {
    if (exitCode === undefined) child.kill('SIGKILL');
  };

  const describeExit = () => {
    const how = spawnError ? `could not be spawned (${spawnError.message})` : `exited early with code ${exitCode}`;
    const tail = lastLines.length > 0 ? `\nlast output:\n${lastLines.join('\n')}` : '';
    return `Temporal dev server (${cliPath}) ${how}.\nargv: ${args.join(' ')}${tail}`;
  };

  try {
    await waitUntilHealthy(address, namespace, t0 + startTimeoutMs, () => exitCode !== undefined);
    if (exitCode !== undefined) throw new EarlyExitError(describeExit());
    await registerSearchAttributes(address, namespace);
  } catch (err) {
    const diedEarly = exitCode !== undefined;
    await stop();
    if (err instanceof EarlyExitError) throw err;
    if (diedEarly) throw new EarlyExitError(describeExit(), { cause: err });
    if (err instanceof TimeoutError) {
      const tail = lastLines.length > 0 ? `\nlast output:\n${lastLines.join('\n')}` : '';
      throw new Error(
        `Temporal dev server did not answer on ${address} within ${startTimeoutMs} ms (${err.message}).${tail}`,
      );
    }
    throw err;
  }
  const startMs = Math.round(performance.now() - t0);

  return {
    address,
    uiUrl: uiPort === undefined ? undefined : `http://${connectHost}:${uiPort}`,
    namespace,
    pid: child.pid!,
    startMs,
    stop,
    kill,
    exited,
  };
}

async function waitUntilHealthy(address: string, namespace: string, deadline: number, dead: () => boolean) {
  let lastError = 'no attempt yet';
  while (!dead()) {
    const remaining = deadline - performance.now();
    if (remaining <= 0) throw new TimeoutError(`last error: ${lastError}`);
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: Math.min(2_000, remaining) });
      const conn = connection;
      await conn.withDeadline(Date.now() + Math.min(5_000, remaining), async () => {
        await conn.workflowService.getSystemInfo({});
        await conn.workflowService.describeNamespace({ namespace });
      });
      return;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    } finally {
      await connection?.close().catch(() => undefined);
    }
    await sleep(250);
  }
}

const { IndexedValueType } = temporal.api.enums.v1;

function indexedValueType(type: string): temporal.api.enums.v1.IndexedValueType {
  const value = IndexedValueType[`INDEXED_VALUE_TYPE_${type}` as keyof typeof IndexedValueType];
  if (typeof value !== 'number') throw new Error(`unknown search attribute type ${type}`);
  return value;
}

const GRPC_ALREADY_EXISTS = 6;

/**
 * Adds the project's search attributes (ALL_SEARCH_ATTRIBUTES) to a namespace, idempotently:
 * lists what exists and adds only what is missing; ALREADY_EXISTS (a race) counts as success.
 * Needed because a reused SQLite database ignores new --search-attribute flags.
 */
export async function registerSearchAttributes(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    const existing = customAttributes ?? {};
    const missing: Record<string, temporal.api.enums.v1.IndexedValueType> = {};
    for (const key of ALL_SEARCH_ATTRIBUTES) {
      const want = indexedValueType(key.type);
      const have = existing[key.name];
      if (have === undefined || have === null) {
        missing[key.name] = want;
      } else if (have !== want) {
        throw new Error(
          `search attribute ${key.name} exists in namespace ${namespace} with type ${IndexedValueType[have]}, ` +
            `but the project needs ${IndexedValueType[want]}; use a fresh database (or remove the attribute)`,
        );
      }
    }
    if (Object.keys(missing).length === 0) return;
    try {
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
    } catch (err) {
      if (!(isGrpcServiceError(err) && err.code === GRPC_ALREADY_EXISTS)) throw err;
    }
  } finally {
    await connection.close();
  }
}
