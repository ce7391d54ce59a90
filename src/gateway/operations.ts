/**
 * The two kinds of route the gateway has, so that a new operation is one small file in routes/:
 * a start (POST a lifecycle's input, 202 with the workflow ID and a status URL) and a workflow
 * route (read a state, send a signal or an Update to one workflow). Both check the key's scope,
 * its customer, and honour Idempotency-Key on POST; bodies are the contracts' zod schemas, which
 * also make the OpenAPI document (openapi.ts).
 */
import type { Client } from '@temporalio/client';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { accountScopedId, domainWorkflowId, registrarAccountSchema } from '../contracts';
import type { KnownAccounts } from '../client/accounts';
import { domainNameSchema } from '../domain/domain-name';
import type { GatewayKey, GatewayScope } from '../config/gateway';
import { assertCustomerOwns, customerForStart, requireScope } from './auth';
import { type Answer, type IdempotencyStore, requestFingerprint } from './idempotency';
import { HttpProblem, problemSchema } from './problem';

export interface GatewayContext {
  client: Client;
  taskQueue: string;
  idempotency: IdempotencyStore;
  /** the deployment's registrar accounts (docs/accounts.md); the start functions refuse others */
  accounts?: KnownAccounts;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** set by the authentication hook for /v1 routes */
    apiKey?: GatewayKey;
  }
}

export const statusUrlOf = (workflowId: string): string => `/v1/workflows/${encodeURIComponent(workflowId)}`;

export const startedSchema = z
  .object({
    workflowId: z.string(),
    /** false: that workflow was already running (nothing new was sent to a registrar) */
    started: z.boolean(),
    statusUrl: z.string(),
  })
  .meta({ id: 'Started' });

const idempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .optional()
    .describe('any unique string (a UUID): a retry with the same key and body gets the first answer'),
});

const errorResponses = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const security = [{ apiKey: [] }];

export function apiKeyOf(request: FastifyRequest): GatewayKey {
  if (!request.apiKey) throw new HttpProblem(401, 'Unauthorized', 'an API key is required');
  return request.apiKey;
}

/** Answers once per Idempotency-Key when the request has one. */
async function idempotent(
  ctx: GatewayContext,
  request: FastifyRequest,
  reply: FastifyReply,
  fn: () => Promise<Answer>,
): Promise<FastifyReply> {
  const header = request.headers['idempotency-key'];
  const key = apiKeyOf(request);
  const answer =
    typeof header === 'string'
      ? await ctx.idempotency.run(key.id, header, requestFingerprint(request.method, request.url, request.body), fn)
      : { ...(await fn()), replayed: false };
  if (answer.replayed) reply.header('idempotent-replayed', 'true');
  const location = (answer.body as { statusUrl?: unknown } | undefined)?.statusUrl;
  if (typeof location === 'string') reply.header('location', location);
  return reply.code(answer.status).send(answer.body);
}

export interface StartOperation<S extends z.ZodType> {
  /** e.g. /v1/transfers */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  scope: GatewayScope;
  body: S;
  /**
   * new: a restricted key's customer becomes the workflow's; existing-domain: also, the domain's
   * entity must belong to that customer (renewals and registrant changes touch a managed domain)
   */
  subject: 'new' | 'existing-domain';
  /** the client library's start function (startTransfer, startRenewal ...) */
  start(
    client: Client,
    input: z.input<S>,
    options: { taskQueue: string; accounts?: KnownAccounts },
  ): Promise<{ workflowId: string; started: boolean }>;
}

/**
 * The body as the gateway validates it: a contract's required customerId becomes optional, as a
 * restricted key's customer fills it in (without a restricted key the start still refuses its absence).
 */
function startBodySchema(body: z.ZodType): z.ZodType {
  if (!(body instanceof z.ZodObject)) return body;
  const customerId = (body.shape as Record<string, z.ZodType | undefined>).customerId;
  return customerId && !customerId.safeParse(undefined).success ? body.partial({ customerId: true }) : body;
}

