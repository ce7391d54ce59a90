import http from 'node:http';
import { closeServer, listen, sendJson } from '../util/http-server';

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
      sendJson(res, 404, { error: 'not found' }, { contentLength: false });
      return;
    }
    const current = status();
    const ok = current.worker === 'RUNNING';
    sendJson(
      res,
      ok ? 200 : 503,
      { status: ok ? 'ok' : 'unavailable', ...current },
      { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, contentLength: false },
    );
  });
  server.keepAliveTimeout = 1_000;
  const bound = await listen(server, host, port);
  return {
    address: `${host}:${bound.port}`,
    close: () => closeServer(server, { ignoreErrors: true }),
  };
}
