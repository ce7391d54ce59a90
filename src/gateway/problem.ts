/**
 * Errors as RFC 9457 problem details (application/problem+json): a status, a title, a detail for
 * people and, for bad input, one entry per field with its rule. Every refusal of the gateway goes
 * through here, so a billing module handles one shape.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { z } from 'zod';
import { checkStrict } from '../domain/validation';
import { ValidationError } from '../domain/validation';

export interface FieldProblem {
  /** the field's path in the request part, e.g. `polling.initialInterval`, or the part (`body`) itself */
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
}

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

/** A refusal the handlers throw; the error handler answers it as problem+json. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail?: string,
    readonly errors?: FieldProblem[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
  }
}

/** The same answer for "no such thing" and "not yours": a restricted key learns nothing about others. */
export const notFound = (what = 'workflow'): HttpProblem => new HttpProblem(404, 'Not Found', `no such ${what}`);

/** Bad input in one part of the request (body, params, querystring), thrown by the validator. */
export class RequestValidationError extends Error {
  readonly statusCode = 400;
  constructor(readonly errors: FieldProblem[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

/** Validates strictly (the contracts' rules, unknown keys refused) and names each bad field. */
export function validatePart(
  schema: z.ZodType,
  value: unknown,
  part: string,
): { value: unknown } | { error: RequestValidationError } {
  const checked = checkStrict(schema, value, part);
  // The body goes on as the caller wrote it (the client library parses it again, with the same
  // schema); params and query strings go on parsed (numbers coerced, defaults filled).
  if (checked.ok) return { value: part === 'body' ? value : checked.value };
  const messages = checked.problems.message.split('; ');
  return {
    error: new RequestValidationError(
      checked.problems.fields.map((field, i) => ({ field, message: messages[i] ?? checked.problems.message })),
    ),
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}) {
  return reply
    .code(problem.status)
    .headers(headers)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send(problem);
}

const typeFor = (status: number) => `https://domainflow.invalid/problems/${status}`;

/** Fastify's error handler: every error becomes problem+json; unexpected ones are logged, not shown. */
export function problemFromError(
  err: unknown,
  request: FastifyRequest,
): { problem: Problem; headers: Record<string, string> } {
  if (err instanceof HttpProblem) {
    return {
      problem: {
        type: typeFor(err.status),
        title: err.title,
        status: err.status,
        detail: err.message,
        ...(err.errors ? { errors: err.errors } : {}),
      },
      headers: err.headers,
    };
  }
  if (err instanceof RequestValidationError) {
    return {
      problem: { type: typeFor(400), title: 'Invalid request', status: 400, detail: err.message, errors: err.errors },
      headers: {},
    };
  }
  // The client library's own check (the same contracts) can still refuse, e.g. a path parameter.
  if (err instanceof ValidationError) {
    const messages = err.message.split('; ');
    return {
      problem: {
        type: typeFor(400),
        title: 'Invalid request',
        status: 400,
        detail: err.message,
        errors: err.fields.map((field, i) => ({ field, message: messages[i] ?? err.message })),
      },
      headers: {},
    };
  }
  if (err instanceof WorkflowNotFoundError) {
    return {
      problem: { type: typeFor(404), title: 'Not Found', status: 404, detail: 'no such workflow' },
      headers: {},
    };
  }
  if (err instanceof WorkflowUpdateFailedError) {
    // The workflow refused the Update (e.g. a backorder already placed): its reason is for the caller.
    const reason = err.cause instanceof Error ? err.cause.message : err.message;
    return { problem: { type: typeFor(409), title: 'Conflict', status: 409, detail: reason }, headers: {} };
  }
  if (err instanceof ServiceError) {
    // Temporal unreachable, or no worker answered a query in time: worth a retry later.
    request.log.warn({ err: err.message }, 'Temporal did not answer');
    return {
      problem: {
        type: typeFor(503),
        title: 'Service Unavailable',
        status: 503,
        detail: 'Temporal did not answer; retry later',
      },
      headers: { 'retry-after': '5' },
    };
  }
  const statusCode = (err as { statusCode?: number }).statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    // Fastify's own refusals (malformed JSON, wrong content type, body too large).
    return {
      problem: { type: typeFor(statusCode), title: 'Bad request', status: statusCode, detail: (err as Error).message },
      headers: {},
    };
  }
  request.log.error({ err }, 'request failed');
  return {
    problem: { type: typeFor(500), title: 'Internal Server Error', status: 500, detail: 'see the gateway log' },
    headers: {},
  };
}
