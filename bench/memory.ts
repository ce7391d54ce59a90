/**
 * What one cached workflow costs in the workflow isolate's heap (issue 18, worker memory):
 *
 *   npm run bench -- memory [--n 200] [--snapshot 1]
 *
 * One dev server (in memory), the ISPAPI sandbox with transfers left pending, and an in-process
 * worker in the SDK's debug mode: the same reusable V8 context the workflow thread uses, but in this
 * thread, so `v8.getHeapStatistics()` and a heap snapshot see it. First one transfer is started and
 * waits in its status poll (the shared modules are loaded then), the heap is measured after a full
 * GC; then n-1 more, measured again: the difference over n-1 is what each cached workflow holds.
 * With --snapshot 1 both heaps are written as snapshots and the retained growth is listed by
 * constructor (objects' self sizes, so the largest growers show what each workflow instantiates).
 * The bundle is built with the production bundler options (src/workers/bundle-options.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm';
import { startDevServer } from '../scripts/lib/dev-server';
import { testDataConverter } from '../test/helpers/temporal';
import { getTransferState, startTransfer } from '../src/client/transfer';
import { transferWorkflowId } from '../src/contracts';
import { createChangeEventActivities, createRegistrarActivities } from '../src/activities';
import { startIspapi } from '../test/helpers/registrars';
import { workflowsPath } from '../src/workers/worker';
import { bundlerOptions } from '../src/workers/bundle-options';
import { pool } from '../src/util/pool';

interface Options {
  n: number;
  snapshot: number;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { n: 200, snapshot: 0 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const key = ({ '--n': 'n', '--snapshot': 'snapshot' } as const)[flag as '--n' | '--snapshot'];
    if (!key) throw new Error(`unknown option ${flag} (known: --n, --snapshot)`);
    const value = Number(inline ?? argv[++i]);
    if (!Number.isInteger(value) || value < 0 || (key === 'n' && value < 2)) throw new Error(`${flag}: bad value`);
    opts[key] = value;
  }
  return opts;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function settledHeap(): number {
  for (let i = 0; i < 3; i++) gc();
  return v8.getHeapStatistics().used_heap_size;
}

type ByName = Map<string, { count: number; size: number }>;

/** Self sizes by constructor/closure name ("object", "closure", "array", "code" ... node types). */
function snapshotByName(file: string): ByName {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const out: ByName = new Map();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + iType]!]!;
    const name = type === 'object' || type === 'closure' ? `${type} ${snap.strings[snap.nodes[i + iName]!]}` : type;
    const entry = out.get(name) ?? { count: 0, size: 0 };
    entry.count++;
    entry.size += snap.nodes[i + iSize]!;
    out.set(name, entry);
  }
  return out;
}

