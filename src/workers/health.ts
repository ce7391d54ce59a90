import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HealthStatus {
  /** INITIALIZED … RUNNING … STOPPED, or STARTING before the worker exists */
  worker: string;
  taskQueue: string;
  namespace: string;
}

export interface HealthServer {
  /** host:port it listens on (the real port when 0 was asked for) */
  address: string;
  close(): Promise<void>;
}

/**
 * `GET /healthz` and `GET /readyz`: 200 `{status:'ok', worker, taskQueue, namespace}` while the
 * worker is RUNNING (polling), 503 `{status:'unavailable', …}` while it starts or stops. Both
 * answer the same: a worker that is not polling is neither live for its purpose nor ready.
 */
export async function startHealthServer(address: string, status: () => HealthStatus): Promise<HealthServer> {
  const i = address.lastIndexOf(':');
  const host = address.slice(0, i);
  const port = Number(address.slice(i + 1));
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path !== '/healthz' && path !== '/readyz') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not found' }));
      return;
    }
    const current = status();
    const ok = current.worker === 'RUNNING';
    res
      .writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify({ status: ok ? 'ok' : 'unavailable', ...current }));
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  return {
    address: `${host}:${bound.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
