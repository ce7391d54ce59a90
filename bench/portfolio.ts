/**
 * Portfolio at scale: `npm run bench -- portfolio [--n 10000] [--cluster] [--workers 2] [--page-size 1000]
 * [--rate 50] [--cache 500] [--timeout-s 7200]`
 *
 * The import and then the list sync of an ISPAPI account of N domains (the sandbox, seeded), run by
 * the production worker process (src/workers/main.ts, W of them) on Temporal: the dev server (in
 * memory) or, with --cluster, the production topology (scripts/cluster: Temporal on PostgreSQL, four
 * service processes). Prints, labelled with the size and the load average:
 *  - import: the import workflow's wall time (every domain handed to its `domain` workflow) and the
 *    time until every entity has taken its facts (LifecycleState domain-active), as domains/s;
 *  - sync of the unchanged account: wall time and registrar list calls;
 *  - history events of the entities (sampled), peak RSS per process, the PostgreSQL database size.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startDevServer } from '../scripts/lib/dev-server';
import { startTemporalCluster } from '../scripts/cluster/temporal-cluster';
import { startWorkerFleet, type WorkerFleet } from '../scripts/cluster/workers';
import { testCodecKeysEnv, testDataConverter, workflowBundle } from '../test/helpers/temporal';
import { IspapiSandbox } from '../src/sandbox/ispapi/server';
import { startImport, startSync } from '../src/client/sync';
import { historyEventStats } from './measure';

interface Options {
  n: number;
  cluster: boolean;
  workers: number;
  pageSize: number;
  rate: number;
  /** DOMAINFLOW_MAX_CACHED_WORKFLOWS of the workers */
  cache: number;
  timeoutS: number;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = {
    n: 10_000,
    cluster: false,
    workers: 2,
    pageSize: 1000,
    rate: 50,
    cache: 500,
    timeoutS: 7200,
  };
  const names: Record<string, Exclude<keyof Options, 'cluster'>> = {
    '--n': 'n',
    '--workers': 'workers',
    '--page-size': 'pageSize',
    '--rate': 'rate',
    '--cache': 'cache',
    '--timeout-s': 'timeoutS',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    if (flag === '--cluster') {
      opts.cluster = true;
      continue;
    }
    const key = names[flag];
    if (!key) throw new Error(`unknown option ${flag} (known: --cluster, ${Object.keys(names).join(', ')})`);
    const raw = inline ?? argv[++i];
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} needs a whole number >= 1, got ${raw}`);
    opts[key] = value;
  }
  return opts;
}

/** Peak resident memory (VmHWM) of a live process in MB; undefined once it has gone. */
function peakRssMb(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

const load = () => loadavg()[0]!.toFixed(1);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function runPortfolio(argv: string[]): Promise<void> {
  const opts = parseArgs(argv);
  const t0 = Date.now();
  const say = (line: string) => console.log(`[${secs(Date.now() - t0).padStart(8)}] ${line}`);
  const where = opts.cluster ? 'cluster (Temporal 1.32 on PostgreSQL)' : 'dev server (in memory)';
  say(
    `portfolio benchmark: ${opts.n} domains, ${where}, ${opts.workers} workers (cache ${opts.cache}), ` +
      `pages of ${opts.pageSize}`,
  );
  const dataDir = mkdtempSync(path.join(tmpdir(), 'domainflow-bench-portfolio-'));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as the postgres user when the bench runs as root
  const sandbox = await IspapiSandbox.start();
  let fleet: WorkerFleet | undefined;
  let connection: Connection | undefined;
  const [started, bundled] = await Promise.allSettled([
    opts.cluster
      ? startTemporalCluster({ dataDir: path.join(dataDir, 'temporal'), say: (l) => say(`[cluster] ${l}`) })
      : startDevServer({ uiPort: false }),
    workflowBundle(),
  ]);
  if (started.status === 'rejected' || bundled.status === 'rejected') {
    // Whichever did start must not outlive the bench.
    if (started.status === 'fulfilled') await started.value.stop();
    await sandbox.close();
    throw started.status === 'rejected' ? started.reason : (bundled as PromiseRejectedResult).reason;
  }
  const server = started.value;
  const bundle = bundled.value;
  const servicePids: Record<string, number | undefined> =
    'pids' in server ? server.pids() : { 'dev server': server.pid };
  try {
    const bundleFile = path.join(dataDir, 'workflow-bundle.js');
    writeFileSync(bundleFile, bundle.code);
    const taskQueue = `bench-portfolio-${process.pid}`;
    fleet = startWorkerFleet(opts.workers, {
      ...process.env,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: server.namespace,
      DOMAINFLOW_TASK_QUEUE: taskQueue,
      DOMAINFLOW_WORKFLOW_BUNDLE: bundleFile,
      DOMAINFLOW_DATA_DIR: path.join(dataDir, 'worker-data'),
      ISPAPI_ENV: 'sandbox',
      ISPAPI_URL: sandbox.url,
      ISPAPI_REQUEST_TIMEOUT_MS: '60000',
      DOMAINFLOW_SYNC_RATE_ISPAPI: String(opts.rate),
      DOMAINFLOW_SYNC_INTERVAL: 'off',
      DOMAINFLOW_LOG_LEVEL: 'error',
      DOMAINFLOW_MAX_CACHED_WORKFLOWS: String(opts.cache),
      DOMAINFLOW_CODEC_KEYS: testCodecKeysEnv(),
    });
    connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection, namespace: server.namespace, dataConverter: testDataConverter() });
    const seeded = sandbox.seedDomains({ count: opts.n, prefix: 'pf-' });
    sandbox.setRateLimit(opts.rate);
    say(`seeded ${seeded.seeded} domains (${seeded.first} .. ${seeded.last}); load ${load()}`);
    const listCalls = () => sandbox.journal().filter((e) => e.command === 'QueryDomainList').length;
    const input = { registrar: 'ispapi' as const, pageSize: opts.pageSize, dueDateOffsetDays: 30 };
    const deadline = Date.now() + opts.timeoutS * 1000;

    // Import: the workflow ends when every domain was handed over; the entities take their facts after.
    const importStart = Date.now();
    const { handle } = await startImport(client, input, { taskQueue });
    const imported = await handle.result();
    const handedMs = Date.now() - importStart;
    say(
      `import workflow done: ${imported.domainsSeen} listed, ${imported.started} started, ${imported.errors} errors ` +
        `in ${secs(handedMs)} = ${((imported.domainsSeen / handedMs) * 1000).toFixed(1)} domains/s; load ${load()}`,
    );
    let active = 0;
    for (let last = 0; ;) {
      ({ count: active } = await client.workflow.count(`WorkflowType = 'domain' AND LifecycleState = 'domain-active'`));
      if (active >= opts.n) break;
      if (Date.now() > deadline) throw new Error(`only ${active} of ${opts.n} domain workflows active in time`);
      if (Date.now() - last > 30_000) {
        say(`  ${active} entities active; load ${load()}`);
        last = Date.now();
      }
      await sleep(1000);
    }
    const settledMs = Date.now() - importStart;
    say(
      `all ${active} entities active after ${secs(settledMs)} = ${((opts.n / settledMs) * 1000).toFixed(1)} domains/s; ` +
        `load ${load()}`,
    );

    const callsBefore = listCalls();
    const syncStart = Date.now();
    const synced = await (await startSync(client, { ...input, sendReport: false }, { taskQueue })).result();
    const syncMs = Date.now() - syncStart;
    say(
      `sync of the unchanged account: ${synced.domainsSeen} listed, ${synced.unchanged} unchanged, ` +
        `${synced.updated} updated, ${listCalls() - callsBefore} list calls, ${secs(syncMs)}; load ${load()}`,
    );

    const events = await historyEventStats(client, `WorkflowType = 'domain'`, 20);
    const rss = {
      ...Object.fromEntries(fleet.processes.map((p, i) => [`worker ${i}`, peakRssMb(p.pid)])),
      ...Object.fromEntries(Object.entries(servicePids).map(([s, pid]) => [s, peakRssMb(pid)])),
      bench: Math.round(process.memoryUsage().rss / 1024 / 1024),
    };
    const dbSize =
      'postgres' in server
        ? execFileSync('du', ['-sh', server.postgres.dataDir], { encoding: 'utf8' }).split('\t')[0]
        : 'n/a (in memory)';
    console.log(
      [
        '',
        `portfolio of ${opts.n} domains on the ${where}, ${opts.workers} worker processes ` +
          `(cache ${opts.cache}), pages of ${opts.pageSize}:`,
        `  import handed over: ${secs(handedMs)} = ${((opts.n / handedMs) * 1000).toFixed(1)} domains/s`,
        `  import settled (every entity active): ${secs(settledMs)} = ${((opts.n / settledMs) * 1000).toFixed(1)} domains/s`,
        `  sync, unchanged: ${secs(syncMs)} (${(syncMs / 60_000).toFixed(2)} min), ${synced.registrarCalls} registrar calls`,
        `  entity history events (sample of ${events.find((e) => e.type === 'domain')?.sampled ?? 0}): ` +
          events.map((e) => `${e.type} min/median/max ${e.min}/${e.median}/${e.max}`).join('; '),
        `  peak RSS MB: ${JSON.stringify(rss)}`,
        `  database: ${dbSize}; load average now ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
      ].join('\n'),
    );
  } finally {
    await fleet?.stop();
    await connection?.close();
    await server.stop();
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
