import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The plumbing every small HTTP server here shares (the two sandbox registrars, the webhook
 * receiver, the codec server, the worker's health endpoint): read a body under a size limit,
 * answer JSON or text, listen and close. Each server keeps its own wire details (headers, error
 * bodies, what happens past the limit) through the options, so moving onto this helper changed
 * nothing a client sees.
 */

/** The body went past `limit` bytes. Callers turn it into their own answer (413, 500 ...). */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
    this.name = 'BodyTooLarge';
  }
}

export interface ReadBodyOptions {
  /** most bytes accepted */
  limit: number;
  /**
   * Past the limit:
   * - 'destroy' (default): stop reading and destroy the request; the client sees its connection reset.
   * - 'stop': leave the read loop (Node's stream iterator ends the request as for any early exit);
   *   the caller's error answer still reaches the client.
   * - 'drain': keep reading, keeping nothing, so an answer reaches a client that is still sending.
   */
  onExceed?: 'destroy' | 'stop' | 'drain';
}

/** The whole request body, or a rejection with BodyTooLarge (or the stream's own error). */
export async function readBody(req: IncomingMessage, options: ReadBodyOptions): Promise<Buffer> {
  const { limit, onExceed = 'destroy' } = options;
  if (onExceed === 'stop') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw new BodyTooLarge(limit);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      reject(new BodyTooLarge(limit));
      if (onExceed === 'destroy') req.destroy();
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A text answer with Content-Type and Content-Length. */
export function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  contentType = 'text/plain; charset=utf-8',
): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export interface JsonStyle {
  /** the headers to send; default { 'content-type': 'application/json' } */
  headers?: OutgoingHttpHeaders;
  /** add Content-Length (default true) */
  contentLength?: boolean;
  /** end the body with a newline (default false) */
  newline?: boolean;
}

/** `value` as JSON, in the calling server's style (see JsonStyle). */
export function sendJson(res: ServerResponse, status: number, value: unknown, style: JsonStyle = {}): void {
  const body = `${JSON.stringify(value)}${style.newline ? '\n' : ''}`;
  const headers: OutgoingHttpHeaders = { ...(style.headers ?? { 'content-type': 'application/json' }) };
  if (style.contentLength !== false) headers['content-length'] = Buffer.byteLength(body);
  res.writeHead(status, headers);
  res.end(body);
}

/** http://host:port, with an IPv6 host in brackets. */
export function httpUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Starts listening (port 0 = any free one) and resolves with the bound port and URL, or rejects (e.g. EADDRINUSE). */
export async function listen(server: Server, host: string, port = 0): Promise<{ port: number; url: string }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return { port: bound, url: httpUrl(host, bound) };
}

/**
 * Stops listening and drops every connection: keep-alive sockets (undici pools them) would hold
 * close() open until they time out. `ignoreErrors`: resolve even if the server was not running.
 */
export function closeServer(server: Server, options: { ignoreErrors?: boolean } = {}): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((err) => (err && !options.ignoreErrors ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}
