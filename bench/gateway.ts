/**
 * `npm run bench -- gateway [--n 200]`: the latency the HTTP gateway adds to starting a workflow.
 * N transfers started directly with the client library (startTransfer), N through the gateway
 * (POST /v1/transfers over loopback HTTP, keep-alive), N through the gateway with an
 * Idempotency-Key (one fsync per answer); medians and 95th percentiles. Only the start is timed:
 * a dev server in memory, no worker, so the workflows just wait. Figures: docs/gateway.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startDevServer } from '../scripts/lib/dev-server';
import { startTransfer } from '../src/client/transfer';
import { EncryptionCodec, encryptedDataConverter } from '../src/codec/encryption-codec';
import { sha256Hex } from '../src/gateway/auth';
import { buildGateway } from '../src/gateway/server';

const KEY = 'dfk_bench-key';

function option(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? Number(argv[i + 1]) : fallback;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function timed(n: number, fn: (i: number) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

export async function runGateway(argv: string[]): Promise<void> {
  const n = option(argv, 'n', 200);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'domainflow-bench-gateway-'));
  const dev = await startDevServer({ uiPort: false });
  const connection = await Connection.connect({ address: dev.address });
  const codec = new EncryptionCodec([{ id: 'bench', key: randomBytes(32) }]);
  const client = new Client({ connection, namespace: dev.namespace, dataConverter: encryptedDataConverter(codec) });
  const taskQueue = 'bench-gateway';
  const gateway = await buildGateway({
    client,
    taskQueue,
    keys: [{ id: 'bench', sha256: sha256Hex(KEY), scopes: new Set(['read', 'operate']) }],
    ratePerMinute: 100_000,
    idempotencyFile: path.join(dataDir, 'idempotency.jsonl'),
    logLevel: 'warn',
  });
  const url = `${await gateway.app.listen({ host: '127.0.0.1', port: 0 })}/v1/transfers`;
  const body = (domain: string) => JSON.stringify({ domain, authCode: 'Bench-Auth-1' });
  const post = async (domain: string, idempotencyKey?: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${KEY}`,
        'content-type': 'application/json',
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      body: body(domain),
    });
    if (res.status !== 202) throw new Error(`${domain}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  try {
    // Warm-up: connections, JIT, the server's first workflow starts.
    await timed(20, (i) =>
      startTransfer(client, { domain: `warm-direct-${i}.com`, authCode: 'x' }, { taskQueue }).then(() => undefined),
    );
    await timed(20, (i) => post(`warm-gateway-${i}.com`));
    const direct = await timed(n, (i) =>
      startTransfer(client, { domain: `direct-${i}.com`, authCode: 'Bench-Auth-1' }, { taskQueue }).then(
        () => undefined,
      ),
    );
    const viaGateway = await timed(n, (i) => post(`gateway-${i}.com`));
    const withKey = await timed(n, (i) => post(`idem-${i}.com`, `order-${i}`));
    const line = (name: string, t: number[]) =>
      `${name.padEnd(28)} median ${quantile(t, 0.5).toFixed(2)} ms  p95 ${quantile(t, 0.95).toFixed(2)} ms`;
    console.log(`starts of transferDomain, ${n} each, sequential (dev server in memory, loopback)`);
    console.log(line('client library (direct)', direct));
    console.log(line('gateway POST /v1/transfers', viaGateway));
    console.log(line('gateway + Idempotency-Key', withKey));
    console.log(
      `added by the gateway: median ${(quantile(viaGateway, 0.5) - quantile(direct, 0.5)).toFixed(2)} ms, ` +
        `with Idempotency-Key ${(quantile(withKey, 0.5) - quantile(direct, 0.5)).toFixed(2)} ms`,
    );
  } finally {
    await gateway.close();
    await connection.close();
    await dev.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
