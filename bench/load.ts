/**
 * Load benchmark against its ceiling, on one Temporal dev server (in memory), in one run:
 *  1. the ceiling: 2N bare workflows of a transfer's shape (5 no-op activities and a 1 s timer,
 *     bench/bare-workflow.ts) on a worker process of their own with SDK defaults;
 *  2. domainflow: N transferDomain and N renewDomain workflows through the ISPAPI sandbox (in this
 *     process, loopback) and the production worker process (src/workers/main.ts: every activity,
 *     encrypted payloads, pre-built bundle, DOMAINFLOW_MAX_CACHED_WORKFLOWS).
 * Each worker runs alone (one after the other), so its peak RSS (VmHWM) is the worker's alone.
 * Then: domainflow's throughput, p95 and RSS as ratios to the ceiling, history events per workflow
 * type (min/median/max over up to 100 histories per type) and registrar calls per workflow.
 *
 *   npm run bench -- load [--n 1000] [--latency-ms 0] [--timeout-s 1200] [--start-concurrency 50]
 *                         [--worker-heap-mb 0]
 *
 * Transfers are approved by the sandbox transfer policy ({ mode: 'approve', afterMs: 0 }) and polled
 * with initialInterval '1s'; renewals renew seeded domains 40 days before expiry. Prints throughput,
 * p50/p95 time to completion, worker peak RSS and whether the registrar side effects match the
 * expected counts.
 *
 * --latency-ms delays every registrar answer in the sandbox by that much (its latency
 * fault, `times: 'always'`; default 0: no added latency).
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection, ServiceError, type WorkflowHandle } from '@temporalio/client';
import { startDevServer, type DevServer } from '../scripts/lib/dev-server';
import { testCodecKeysEnv, testDataConverter, workflowBundle } from '../test/helpers/temporal';
import { IspapiSandbox } from '../src/sandbox/ispapi/server';
import { startTransfer } from '../src/client/transfer';
import { startRenewal } from '../src/client/renew';
import { pool } from '../src/util/pool';
import { historyEventStats, spawnWorker, waitForPollers } from './measure';

interface Options {
  n: number;
  latencyMs: number;
  timeoutS: number;
  startConcurrency: number;
  /** --max-old-space-size of the domainflow worker process (each isolate); 0 = Node's default */
  workerHeapMb: number;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { n: 1000, latencyMs: 0, timeoutS: 1200, startConcurrency: 50, workerHeapMb: 0 };
  const names: Record<string, keyof Options> = {
    '--n': 'n',
    '--latency-ms': 'latencyMs',
    '--timeout-s': 'timeoutS',
    '--start-concurrency': 'startConcurrency',
    '--worker-heap-mb': 'workerHeapMb',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const key = names[flag];
    if (!key) throw new Error(`unknown option ${flag} (known: ${Object.keys(names).join(', ')})`);
    const raw = inline ?? argv[++i];
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || (key === 'n' && value < 1)) {
      throw new Error(`${flag} needs a whole number, got ${raw}`);
    }
    opts[key] = value;
  }
  return opts;
}

const DAY = 86_400_000;
const NS_OLD = ['ns1.old-dns.example', 'ns2.old-dns.example'];
const NS_NEW = ['ns1.new-dns.example', 'ns2.new-dns.example'];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

interface Outcome {
  kind: 'transfer' | 'renewal' | 'bare';
  domain: string;
  startedAt: number;
  finishedAt?: number;
  outcome?: string;
  error?: string;
  handle?: Pick<WorkflowHandle, 'result'>;
}

interface RunFigures {
  outcomes: Outcome[];
  wallMs: number;
  peakRss: number;
}

