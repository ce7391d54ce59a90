import type { z } from 'zod';
import { ERR } from '../registry';
import { declaredBodyFields, declaredQueryParams, findOperation } from '../openapi';

/**
 * What each route honours of the inputs its OpenAPI operation declares. The real API acts on every
 * declared field; a sandbox that silently dropped one would let a test pass that the real API
 * answers differently. So a declared query parameter or top-level body field that the route does
 * not list here is refused with the API's error envelope (399, naming the field) before the
 * handler runs. Inputs the files do not declare at all are left to the handler (bodies are parsed
 * by zod, which ignores unknown keys like the real API; PUT /domains/{id} refuses them).
 * test/conformance/openprovider-routes.test.ts probes every declared input a route does not list
 * and fails when one is answered with code 0.
 */
export interface RouteInputs {
  /** query parameter names the handler acts on */
  query?: readonly string[];
  /** top-level body fields the handler acts on (fieldsOf(zodSchema) when the schema is exact) */
  body?: readonly string[];
}

/** The keys of a zod object schema: the body fields a handler parses (and so acts on). */
export function fieldsOf(schema: z.ZodObject): string[] {
  return Object.keys(schema.shape);
}

/**
 * DNSSEC is the DNS work's (issue 16): until the sandbox keeps keys, these declared fields are
 * refused with a message saying so. Remove a name here when its route lists it as honoured.
 */
export const AWAITING_DNSSEC: readonly string[] = ['dnssec_keys', 'is_dnssec_enabled'];

/** Refuses a declared input the route does not honour (routes without an entry are not checked). */
export function refuseUnhonoured(
  key: string,
  inputs: RouteInputs | undefined,
  query: URLSearchParams,
  body: unknown,
): void {
  if (!inputs) return;
  const space = key.indexOf(' ');
  const method = key.slice(0, space);
  const template = key.slice(space + 1);
  if (!findOperation(method, template)) return;
  const declaredQuery = declaredQueryParams(method, template);
  for (const name of new Set(query.keys())) {
    if (declaredQuery.includes(name) && !(inputs.query ?? []).includes(name)) throw notSimulated(`query.${name}`);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return;
  const declaredBody = declaredBodyFields(method, template);
  for (const name of Object.keys(body)) {
    if (!declaredBody.includes(name) || (inputs.body ?? []).includes(name)) continue;
    if (AWAITING_DNSSEC.includes(name))
      throw ERR.badRequest(`body.${name}: DNSSEC is not simulated by this sandbox yet`);
    throw notSimulated(`body.${name}`);
  }
}

function notSimulated(at: string) {
  return ERR.badRequest(`${at}: declared by the API but not simulated by this sandbox (refused, not ignored)`);
}
