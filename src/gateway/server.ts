/**
 * The HTTP gateway (`domainflow serve`): a small, stable API in front of the workflows for billing
 * systems without a Temporal SDK (docs/gateway.md). Fastify with the contracts' zod schemas:
 * strict validation naming the field (problem+json), API keys with scopes and a customer,
 * Idempotency-Key, a rate limit per key, and logs without keys, auth codes or contact data.
 */
import type { Client } from '@temporalio/client';
import type { KnownAccounts } from '../client/accounts';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { z } from 'zod';
import type { GatewayKey } from '../config/gateway';
import { KeyRing } from './auth';
import { IdempotencyStore } from './idempotency';
import { registerOpenApi } from './openapi';
import type { GatewayContext } from './operations';
import { HttpProblem, problemFromError, sendProblem, validatePart } from './problem';
import { RateLimiter } from './rate-limit';
import { ROUTES } from './routes';

export interface GatewayOptions {
  client: Client;
  taskQueue: string;
  /** the registrar accounts of the deployment: a start naming another is refused (400) before any call */
  accounts?: KnownAccounts;
  keys: readonly GatewayKey[];
  ratePerMinute: number;
  idempotencyFile: string;
  logLevel?: string;
  /** where the JSON log goes (default stdout); tests read it to prove what is never logged */
  logStream?: NodeJS.WritableStream;
  https?: { cert: Buffer; key: Buffer };
}

/**
 * Never logged, wherever they appear: keys in headers and, should a body or error ever be logged,
 * auth codes and contact data (fastify logs no bodies by default; this is the second fence).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'body',
  'req.body',
  '*.authCode',
  '*.contacts',
  '*.registrant',
  '*.currentRegistrant',
];

export interface Gateway {
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function buildGateway(options: GatewayOptions): Promise<Gateway> {
  const logger: FastifyServerOptions['logger'] = {
    level: options.logLevel ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(options.logStream ? { stream: options.logStream } : {}),
  };
  const app = Fastify({
    logger,
    ...(options.https ? { https: options.https } : {}),
  }) as unknown as FastifyInstance;
  const idempotency = new IdempotencyStore(options.idempotencyFile);
  const ctx: GatewayContext = {
    client: options.client,
    taskQueue: options.taskQueue,
    idempotency,
    ...(options.accounts ? { accounts: options.accounts } : {}),
  };
  const keys = new KeyRing(options.keys);
  const limiter = new RateLimiter(options.ratePerMinute);

  app.setValidatorCompiler(
    ({ schema, httpPart }) =>
      (data: unknown) =>
        validatePart(schema as z.ZodType, data, httpPart ?? 'body'),
  );
  // Answers are sent as they are: the response schemas are for the document, not a second check.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler((err, request, reply) => {
    const { problem, headers } = problemFromError(err, request);
    return sendProblem(reply, problem, headers);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: `no route ${request.method} ${request.url.split('?')[0]}`,
    }),
  );

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/v1/')) return;
    const key = keys.authenticate(request.headers);
    const wait = limiter.take(key.id);
    if (wait > 0) {
      throw new HttpProblem(
        429,
        'Too Many Requests',
        `the rate limit of this API key is reached; retry in ${wait} s`,
        undefined,
        {
          'retry-after': String(wait),
        },
      );
    }
    request.apiKey = key;
    reply.header('cache-control', 'no-store');
  });

  await registerOpenApi(app);
  app.get('/health', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await options.client.workflowService.getSystemInfo({});
      return { status: 'ok', temporal: 'ok' };
    } catch (err) {
      return reply.code(503).send({ status: 'unavailable', temporal: (err as Error).message });
    }
  });
  for (const routes of ROUTES) routes(app, ctx);
  await app.ready();
  return {
    app,
    close: async () => {
      await app.close();
      idempotency.close();
    },
  };
}
