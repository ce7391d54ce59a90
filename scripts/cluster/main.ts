/**
 * `npm run stack:cluster [-- --workers N]`: the production topology on one machine. PostgreSQL
 * (throw-away cluster in <DOMAINFLOW_DATA_DIR>/cluster/postgres), the Temporal server built from the
 * Go module with its four services as separate processes, the project's search attributes, the
 * sandbox registrars the configuration asks for (as `npm start` runs them) and N worker processes.
 * Ctrl-C stops the workers, the sandboxes, the services and PostgreSQL in that order.
 * The data survives a restart; remove the folder for a fresh cluster.
 */
import path from 'node:path';
import { ConfigError, loadConfig, loadDotEnv } from '../../src/config/config';
import { REGISTRAR_ENTRIES, type RunningSandbox } from '../../src/registrars';
import { startTemporalCluster } from './temporal-cluster';
import { startWorkerFleet } from './workers';

function workerCount(argv: string[]): number {
  const i = argv.findIndex((a) => a === '--workers' || a.startsWith('--workers='));
  if (i < 0) return 2;
  const raw = argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new ConfigError(`--workers: a whole number 1-16, got ${raw}`);
  return n;
}

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const workers = workerCount(process.argv.slice(2));
  const say = (line: string) => console.log(`[cluster] ${line}`);
  const cluster = await startTemporalCluster({
    dataDir: path.join(config.dataDir, 'cluster'),
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    say,
  });
  const sandboxes: RunningSandbox[] = [];
  for (const entry of REGISTRAR_ENTRIES) {
    if (!entry.sandbox.wanted(config[entry.name])) continue;
    sandboxes.push(await entry.sandbox.start(config.sandbox.host, config.sandbox.ports[entry.name]));
    say(`${entry.label} sandbox up`);
  }
  const fleet = startWorkerFleet(workers, {
    ...process.env,
    TEMPORAL_ADDRESS: cluster.address,
    TEMPORAL_NAMESPACE: cluster.namespace,
  });
  say(`${workers} worker processes (pids ${fleet.processes.map((p) => p.pid).join(', ')}); Ctrl-C stops everything`);
  say(`try: TEMPORAL_ADDRESS=${cluster.address} npm run cli -- --help`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('stopping: workers, sandboxes, Temporal services, PostgreSQL');
    await fleet.stop();
    for (const s of sandboxes) await s.close();
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(err instanceof ConfigError ? 2 : 1);
});
