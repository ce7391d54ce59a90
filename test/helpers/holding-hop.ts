/**
 * A real HTTP hop between a worker process and a sandbox that can keep a registrar's answer back:
 * the sandbox has acted, the worker never hears it, and the test SIGKILLs the worker meanwhile. Used
 * by the worker-kill harness and the DNS apply-kill test.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HoldingHop {
  server: Server;
  /** http://127.0.0.1:<port> */
  origin: string;
  close(): Promise<void>;
}

/**
 * Forwards every request to `target` (same path and headers) and its answer back, except when
 * `hold(req, body)`, asked once the sandbox has answered (so it has acted), says true: then that
 * answer stays here.
 */
export async function startHoldingHop(
  target: URL,
  hold: (req: IncomingMessage, body: string) => boolean,
): Promise<HoldingHop> {
  const server = createServer((req, res) => {
    // A killed worker resets its connection and a closing sandbox resets the hop's: both are
    // expected, and an unhandled 'error' would fail the test file after its tests passed.
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => {
            if (hold(req, body.toString())) return;
            res.writeHead(answer.statusCode ?? 500, answer.headers);
            res.end(Buffer.concat(parts));
          });
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