/** Waits for every started workflow's result (100 at a time) and takes the figures. */
async function collect(
  outcomes: Outcome[],
  firstStart: number,
  peakRss: () => number,
  log: (line: string) => void,
  timedOut: () => boolean,
): Promise<RunFigures> {
  let done = 0;
  const progress = setInterval(() => log(`${done}/${outcomes.length} finished, worker RSS ${mb(peakRss())}`), 10_000);
  // Thousands of concurrent long polls make the dev server refuse some; completion times come from
  // the workflows' own finishedAt, so collecting 100 at a time does not skew them.
  await pool(outcomes, 100, async (o) => {
    if (!o.handle) return;
    try {
      for (let attempt = 1; ; attempt++) {
        if (timedOut()) throw new Error('timeout');
        try {
          const result = (await o.handle.result()) as { outcome?: string; finishedAt: string };
          o.outcome = result.outcome ?? 'completed';
          o.finishedAt = Date.parse(result.finishedAt);
          break;
        } catch (err) {
          // Only the client's history read failed (the workflow runs on): read it again.
          if (!(err instanceof ServiceError) || attempt >= 10) throw err;
          await new Promise((r) => setTimeout(r, 500 * attempt));
        }
      }
    } catch (err) {
      const cause = err instanceof Error && err.cause ? ` (${String(err.cause)})` : '';
      o.error = `${String(err)}${cause}`;
    } finally {
      done++;
    }
  });
  clearInterval(progress);
  const lastFinish = Math.max(...outcomes.map((o) => o.finishedAt ?? 0));
  return { outcomes, wallMs: lastFinish - firstStart, peakRss: peakRss() };
}

function summary(label: string, run: RunFigures) {
  const completed = run.outcomes.filter((o) => o.finishedAt !== undefined);
  const l = completed.map((o) => o.finishedAt! - o.startedAt).sort((a, b) => a - b);
  const throughput = (completed.length / run.wallMs) * 1000;
  return {
    label,
    completed: completed.length,
    throughput,
    p50: percentile(l, 50),
    p95: percentile(l, 95),
    rss: run.peakRss,
  };
}

