import { timingSafeEqual, createHash } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { describeZodError } from '../domain/validation';
import { BodyTooLarge, closeServer, listen, readBody as readRequestBody, sendJson } from '../util/http-server';

/**
 * The remote codec endpoint of the Temporal Web UI (and `temporal ... --codec-endpoint`):
 * `POST /encode` and `POST /decode` with `{"payloads": [{"metadata": {"k": "<base64>"}, "data": "<base64>"}]}`,
 * answering the same shape. The UI calls it from the browser, so it answers CORS for the UI's origin.
 */
export interface CodecServerOptions {
  codec: PayloadCodec;
  host?: string;
  /** 0 = a free port */
  port?: number;
  /** Browser origins allowed to call it (the Web UI), e.g. http://127.0.0.1:8233. */
  corsOrigins?: string[];
  /** When set, requests need `Authorization: Bearer <token>`. */
  authToken?: string;
  /** Largest request body in bytes (default 8 MiB; Temporal refuses payloads over 2 MB anyway). */
  maxBodyBytes?: number;
}

const ALLOWED_HEADERS = 'Authorization, Content-Type, X-Namespace';
const DEFAULT_ORIGINS = ['http://127.0.0.1:8233', 'http://localhost:8233'];

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
const bodySchema = z.object({
  payloads: z
    .array(
      z.object({
        metadata: z.record(z.string(), base64).nullish(),
        data: base64.nullish(),
      }),
    )
    // The Temporal CLI leaves the list out when there is nothing to encode.
    .default([]),
});
type JsonPayload = { metadata?: Record<string, string>; data?: string };

function fromJson(p: z.infer<typeof bodySchema>['payloads'][number]): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(p.data ?? '', 'base64'),
  };
}

function toJson(p: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')]),
    ),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
  };
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export class CodecServer {
  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(options: CodecServerOptions): Promise<CodecServer> {
    const host = options.host ?? '127.0.0.1';
    const origins = new Set((options.corsOrigins ?? DEFAULT_ORIGINS).map((o) => o.replace(/\/$/, '')));
    const maxBody = options.maxBodyBytes ?? 8 * 1024 * 1024;
    const expected = options.authToken ? digest(`Bearer ${options.authToken}`) : undefined;

    const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      const origin = req.headers.origin;
      if (origin !== undefined) {
        if (!origins.has(origin)) throw new HttpError(403, `origin ${origin} is not allowed`);
        res.setHeader('Access-Control-Allow-Origin', origin);
        res.setHeader('Access-Control-Allow-Credentials', 'true');
        res.setHeader('Vary', 'Origin');
      }
      const route = new URL(req.url ?? '/', 'http://codec').pathname.replace(/\/$/, '');
      if (route !== '/encode' && route !== '/decode')
        throw new HttpError(404, 'not found: use POST /encode or /decode');
      if (req.method === 'OPTIONS') {
        // Preflight: no credentials are sent with it, so no token check.
        res.writeHead(204, {
          'Access-Control-Allow-Methods': 'POST, OPTIONS',
          'Access-Control-Allow-Headers': ALLOWED_HEADERS,
          'Access-Control-Max-Age': '600',
        });
        res.end();
        return;
      }
      if (req.method !== 'POST') throw new HttpError(405, 'use POST');
      if (expected) {
        const given = digest(req.headers.authorization ?? '');
        if (!timingSafeEqual(given, expected)) {
          res.setHeader('WWW-Authenticate', 'Bearer');
          throw new HttpError(401, 'a valid Authorization: Bearer token is required');
        }
      }
      const raw = await readBody(req, maxBody);
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new HttpError(400, 'the body must be JSON');
      }
      const parsed = bodySchema.safeParse(json);
      if (!parsed.success) throw new HttpError(400, describeZodError(parsed.error, 'body'));
      const payloads = parsed.data.payloads.map(fromJson);
      let out: Payload[];
      try {
        out = route === '/encode' ? await options.codec.encode(payloads) : await options.codec.decode(payloads);
      } catch (err) {
        throw new HttpError(400, err instanceof Error ? err.message : String(err));
      }
      send(res, 200, { payloads: out.map(toJson) });
    };

    const server = http.createServer((req, res) => {
      handle(req, res).catch((err: unknown) => {
        const status = err instanceof HttpError ? err.status : 500;
        if (!res.headersSent) send(res, status, { error: err instanceof Error ? err.message : 'internal error' });
        else res.destroy();
      });
    });
    const { url } = await listen(server, host, options.port);
    return new CodecServer(server, url);
  }

  close(): Promise<void> {
    return closeServer(this.server, { ignoreErrors: true });
  }
}

/** JSON without Content-Length, never cached: the browser (the Web UI) is the client. */
function send(res: ServerResponse, status: number, body: unknown): void {
  sendJson(res, status, body, {
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    contentLength: false,
  });
}

/** Too large: a 413 naming the limit; the rest of the body is drained so the answer reaches the client. */
async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  try {
    return await readRequestBody(req, { limit: max, onExceed: 'drain' });
  } catch (err) {
    throw err instanceof BodyTooLarge ? new HttpError(413, `the body is larger than ${max} bytes`) : err;
  }
}
