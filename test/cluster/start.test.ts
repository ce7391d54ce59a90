/**
 * `npm run test:cluster`: a cluster whose service cannot start fails its start at once and says
 * which service and why (the tail of its log), instead of answering "Failed to start Workflow" for
 * two minutes. A clean-clone CI run once saw that; the two causes found (docs/reliability.md): two
 * services drawing the same port, and services racing for the cluster metadata insert on a fresh
 * database. Here the history service's membership port is held by this test, as another process
 * holding it would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SERVICES, startTemporalCluster } from '../../scripts/cluster/temporal-cluster';

/** A loopback port held by this process until close(). */
async function holdPort(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) =>
    server.listen(20_000 + Math.floor(Math.random() * 12_000), '127.0.0.1', resolve),
  );
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test('cluster start: a service that cannot start fails the start at once, naming it and its log', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'domainflow-cluster-start-'));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as the postgres user when the test runs as root
  const held = await holdPort();
  try {
    // ports.json fixes a data folder's ports: history's membership port is the held one.
    const base = held.port < 26_000 ? held.port + 1 : held.port - 40;
    const rpc = Object.fromEntries(
      SERVICES.map((s, i) => [s, { grpcPort: base + 2 * i, membershipPort: base + 2 * i + 1 }]),
    ) as Record<(typeof SERVICES)[number], { grpcPort: number; membershipPort: number }>;
    rpc.history.membershipPort = held.port;
    writeFileSync(path.join(dataDir, 'ports.json'), JSON.stringify({ pg: base + 20, http: base + 21, rpc }));

    const t0 = Date.now();
    const err = await startTemporalCluster({ dataDir, say: () => undefined }).then(
      async (cluster) => {
        await cluster.stop();
        return undefined;
      },
      (e: unknown) => e as Error,
    );
    const seconds = (Date.now() - t0) / 1000;
    assert.ok(err, 'the start should fail');
    assert.match(err.message, /the history service exited/);
    assert.match(err.message, /ringpop/i, 'the tail of history.log says why');
    // The old code waited out its 120 s readiness deadline on "Failed to start Workflow".
    assert.ok(seconds < 60, `failed after ${seconds.toFixed(1)} s`);
  } finally {
    await held.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