export function registerStart<S extends z.ZodType>(app: FastifyInstance, ctx: GatewayContext, op: StartOperation<S>) {
  app.route({
    method: 'POST',
    url: op.path,
    schema: {
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      security,
      headers: idempotencyHeaders,
      body: startBodySchema(op.body),
      response: { 202: startedSchema, ...errorResponses, 409: problemSchema, 422: problemSchema },
    },
    handler: async (request, reply) => {
      const key = apiKeyOf(request);
      requireScope(key, op.scope);
      const body = request.body as Record<string, unknown>;
      const customerId = customerForStart(key, body.customerId);
      const input = { ...body, ...(customerId ? { customerId } : {}) } as z.input<S>;
      return idempotent(ctx, request, reply, async () => {
        if (op.subject === 'existing-domain' && key.customerId) {
          const domain = domainNameSchema.parse(body.domain);
          const account = typeof body.account === 'string' ? body.account : undefined;
          await assertCustomerOwns(ctx.client, key, accountScopedId(domainWorkflowId(domain), account), 'domain');
        }
        const started = await op.start(ctx.client, input, {
          taskQueue: ctx.taskQueue,
          ...(ctx.accounts ? { accounts: ctx.accounts } : {}),
        });
        if (!started.started && key.customerId) {
          // Already running: it is this customer's, or it is none of this key's business.
          await assertCustomerOwns(ctx.client, key, started.workflowId).catch(() => {
            throw new HttpProblem(409, 'Conflict', 'this operation is already running and cannot be joined');
          });
        }
        const answer = {
          workflowId: started.workflowId,
          started: started.started,
          statusUrl: statusUrlOf(started.workflowId),
        };
        return { status: 202, body: answer };
      });
    },
  });
}

export interface WorkflowRoute<P extends z.ZodObject, B extends z.ZodType> {
  method: 'GET' | 'POST';
  path: string;
  tag: string;
  summary: string;
  description?: string;
  scope: GatewayScope;
  params: P;
  body?: B;
  response: z.ZodType;
  /**
   * The route takes `?account=<name>` (docs/accounts.md): the registrar account whose workflow it
   * addresses (absent: `default`); an account the deployment lacks is a 400 before any call.
   */
  account?: true;
  /** the workflow whose CustomerId a restricted key must match (`account`: the query's, when the route takes one) */
  workflowId(params: z.output<P>, account?: string): string;
  /** what a 404 names: workflow or domain */
  what?: string;
  /**
   * The answer holds a secret (an auth code): it is never written to the idempotency store; the
   * route makes retries safe itself (run gets the Idempotency-Key to derive its request id from).
   */
  secretAnswer?: boolean;
  run(
    client: Client,
    params: z.output<P>,
    body: z.input<B>,
    idempotencyKey?: string,
    account?: string,
  ): Promise<unknown>;
}

/** `?account=`: the registrar account of a per-domain route. */
const accountQuery = z.object({
  account: registrarAccountSchema.describe('the registrar account (docs/accounts.md); absent: default'),
});

/** The query's account, refused (400 naming `account`) when the deployment has no such account. */
function accountOfQuery(ctx: GatewayContext, request: FastifyRequest): string | undefined {
  const account = (request.query as { account?: string } | undefined)?.account;
  if (account === undefined || account === 'default' || !ctx.accounts) return account;
  const known = Object.values(ctx.accounts).flatMap((names) => [...(names ?? [])]);
  if (!known.includes(account)) {
    const message = `account: no registrar has an account ${account} (configured: ${[...new Set(known)].join(', ')})`;
    throw new HttpProblem(400, 'Invalid request', message, [{ field: 'account', message }]);
  }
  return account;
}

export function registerWorkflowRoute<P extends z.ZodObject, B extends z.ZodType>(
  app: FastifyInstance,
  ctx: GatewayContext,
  route: WorkflowRoute<P, B>,
) {
  app.route({
    method: route.method,
    url: route.path,
    schema: {
      tags: [route.tag],
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      security,
      params: route.params,
      ...(route.account ? { querystring: accountQuery } : {}),
      ...(route.method === 'POST' ? { headers: idempotencyHeaders } : {}),
      ...(route.body ? { body: route.body } : {}),
      response: {
        200: route.response,
        ...errorResponses,
        ...(route.method === 'POST' ? { 409: problemSchema, 422: problemSchema } : {}),
      },
    },
    handler: async (request, reply) => {
      const key = apiKeyOf(request);
      requireScope(key, route.scope);
      const params = request.params as z.output<P>;
      const account = route.account ? accountOfQuery(ctx, request) : undefined;
      const header = request.headers['idempotency-key'];
      const idempotencyKey = typeof header === 'string' ? `${key.id}:${header}` : undefined;
      const run = async (): Promise<Answer> => {
        await assertCustomerOwns(ctx.client, key, route.workflowId(params, account), route.what);
        const body = request.body as z.input<B>;
        return { status: 200, body: await route.run(ctx.client, params, body, idempotencyKey, account) };
      };
      if (route.method === 'GET' || route.secretAnswer) {
        const answer = await run();
        return reply.code(answer.status).send(answer.body);
      }
      return idempotent(ctx, request, reply, run);
    },
  });
}
