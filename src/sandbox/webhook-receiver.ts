import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { BodyTooLarge, closeServer, listen, readBody as readRequestBody, sendJson } from '../util/http-server';
import { changeEventSchema } from '../contracts';
import { ATTEMPT_HEADER, EVENT_ID_HEADER, SIGNATURE_HEADER, verifyWebhookSignature } from '../webhooks/verify';

/** The secret `npm start` gives the worker and this receiver when no real receiver is configured. */
export const SANDBOX_WEBHOOK_SECRET = 'sandbox-webhook-secret-not-for-production';

export interface ReceivedEvent {
  id: string;
  type: string;
  occurredAt: string;
  domain: string;
  registrar: string;
  data: Record<string, unknown>;
  /** when the first good delivery of this event arrived */
  receivedAt: string;
}

/** Every request, also the refused ones: the tests count attempts here. */
export interface DeliveryRecord {
  at: string;
  eventId?: string;
  /** X-Domainflow-Delivery-Attempt as sent */
  attempt?: number;
  /** what this receiver answered */
  status: number;
  outcome: 'stored' | 'duplicate' | 'bad-signature' | 'scripted-failure' | 'bad-request';
}

export interface WebhookReceiverOptions {
  host?: string;
  port?: number;
  secret: string;
}

const failSchema = z.object({
  count: z.number().int().min(0, 'must be 0 or more').max(1000, 'must be at most 1000'),
  status: z.number().int().min(400, 'must be an HTTP error status 400-599').max(599).default(500),
});

const MAX_BODY = 1024 * 1024;

/**
 * A receiver of change events as a customer would write one (docs/events.md): verifies the
 * signature (401 when it does not match), de-duplicates by event id and keeps what it got. It can be
 * told to fail the next N deliveries so retries can be watched. Control routes:
 * GET /_sandbox/events, POST /_sandbox/fail {"count":2,"status":500}, POST /_sandbox/reset.
 */
export class WebhookReceiver {
  readonly baseUrl: string;
  /** where deliveries go (any path except /_sandbox/... is accepted) */
  readonly url: string;
  private received = new Map<string, ReceivedEvent>();
  private log: DeliveryRecord[] = [];
  private failures: { remaining: number; status: number } = { remaining: 0, status: 500 };

  private constructor(
    private readonly server: Server,
    readonly port: number,
    host: string,
    private readonly secret: string,
  ) {
    this.baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    this.url = `${this.baseUrl}/webhooks/domainflow`;
  }

  static async start(options: WebhookReceiverOptions): Promise<WebhookReceiver> {
    const host = options.host ?? '127.0.0.1';
    const server = createServer();
    const { port } = await listen(server, host, options.port);
    const receiver = new WebhookReceiver(server, port, host, options.secret);
    server.on('request', (req, res) => {
      receiver.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: String(err) });
      });
    });
    return receiver;
  }

  /** Distinct events, in order of first arrival. */
  events(): ReceivedEvent[] {
    return [...this.received.values()];
  }

  deliveries(): DeliveryRecord[] {
    return [...this.log];
  }

  /** The next `count` deliveries with a good signature are answered with `status` (default 500). */
  failNext(count: number, status = 500): void {
    const parsed = failSchema.parse({ count, status });
    this.failures = { remaining: parsed.count, status: parsed.status };
  }

  reset(): void {
    this.received.clear();
    this.log = [];
    this.failures = { remaining: 0, status: 500 };
  }

  async close(): Promise<void> {
    await closeServer(this.server);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.baseUrl).pathname;
    const body = await readBody(req);
    if (path.startsWith('/_sandbox/')) return this.control(req.method ?? 'GET', path, body, res);
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'deliveries are POSTed' });

    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const attemptText = header(ATTEMPT_HEADER);
    const record = (status: number, outcome: DeliveryRecord['outcome'], eventId?: string) => {
      this.log.push({
        at: new Date().toISOString(),
        ...(eventId !== undefined ? { eventId } : {}),
        ...(attemptText ? { attempt: Number(attemptText) } : {}),
        status,
        outcome,
      });
    };
    // The signature first: nothing from an unverified body is trusted, not even its id.
    const verified = verifyWebhookSignature({ body, header: req.headers[SIGNATURE_HEADER], secret: this.secret });
    if (!verified.ok) {
      record(401, 'bad-signature', header(EVENT_ID_HEADER));
      return sendJson(res, 401, { error: verified.reason });
    }
    const parsed = changeEventSchema.safeParse(safeJson(body));
    if (!parsed.success || parsed.data.id !== header(EVENT_ID_HEADER)) {
      record(400, 'bad-request', header(EVENT_ID_HEADER));
      return sendJson(res, 400, { error: 'the body is not a change event, or its id differs from the header' });
    }
    const event = parsed.data;
    if (this.failures.remaining > 0) {
      this.failures.remaining -= 1;
      record(this.failures.status, 'scripted-failure', event.id);
      return sendJson(res, this.failures.status, { error: 'scripted failure (POST /_sandbox/fail)' });
    }
    if (this.received.has(event.id)) {
      // At-least-once delivery: a repeat is acknowledged so the sender stops, and otherwise ignored.
      record(200, 'duplicate', event.id);
      return sendJson(res, 200, { received: event.id, duplicate: true });
    }
    this.received.set(event.id, { ...event, receivedAt: new Date().toISOString() });
    record(200, 'stored', event.id);
    sendJson(res, 200, { received: event.id, duplicate: false });
  }

  private control(method: string, path: string, body: Buffer, res: ServerResponse): void {
    if (method === 'GET' && path === '/_sandbox/events') {
      return sendJson(res, 200, {
        events: this.events(),
        deliveries: this.deliveries(),
        failNext: this.failures.remaining,
      });
    }
    if (method === 'POST' && path === '/_sandbox/fail') {
      const parsed = failSchema.safeParse(safeJson(body));
      if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error) });
      this.failNext(parsed.data.count, parsed.data.status);
      return sendJson(res, 200, { failNext: parsed.data.count, status: parsed.data.status });
    }
    if (method === 'POST' && path === '/_sandbox/reset') {
      this.reset();
      return sendJson(res, 200, { reset: true });
    }
    sendJson(res, 404, { error: `no control route ${method} ${path}` });
  }
}

/** Over 1 MiB: a 500 naming the limit, as before the shared helper. */
async function readBody(req: IncomingMessage): Promise<Buffer> {
  try {
    return await readRequestBody(req, { limit: MAX_BODY, onExceed: 'stop' });
  } catch (err) {
    throw err instanceof BodyTooLarge ? new Error('body larger than 1 MiB') : err;
  }
}

function safeJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