export async function runMemory(argv: string[]): Promise<void> {
  const opts = parseArgs(argv);
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const tmp = mkdtempSync(path.join(tmpdir(), 'domainflow-memory-'));
  const [dev, ispapi, bundle] = await Promise.all([
    startDevServer({ uiPort: false }),
    startIspapi({ sandbox: { transferPolicy: { mode: 'manual' } } }),
    bundleWorkflowCode({ workflowsPath, ...bundlerOptions, logger: new DefaultLogger('WARN') }),
  ]);
  const sandbox = ispapi.sandbox;
  const connection = await Connection.connect({ address: dev.address });
  const nativeConnection = await NativeConnection.connect({ address: dev.address });
  try {
    const client = new Client({ connection, namespace: dev.namespace, dataConverter: testDataConverter() });
    const taskQueue = `bench-memory-${process.pid}`;
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: dev.namespace,
      taskQueue,
      workflowBundle: bundle,
      dataConverter: testDataConverter(),
      // the workflow context in this thread, where the heap can be read
      debugMode: true,
      maxCachedWorkflows: opts.n + 20,
      activities: {
        ...createRegistrarActivities({ ispapi: ispapi.adapter }),
        ...createChangeEventActivities(client, { urls: [] }),
      },
    });
    const domains = Array.from({ length: opts.n }, (_, i) => `memory-${i}.com`);
    for (const domain of domains) {
      sandbox.seedExternalDomain({
        domain,
        authCode: 'Memory-Auth-1',
        nameservers: ['ns1.old.example', 'ns2.old.example'],
      });
    }
    const pending = async (count: number) => {
      for (;;) {
        const requested = sandbox.journal({ command: 'TransferDomain' }).length;
        if (requested >= count) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      // the workflow task after the TransferDomain answer and the first status check
      await new Promise((r) => setTimeout(r, 3000));
    };
    const start = (domain: string) =>
      startTransfer(
        client,
        {
          domain,
          authCode: 'Memory-Auth-1',
          nameservers: ['ns1.new.example', 'ns2.new.example'],
          polling: { initialInterval: '1 hour', deadline: '30 days' },
        },
        { taskQueue },
      );
    await worker.runUntil(async () => {
      await start(domains[0]!);
      await pending(1);
      const before = settledHeap();
      const snapBefore = opts.snapshot ? v8.writeHeapSnapshot(path.join(tmp, 'before.heapsnapshot')) : undefined;
      await pool(domains.slice(1), 20, start);
      await pending(opts.n);
      const afterHeap = settledHeap();
      const snapAfter = opts.snapshot ? v8.writeHeapSnapshot(path.join(tmp, 'after.heapsnapshot')) : undefined;
      // The SDK's own registry of workflows in this context: each holds its module cache.
      const byRunId = ReusableVMWorkflowCreator.workflowByRunId as unknown as Map<
        string,
        { activator: { moduleCache: Map<string, unknown> } }
      >;
      const [first] = byRunId.values();
      const ids = [...(first?.activator.moduleCache.keys() ?? [])].map(String).sort();
      const groups = new Map<string, number>();
      for (const id of ids) {
        const group = id.replace(/^\.\//, '').replace(/^(node_modules\/(@[^/]+\/)?[^/]+|src\/[^/]+).*$/, '$1');
        groups.set(group, (groups.get(group) ?? 0) + 1);
      }
      console.log(`modules evaluated per workflow: ${ids.length}`);
      if (process.env.BENCH_MEMORY_IDS) console.log(ids.join('\n'));
      for (const [group, count] of [...groups].sort((x, y) => y[1] - x[1]))
        console.log(`  ${String(count).padStart(4)}  ${group}`);
      console.log(
        `heap with 1 cached workflow ${mb(before)}, with ${opts.n}: ${mb(afterHeap)}; ` +
          `per cached workflow ${((afterHeap - before) / (opts.n - 1) / 1024).toFixed(0)} kB`,
      );
      // The measure counts only if the workflows run right: each waits in its status poll, none
      // had a workflow task fail (a frozen preloaded module refusing a write would show there).
      let failedTasks = 0;
      const notPending: string[] = [];
      for (const domain of domains.filter((_, i) => i % Math.ceil(opts.n / 20) === 0)) {
        const handle = client.workflow.getHandle(transferWorkflowId(domain));
        const state = await getTransferState(client, handle.workflowId);
        if (state.phase !== 'pending') notPending.push(`${domain}: ${state.phase}`);
        const history = await handle.fetchHistory();
        failedTasks += (history.events ?? []).filter((e) => e.workflowTaskFailedEventAttributes).length;
      }
      console.log(
        `sampled workflows: ${notPending.length === 0 ? 'all pending' : `not pending: ${notPending.join(', ')}`}, ` +
          `failed workflow tasks ${failedTasks}`,
      );
      if (notPending.length > 0 || failedTasks > 0) process.exitCode = 1;
      if (snapBefore && snapAfter) {
        const a = snapshotByName(snapBefore);
        const b = snapshotByName(snapAfter);
        const rows = [...b].map(([name, v]) => {
          const old = a.get(name) ?? { count: 0, size: 0 };
          return { name, count: (v.count - old.count) / (opts.n - 1), size: (v.size - old.size) / (opts.n - 1) };
        });
        rows.sort((x, y) => y.size - x.size);
        console.log('growth per cached workflow, largest first (count, bytes):');
        for (const r of rows.slice(0, 40)) {
          console.log(`  ${r.count.toFixed(1).padStart(8)} ${r.size.toFixed(0).padStart(9)}  ${r.name.slice(0, 90)}`);
        }
      }
    });
  } finally {
    await nativeConnection.close();
    await connection.close();
    await ispapi.close();
    await dev.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}
