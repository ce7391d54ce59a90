/**
 * Portfolio sync benchmark: `npm run bench -- sync [--domains 10000] [--rate 50] [--cron-sample 1000]
 * [--page-size 1000] [--changes 10]`
 *
 * An in-memory dev server, the ISPAPI sandbox with N domains and a limit of --rate calls per second,
 * and one in-process worker (the main queue plus the rate-limited ISPAPI list queue, as production).
 * It imports the account (one domain workflow per domain), then measures:
 *  - the list-based sync of the unchanged portfolio, and of the portfolio with --changes changed domains;
 *  - the cron module's method (one StatusDomain per domain, paced to the same limit) on a sample of
 *    --cron-sample domains, extrapolated to N (labelled so).
 * Registrar calls are counted in the sandbox's journal.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { startDevServer } from '../scripts/lib/dev-server';
import { installQuietRuntime, testDataConverter, workflowBundle } from '../test/helpers/temporal';
import { IspapiSandbox } from '../src/sandbox/ispapi/server';
import { IspapiClient } from '../src/registrars/ispapi/client';
import { IspapiRegistrar } from '../src/registrars/ispapi/adapter';
import { SANDBOX_ISPAPI_CREDENTIALS } from '../src/config/config';
import { createAllActivities } from '../src/activities/all';
import { loadMailConfig } from '../src/config/mail';
import { createRegistrarQueueWorkers } from '../src/workers/registrar-queues';
import { startImport, startSync } from '../src/client/sync';
import type { PortfolioRunProgress } from '../src/contracts';
import { textTable } from '../src/text/table';

interface Options {
  domains: number;
  rate: number;
  cronSample: number;
  pageSize: number;
  changes: number;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { domains: 10_000, rate: 50, cronSample: 1000, pageSize: 1000, changes: 10 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const key = flag.replace(/^--/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase()) as keyof Options;
    if (!(key in opts))
      throw new Error(`unknown option ${flag} (known: --domains, --rate, --cron-sample, --page-size, --changes)`);
    const value = Number(inline ?? argv[++i]);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} needs a whole number`);
    opts[key] = value;
  }
  return opts;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

interface Measured {
  method: string;
  domains: number;
  wallMs: number;
  calls: number;
  peakRss: number;
  note?: string;
}

export async function runSync(argv: string[]): Promise<void> {
  const opts = parseArgs(argv);
  const t0 = performance.now();
  const log = (line: string) => console.log(`[${seconds(performance.now() - t0).padStart(8)}] ${line}`);
  log(
    `sync benchmark: ${opts.domains} domains, registrar limit ${opts.rate} calls/s, pages of ${opts.pageSize}, ` +
      `cron sample ${opts.cronSample}`,
  );
  installQuietRuntime();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  sampler.unref();
  /** runs fn and returns its wall time and this process's peak RSS meanwhile */
  const phase = async <T>(fn: () => Promise<T>) => {
    peakRss = process.memoryUsage().rss;
    const started = performance.now();
    const value = await fn();
    return { value, wallMs: performance.now() - started, peakRss };
  };

  const [dev, sandbox, bundle] = await Promise.all([
    startDevServer({ uiPort: false }),
    IspapiSandbox.start(),
    workflowBundle(),
  ]);
  const ispapi = new IspapiClient({
    url: sandbox.url,
    entity: '1234',
    ...SANDBOX_ISPAPI_CREDENTIALS,
    connectTimeoutMs: 10_000,
    requestTimeoutMs: 60_000,
    userAgent: 'domainflow-bench',
  });
  const connection = await Connection.connect({ address: dev.address });
  const nativeConnection = await NativeConnection.connect({ address: dev.address });
  try {
    const client = new Client({ connection, namespace: dev.namespace, dataConverter: testDataConverter() });
    const taskQueue = `bench-sync-${process.pid}`;
    const registrar = new IspapiRegistrar(ispapi);
    const activities = createAllActivities({
      registrars: { ispapi: registrar },
      mail: loadMailConfig({}),
      backorderPrices: {},
      client,
      taskQueue,
      reports: { sendEmpty: false },
    });
    const main = await Worker.create({
      connection: nativeConnection,
      namespace: dev.namespace,
      taskQueue,
      workflowBundle: bundle,
      dataConverter: testDataConverter(),
      activities,
      // Thousands of long-lived entities: idle ones are evicted and replayed when a message comes.
      maxCachedWorkflows: 200,
    });
    const lists = await createRegistrarQueueWorkers({
      connection: nativeConnection,
      namespace: dev.namespace,
      taskQueue,
      activities,
      dataConverter: testDataConverter(),
      ratePerSecond: { ispapi: opts.rate },
    });
    const workers = [main, ...lists];
    const running = workers.map((w) => w.run());

    const seeded = await phase(async () => sandbox.seedDomains({ count: opts.domains, prefix: 'bench-' }));
    log(`seeded ${seeded.value.seeded} domains in ${seconds(seeded.wallMs)}`);
    sandbox.setRateLimit(opts.rate);
    const callsSoFar = () => sandbox.journal().length;
    const input = { registrar: 'ispapi' as const, pageSize: opts.pageSize, dueDateOffsetDays: 30 };

    const runPortfolio = async (label: string, run: () => Promise<PortfolioRunProgress>): Promise<Measured> => {
      const before = callsSoFar();
      const measured = await phase(run);
      const p = measured.value;
      log(
        `${label}: ${p.domainsSeen} listed, ${p.started} new, ${p.updated} changed, ${p.unchanged} unchanged, ` +
          `${p.missingChecked} missing checked, ${callsSoFar() - before} registrar calls, ${seconds(measured.wallMs)}`,
      );
      return {
        method: label,
        domains: p.domainsSeen,
        wallMs: measured.wallMs,
        calls: callsSoFar() - before,
        peakRss: measured.peakRss,
      };
    };

    const imported = await runPortfolio('import', async () => {
      const { handle } = await startImport(client, input, { taskQueue });
      return handle.result();
    });
    // The entities upsert their digests as they process the import's signals: wait for all of them.
    const settled = performance.now();
    for (;;) {
      const { count } = await client.workflow.count(`WorkflowType = 'domain' AND LifecycleState = 'domain-active'`);
      if (count >= opts.domains) break;
      if (performance.now() - settled > 30 * 60_000) throw new Error(`only ${count} domain workflows settled`);
      await new Promise((r) => setTimeout(r, 2000));
    }
    imported.wallMs += performance.now() - settled;
    log(`all ${opts.domains} domain workflows active (import incl. settling: ${seconds(imported.wallMs)})`);

    const sync = () => startSync(client, { ...input, sendReport: false }, { taskQueue }).then((h) => h.result());
    const unchanged = await runPortfolio('list sync, unchanged', sync);

    for (let i = 0; i < opts.changes; i++) {
      const domain = `bench-${String(i * 7).padStart(String(opts.domains - 1).length, '0')}.com`;
      await registrar.setPrivacy(domain, true);
    }
    const changed = await runPortfolio(`list sync, ${opts.changes} changed`, sync);

    // The cron module's method: one StatusDomain per domain, paced to the limit, on a sample.
    const sample = Math.min(opts.cronSample, opts.domains);
    const names = Array.from(
      { length: sample },
      (_, i) =>
        `bench-${String(Math.floor((i * opts.domains) / sample)).padStart(String(opts.domains - 1).length, '0')}.com`,
    );
    const cronBefore = callsSoFar();
    const cron = await phase(async () => {
      const interval = 1000 / opts.rate;
      const start = performance.now();
      for (const [i, domain] of names.entries()) {
        const wait = start + i * interval - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        await registrar.getDomain(domain);
      }
    });
    const cronCalls = callsSoFar() - cronBefore;
    log(`cron method on ${sample} domains: ${cronCalls} calls, ${seconds(cron.wallMs)}`);
    const refused = sandbox.journal().filter((e) => e.code === 425).length;

    const scale = opts.domains / sample;
    const cronRow: Measured = {
      method:
        sample < opts.domains ? `cron module, ${sample} sampled, x${scale.toFixed(0)} extrapolated` : 'cron module',
      domains: opts.domains,
      wallMs: cron.wallMs * scale,
      calls: Math.round(cronCalls * scale),
      peakRss: cron.peakRss,
    };
    const rows = [imported, unchanged, changed, cronRow].map((m) => {
      const rate = m.calls / (m.wallMs / 1000);
      return [
        m.method,
        String(m.domains),
        seconds(m.wallMs),
        String(m.calls),
        ((m.calls * 1000) / m.domains).toFixed(2),
        (m.domains / (m.wallMs / 1000)).toFixed(0),
        megabytes(m.peakRss),
        `${rate.toFixed(2)}/${opts.rate} = ${(rate / opts.rate).toFixed(3)}`,
      ];
    });
    console.log(
      `\n${textTable([
        [
          'method',
          'domains',
          'wall time',
          'registrar calls',
          'calls / 1,000 domains',
          'domains / s',
          'peak RSS',
          'call rate / limit',
        ],
        ...rows,
      ])}`,
    );
    console.log(
      `\nregistrar refusals (425, over the limit) during the whole run: ${refused}` +
        `\npeak RSS is this process: dev-server client, sandbox and worker (the dev server is a separate process)`,
    );
    for (const w of workers) w.shutdown();
    await Promise.allSettled(running);
  } finally {
    clearInterval(sampler);
    await ispapi.close();
    await connection.close();
    await nativeConnection.close();
    await sandbox.close();
    await dev.stop();
  }
}
