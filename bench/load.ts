/**
 * Load benchmark: N transferDomain and N renewDomain workflows through a real Temporal dev server
 * (in memory), the ISPAPI and Openprovider sandboxes (in process, loopback) and an in-process
 * worker with every activity, as production wires it (encrypted payloads included).
 *
 *   npm run bench -- load [--n 1000] [--latency-ms 0] [--timeout-s 1200] [--start-concurrency 50]
 *
 * Transfers are approved by the sandbox transfer policy ({ mode: 'approve', afterMs: 0 }) and polled
 * with initialInterval '1s'; renewals renew seeded domains 40 days before expiry. Prints throughput,
 * p50/p95 time to completion, the process's peak RSS (worker + sandboxes + client; the dev server is
 * a child process and not counted) and whether the registrar side effects match the expected counts.
 *
 * --latency-ms delays every registrar answer in both sandboxes by that much (their latency
 * fault, `times: 'always'`; default 0: no added latency).
 */
import { Client, Connection, ServiceError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { startDevServer, type DevServer } from '../scripts/lib/dev-server';
import { installQuietRuntime, testDataConverter, workflowBundle } from '../test/helpers/temporal';
import { IspapiSandbox } from '../src/sandbox/ispapi/server';
import { OpenproviderSandbox, SANDBOX_OPENPROVIDER_DEFAULT_HANDLE } from '../src/sandbox/openprovider/server';
import { IspapiClient } from '../src/registrars/ispapi/client';
import { IspapiRegistrar } from '../src/registrars/ispapi/adapter';
import { OpenproviderClient } from '../src/registrars/openprovider/client';
import { OpenproviderRegistrar } from '../src/registrars/openprovider/adapter';
import { SANDBOX_ISPAPI_CREDENTIALS } from '../src/config/config';
import { SANDBOX_OPENPROVIDER_CREDENTIALS } from '../src/sandbox/openprovider/server';
import { createAllActivities } from '../src/activities/all';
import { loadMailConfig } from '../src/config/mail';
import { loadBackorderPrices } from '../src/config/backorder-prices';
import { startTransfer } from '../src/client/transfer';
import { startRenewal } from '../src/client/renew';
import { pool } from '../src/util/pool';

interface Options {
  n: number;
  latencyMs: number;
  timeoutS: number;
  startConcurrency: number;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { n: 1000, latencyMs: 0, timeoutS: 1200, startConcurrency: 50 };
  const names: Record<string, keyof Options> = {
    '--n': 'n',
    '--latency-ms': 'latencyMs',
    '--timeout-s': 'timeoutS',
    '--start-concurrency': 'startConcurrency',
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
  kind: 'transfer' | 'renewal';
  domain: string;
  startedAt: number;
  finishedAt?: number;
  outcome?: string;
  error?: string;
  handle?: { result(): Promise<unknown> };
}

export async function runLoad(argv: string[]): Promise<void> {
  const opts = parseArgs(argv);
  const t0 = performance.now();
  const log = (line: string) => console.log(`[${secs(performance.now() - t0).padStart(9)}] ${line}`);
  log(`load benchmark: n=${opts.n} transfers + ${opts.n} renewals, latency ${opts.latencyMs} ms per registrar call`);

  // RSS of this process (worker, sandboxes, client), every 200 ms.
  let peakRss = process.memoryUsage().rss;
  const startRss = peakRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 200);
  sampler.unref();

  installQuietRuntime();
  const cleanup: Array<() => Promise<unknown>> = [];
  let dev: DevServer | undefined;
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
  }, opts.timeoutS * 1000);
  deadline.unref();

  try {
    const [devServer, ispapi, openprovider, bundle] = await Promise.all([
      startDevServer({ uiPort: false }),
      IspapiSandbox.start({ transferPolicy: { mode: 'approve', afterMs: 0 }, balance: '100000000.00' }),
      OpenproviderSandbox.start({ transferPolicy: { mode: 'approve', afterMs: 0 } }),
      workflowBundle(),
    ]);
    dev = devServer;
    cleanup.push(
      () => ispapi.close(),
      () => openprovider.close(),
    );
    log(`dev server ${dev.address} up in ${dev.startMs} ms; sandboxes ${ispapi.baseUrl} ${openprovider.baseUrl}`);

    if (opts.latencyMs > 0) {
      ispapi.injectFault({ fault: 'latency', ms: opts.latencyMs, times: 'always' });
      openprovider.injectFault({ latencyMs: opts.latencyMs, times: 'always' });
    }

    const ispapiClient = new IspapiClient({
      url: ispapi.url,
      entity: '1234',
      ...SANDBOX_ISPAPI_CREDENTIALS,
      connectTimeoutMs: 10_000,
      requestTimeoutMs: 60_000,
      userAgent: 'domainflow-bench',
    });
    const openproviderClient = new OpenproviderClient({
      baseUrl: openprovider.baseUrl,
      ...SANDBOX_OPENPROVIDER_CREDENTIALS,
      connectTimeoutMs: 10_000,
      requestTimeoutMs: 60_000,
    });
    cleanup.push(
      () => ispapiClient.close(),
      () => openproviderClient.close(),
    );

    const connection = await Connection.connect({ address: dev.address });
    const nativeConnection = await NativeConnection.connect({ address: dev.address });
    cleanup.push(
      () => connection.close(),
      () => nativeConnection.close(),
    );
    const client = new Client({ connection, namespace: dev.namespace, dataConverter: testDataConverter() });
    const taskQueue = `bench-load-${process.pid}`;
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: dev.namespace,
      taskQueue,
      workflowBundle: bundle,
      dataConverter: testDataConverter(),
      activities: createAllActivities({
        registrars: {
          ispapi: new IspapiRegistrar(ispapiClient),
          openprovider: new OpenproviderRegistrar({
            client: openproviderClient,
            handles: { owner: SANDBOX_OPENPROVIDER_DEFAULT_HANDLE },
          }),
        },
        mail: loadMailConfig({}),
        backorderPrices: loadBackorderPrices({}),
        client,
        taskQueue,
      }),
    });
    log('worker created (SDK defaults: 100 activities, 40 workflow tasks)');

    // Seed: N domains at another registrar to transfer in, N in the account to renew.
    const expires = new Date(Math.floor(Date.now() / DAY) * DAY + 40 * DAY + 12 * 3_600_000);
    const expiresOn = expires.toISOString().slice(0, 10);
    const transfers = Array.from({ length: opts.n }, (_, i) => `bench-t-${i}.com`);
    const renewals = Array.from({ length: opts.n }, (_, i) => `bench-r-${i}.com`);
    for (const domain of transfers)
      ispapi.seedExternalDomain({ domain, authCode: 'Bench-Auth-1', nameservers: NS_OLD });
    for (const domain of renewals) ispapi.seedDomain({ domain, nameservers: NS_OLD, expiresAt: expires });
    log(`seeded ${transfers.length} external and ${renewals.length} owned domains`);

    const results = await worker.runUntil(async () => {
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
      const allStarted = Date.now();
      log(`started ${outcomes.filter((o) => !o.error).length} workflows in ${secs(allStarted - firstStart)}`);

      let done = 0;
      const progress = setInterval(
        () => log(`${done}/${outcomes.length} finished, RSS ${mb(process.memoryUsage().rss)}`),
        10_000,
      );
      // Results are collected 100 at a time (thousands of concurrent long polls make the dev server
      // refuse some); completion times come from the workflows' own finishedAt, so this does not skew them.
      await pool(outcomes, 100, async (o) => {
        if (!o.handle) return;
        try {
          for (let attempt = 1; ; attempt++) {
            if (timedOut) throw new Error('timeout');
            try {
              const result = (await o.handle.result()) as { outcome: string; finishedAt: string };
              o.outcome = result.outcome;
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
      return { outcomes, firstStart, lastFinish: Math.max(...outcomes.map((o) => o.finishedAt ?? 0)) };
    });

    // ---- figures ----
    const { outcomes, firstStart, lastFinish } = results;
    const completed = outcomes.filter((o) => o.finishedAt !== undefined);
    const wallMs = lastFinish - firstStart;
    const latencies = (kind?: Outcome['kind']) =>
      completed
        .filter((o) => !kind || o.kind === kind)
        .map((o) => o.finishedAt! - o.startedAt)
        .sort((a, b) => a - b);
    const count = (kind: Outcome['kind'], outcome: string) =>
      outcomes.filter((o) => o.kind === kind && o.outcome === outcome).length;

    const isBench = (prefix: string) => (d: string | undefined) => d !== undefined && d.startsWith(prefix);
    const transferCalls = ispapi
      .journal({ command: 'TransferDomain' })
      .filter((e) => isBench('bench-t-')(e.params.DOMAIN));
    const nsCalls = ispapi
      .journal({ command: 'ModifyDomain' })
      .filter((e) => isBench('bench-t-')(e.params.DOMAIN) && e.params.NAMESERVER0 !== undefined);
    const renewCharges = ispapi
      .charges()
      .filter((c) => isBench('bench-r-')(c.domain) && (c.kind === 'renew' || c.kind === 'pay'));
    const renewCalls = ispapi.journal({ command: 'RenewDomain' }).filter((e) => isBench('bench-r-')(e.params.DOMAIN));
    const errors = outcomes.filter((o) => o.error);

    console.log('');
    console.log(
      `workflows            ${outcomes.length} started, ${completed.length} completed, ${errors.length} failed or unfinished`,
    );
    console.log(
      `outcomes             transfers completed ${count('transfer', 'completed')}/${opts.n}, renewals renewed ${count('renewal', 'renewed')}/${opts.n}`,
    );
    console.log(`wall time            ${secs(wallMs)} (first start to last completion)`);
    console.log(`throughput           ${((completed.length / wallMs) * 1000).toFixed(1)} workflows/s`);
    for (const [label, kind] of [
      ['all', undefined],
      ['transfers', 'transfer'],
      ['renewals', 'renewal'],
    ] as const) {
      const l = latencies(kind);
      console.log(
        `time to completion   ${label.padEnd(10)} p50 ${secs(percentile(l, 50))}  p95 ${secs(percentile(l, 95))}  max ${secs(l[l.length - 1] ?? Number.NaN)}`,
      );
    }
    console.log(
      `worker peak RSS      ${mb(peakRss)} (at start ${mb(startRss)}; this process: worker, sandboxes, client)`,
    );
    const sideEffectsOk =
      transferCalls.length === opts.n && nsCalls.length === opts.n && renewCharges.length === opts.n;
    console.log(
      `side effects         TransferDomain calls = ${transferCalls.length}/${opts.n}, ModifyDomain (nameserver) calls = ${nsCalls.length}/${opts.n}, ` +
        `renewal charges = ${renewCharges.length}/${opts.n} (RenewDomain calls ${renewCalls.length})`,
    );
    console.log(`correctness          side effects counted ${sideEffectsOk ? '=' : '!='} expected`);
    if (errors.length > 0) {
      console.log(
        `first errors         ${errors
          .slice(0, 3)
          .map((o) => `${o.domain}: ${o.error}`)
          .join(' | ')}`,
      );
    }
    console.log(`total run time       ${secs(performance.now() - t0)} (includes dev server start, bundling, seeding)`);
  } finally {
    clearInterval(sampler);
    for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
    await dev?.stop();
  }
}