export async function runLoad(argv: string[]): Promise<void> {
  const opts = parseArgs(argv);
  const t0 = performance.now();
  const log = (line: string) => console.log(`[${secs(performance.now() - t0).padStart(9)}] ${line}`);
  log(
    `load benchmark: ceiling ${2 * opts.n} bare workflows, then n=${opts.n} transfers + ${opts.n} renewals, ` +
      `latency ${opts.latencyMs} ms per registrar call`,
  );
  const cleanup: Array<() => Promise<unknown>> = [];
  let dev: DevServer | undefined;
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
  }, opts.timeoutS * 1000);
  deadline.unref();
  const tmp = mkdtempSync(path.join(tmpdir(), 'domainflow-bench-'));

  try {
    const [devServer, ispapi, bundle] = await Promise.all([
      startDevServer({ uiPort: false }),
      IspapiSandbox.start({ transferPolicy: { mode: 'approve', afterMs: 0 }, balance: '100000000.00' }),
      workflowBundle(),
    ]);
    dev = devServer;
    cleanup.push(() => ispapi.close());
    const bundleFile = path.join(tmp, 'workflow-bundle.js');
    writeFileSync(bundleFile, bundle.code);
    log(`dev server ${dev.address} up in ${dev.startMs} ms; sandbox ${ispapi.baseUrl}`);
    if (opts.latencyMs > 0) ispapi.injectFault({ fault: 'latency', ms: opts.latencyMs, times: 'always' });

    const connection = await Connection.connect({ address: dev.address });
    cleanup.push(() => connection.close());
    const client = new Client({ connection, namespace: dev.namespace, dataConverter: testDataConverter() });
    const plain = new Client({ connection, namespace: dev.namespace });

    // ---- 1. the ceiling ----
    const bareQueue = `bench-bare-${process.pid}`;
    const bareWorker = spawnWorker('bench/bare-worker.ts', {
      ...process.env,
      BENCH_TEMPORAL_ADDRESS: dev.address,
      BENCH_NAMESPACE: dev.namespace,
      BENCH_TASK_QUEUE: bareQueue,
    });
    cleanup.push(() => bareWorker.stop());
    await waitForPollers(connection, dev.namespace, bareQueue);
    log('bare worker polling (own process, SDK defaults)');
    const bareStart = Date.now();
    const bareOutcomes = await pool(
      Array.from({ length: 2 * opts.n }, (_, i) => i),
      opts.startConcurrency,
      async (i): Promise<Outcome> => {
        const o: Outcome = { kind: 'bare', domain: `bare-${i}`, startedAt: Date.now() };
        try {
          o.handle = await plain.workflow.start('bareWorkflow', {
            taskQueue: bareQueue,
            workflowId: `bench-bare-${process.pid}-${i}`,
            args: [],
          });
        } catch (err) {
          o.error = `start: ${String(err)}`;
        }
        return o;
      },
    );
    const bare = await collect(
      bareOutcomes,
      bareStart,
      () => bareWorker.peakRss(),
      log,
      () => timedOut,
    );
    await bareWorker.stop();
    log(`ceiling: ${bare.outcomes.filter((o) => o.finishedAt).length} bare workflows in ${secs(bare.wallMs)}`);

    // ---- 2. domainflow, the production worker process ----
    const taskQueue = `bench-load-${process.pid}`;
    const worker = spawnWorker('src/workers/main.ts', {
      ...process.env,
      TEMPORAL_ADDRESS: dev.address,
      TEMPORAL_NAMESPACE: dev.namespace,
      DOMAINFLOW_TASK_QUEUE: taskQueue,
      DOMAINFLOW_WORKFLOW_BUNDLE: bundleFile,
      DOMAINFLOW_DATA_DIR: path.join(tmp, 'data'),
      ISPAPI_ENV: 'sandbox',
      ISPAPI_URL: ispapi.url,
      DOMAINFLOW_SYNC_INTERVAL: 'off',
      DOMAINFLOW_LOG_LEVEL: 'error',
      DOMAINFLOW_CODEC_KEYS: testCodecKeysEnv(),
      DOMAINFLOW_METRICS_ADDRESS: 'off',
      DOMAINFLOW_HEALTH_ADDRESS: 'off',
      ...(opts.workerHeapMb > 0
        ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${opts.workerHeapMb}`.trim() }
        : {}),
    });
    cleanup.push(() => worker.stop());
    await waitForPollers(connection, dev.namespace, taskQueue);
    log(
      `domainflow worker polling (src/workers/main.ts, its own process; DOMAINFLOW_MAX_CACHED_WORKFLOWS ` +
        `${process.env.DOMAINFLOW_MAX_CACHED_WORKFLOWS ?? 'default'}, heap ${opts.workerHeapMb || 'Node default'} MB)`,
    );

    // Seed: N domains at another registrar to transfer in, N in the account to renew.
    const expires = new Date(Math.floor(Date.now() / DAY) * DAY + 40 * DAY + 12 * 3_600_000);
    const expiresOn = expires.toISOString().slice(0, 10);
    const transfers = Array.from({ length: opts.n }, (_, i) => `bench-t-${i}.com`);
    const renewals = Array.from({ length: opts.n }, (_, i) => `bench-r-${i}.com`);
    for (const domain of transfers)
      ispapi.seedExternalDomain({ domain, authCode: 'Bench-Auth-1', nameservers: NS_OLD });
    for (const domain of renewals) ispapi.seedDomain({ domain, nameservers: NS_OLD, expiresAt: expires });
    const journalBefore = ispapi.journal().length;

    const work: Array<{ kind: 'transfer' | 'renewal'; domain: string }> = [];
    for (let i = 0; i < opts.n; i++) {
      work.push({ kind: 'transfer', domain: transfers[i]! }, { kind: 'renewal', domain: renewals[i]! });
    }
    const firstStart = Date.now();
    const outcomes = await pool(work, opts.startConcurrency, async ({ kind, domain }): Promise<Outcome> => {
      const o: Outcome = { kind, domain, startedAt: Date.now() };
      if (timedOut) return { ...o, error: 'not started (timeout)' };
      try {
        if (kind === 'transfer') {
          const { handle } = await startTransfer(
            client,
            {
              domain,
              authCode: 'Bench-Auth-1',
              nameservers: NS_NEW,
              polling: { initialInterval: '1s', backoffCoefficient: 1.5, maxInterval: '5s', deadline: '1 hour' },
            },
            { taskQueue },
          );
          o.handle = handle;
        } else {
          const { handle } = await startRenewal(client, { domain, expiresOn }, { taskQueue });
          o.handle = handle;
        }
      } catch (err) {
        o.error = `start: ${String(err)}`;
      }
      return o;
    });
    log(`started ${outcomes.filter((o) => !o.error).length} workflows in ${secs(Date.now() - firstStart)}`);
    const flow = await collect(
      outcomes,
      firstStart,
      () => worker.peakRss(),
      log,
      () => timedOut,
    );
    await worker.stop();

    // ---- figures ----
    const count = (kind: Outcome['kind'], outcome: string) =>
      outcomes.filter((o) => o.kind === kind && o.outcome === outcome).length;
    const isBench = (prefix: string) => (d: string | undefined) => d !== undefined && d.startsWith(prefix);
    const journal = ispapi.journal().slice(journalBefore);
    const transferCalls = journal.filter((e) => e.command === 'TransferDomain' && isBench('bench-t-')(e.params.DOMAIN));
    const nsCalls = journal.filter(
      (e) => e.command === 'ModifyDomain' && isBench('bench-t-')(e.params.DOMAIN) && e.params.NAMESERVER0 !== undefined,
    );
    const renewCharges = ispapi
      .charges()
      .filter((c) => isBench('bench-r-')(c.domain) && (c.kind === 'renew' || c.kind === 'pay'));
    const errors = [...bare.outcomes, ...outcomes].filter((o) => o.error);

    const b = summary('bare (ceiling)', bare);
    const d = summary('domainflow', flow);
    console.log('');
    console.log(`run                  completed    throughput      p50        p95   worker peak RSS`);
    for (const s of [b, d]) {
      console.log(
        `${s.label.padEnd(20)} ${String(s.completed).padStart(9)} ${s.throughput.toFixed(1).padStart(8)} wf/s ${secs(s.p50).padStart(9)} ${secs(s.p95).padStart(9)} ${mb(s.rss).padStart(9)}`,
      );
    }
    console.log(
      `ratios               throughput ${(d.throughput / b.throughput).toFixed(2)} of the ceiling, ` +
        `p95 ${(d.p95 / b.p95).toFixed(2)}x, RSS ${(d.rss / b.rss).toFixed(2)}x`,
    );
    console.log(
      `outcomes             transfers completed ${count('transfer', 'completed')}/${opts.n}, renewals renewed ${count('renewal', 'renewed')}/${opts.n}, errors ${errors.length}`,
    );
    const calls = (prefix: string) => journal.filter((e) => isBench(prefix)(e.params.DOMAIN)).length;
    console.log(
      `registrar calls      per transfer ${(calls('bench-t-') / opts.n).toFixed(2)}, per renewal ${(calls('bench-r-') / opts.n).toFixed(2)}, ` +
        `all ${journal.length} over ${2 * opts.n} workflows = ${(journal.length / (2 * opts.n)).toFixed(2)} (sandbox journal)`,
    );
    const sideEffectsOk =
      transferCalls.length === opts.n && nsCalls.length === opts.n && renewCharges.length === opts.n;
    console.log(
      `side effects         TransferDomain ${transferCalls.length}/${opts.n}, ModifyDomain (nameservers) ${nsCalls.length}/${opts.n}, ` +
        `renewal charges ${renewCharges.length}/${opts.n}: ${sideEffectsOk ? '=' : '!='} expected`,
    );
    console.log('history events       type                  workflows  sampled   min median   max');
    const stats = await historyEventStats(client, `TaskQueue = '${bareQueue}' OR TaskQueue = '${taskQueue}'`);
    for (const s of stats) {
      console.log(
        `                     ${s.type.padEnd(22)}${String(s.workflows).padStart(9)}${String(s.sampled).padStart(9)}${String(s.min).padStart(6)}${String(s.median).padStart(7)}${String(s.max).padStart(6)}`,
      );
    }
    if (errors.length > 0) {
      console.log(
        `first errors         ${errors
          .slice(0, 3)
          .map((o) => `${o.domain}: ${o.error}`)
          .join(' | ')}`,
      );
    }
    console.log(`total run time       ${secs(performance.now() - t0)} (includes dev server start, bundling, seeding)`);
    if (!sideEffectsOk || errors.length > 0) process.exitCode = 1;
  } finally {
    for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
    await dev?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}
