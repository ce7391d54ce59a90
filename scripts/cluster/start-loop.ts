/**
 * `npx tsx scripts/cluster/start-loop.ts [--starts N] [--keep]`: starts and stops a fresh cluster
 * N times (default 10) and prints each start's time, to reproduce a cluster that never becomes
 * ready (docs/reliability.md). A failed start keeps its data folder (service logs) and says where.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTemporalCluster } from './temporal-cluster';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

async function main(): Promise<void> {
  const starts = arg('--starts', 10);
  const keep = process.argv.includes('--keep');
  const times: number[] = [];
  let failures = 0;
  for (let i = 1; i <= starts; i++) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'domainflow-start-loop-'));
    chmodSync(dataDir, 0o755); // PostgreSQL runs as the postgres user when this runs as root
    const t0 = Date.now();
    try {
      const cluster = await startTemporalCluster({ dataDir, say: () => undefined });
      times.push(Date.now() - t0);
      console.log(`start ${i}/${starts}: ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      await cluster.stop();
      if (!keep) rmSync(dataDir, { recursive: true, force: true });
    } catch (err) {
      failures++;
      console.log(
        `start ${i}/${starts}: FAILED after ${((Date.now() - t0) / 1000).toFixed(1)} s; folder kept: ${dataDir}`,
      );
      console.log(err instanceof Error ? err.message : String(err));
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `${starts} starts, ${failures} failed; ready in min ${((sorted[0] ?? 0) / 1000).toFixed(1)} s, ` +
      `max ${((sorted.at(-1) ?? 0) / 1000).toFixed(1)} s`,
  );
  process.exit(failures ? 1 : 0);
}

void main();
