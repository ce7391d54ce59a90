import { ApiError } from '../registry';
import { API } from '../constants';
import { DOMAIN_ROUTES } from './domains';
import { CUSTOMER_ROUTES } from './customers';
import { ACCOUNT_ROUTES } from './account';
import { NAMESERVER_INPUTS, NAMESERVER_ROUTES } from './nameservers';
import type { RouteContext, RouteHandler } from './context';
import { DNS_INPUTS, DNS_ROUTE_PATTERNS, DNS_ROUTES } from './dns';
import { type RouteInputs, refuseUnhonoured } from './inputs';
import { ACCOUNT_INPUTS } from './account';
import { CUSTOMER_INPUTS } from './customers';
import { DOMAIN_INPUTS } from './domains';
import { MANAGEMENT_INPUTS, MANAGEMENT_ROUTES } from './management';

export type { RouteContext, RouteHandler } from './context';
export type { RouteInputs } from './inputs';

/** The API's routes: the table of paths, and dispatch to one module per resource (account, domains, customers). */

/**
 * /domains/{id}, except the names the API gives sibling routes: those never fall into it (a PUT
 * /domains/prices is a 404, not "prices is not a domain id").
 */
const DOMAIN_ID = /^\/v1beta\/domains\/(?!(?:additional-data|check|prices|suggest-name|trade|transfer)$)([^/]+)$/;

const ROUTES: Array<{ method: string; template: string; re: RegExp }> = [
  { method: 'POST', template: '/v1beta/auth/login', re: /^\/v1beta\/auth\/login$/ },
  { method: 'GET', template: '/v1beta/domains', re: /^\/v1beta\/domains$/ },
  { method: 'POST', template: '/v1beta/domains', re: /^\/v1beta\/domains$/ },
  { method: 'POST', template: '/v1beta/domains/check', re: /^\/v1beta\/domains\/check$/ },
  { method: 'POST', template: '/v1beta/domains/transfer', re: /^\/v1beta\/domains\/transfer$/ },
  { method: 'POST', template: '/v1beta/domains/trade', re: /^\/v1beta\/domains\/trade$/ },
  // Before /domains/{id}, which would take "additional-data" or "prices" for an id.
  { method: 'GET', template: '/v1beta/domains/prices', re: /^\/v1beta\/domains\/prices$/ },
  {
    method: 'GET',
    template: '/v1beta/domains/additional-data/customers',
    re: /^\/v1beta\/domains\/additional-data\/customers$/,
  },
  { method: 'GET', template: '/v1beta/domains/additional-data', re: /^\/v1beta\/domains\/additional-data$/ },
  { method: 'GET', template: '/v1beta/domains/{id}', re: DOMAIN_ID },
  { method: 'PUT', template: '/v1beta/domains/{id}', re: DOMAIN_ID },
  { method: 'DELETE', template: '/v1beta/domains/{id}', re: DOMAIN_ID },
  { method: 'POST', template: '/v1beta/domains/{id}/renew', re: /^\/v1beta\/domains\/([^/]+)\/renew$/ },
  { method: 'POST', template: '/v1beta/domains/{id}/restore', re: /^\/v1beta\/domains\/([^/]+)\/restore$/ },
  { method: 'POST', template: '/v1beta/domains/suggest-name', re: /^\/v1beta\/domains\/suggest-name$/ },
  { method: 'GET', template: '/v1beta/domains/{id}/authcode', re: /^\/v1beta\/domains\/([^/]+)\/authcode$/ },
  {
    method: 'POST',
    template: '/v1beta/domains/{id}/authcode/reset',
    re: /^\/v1beta\/domains\/([^/]+)\/authcode\/reset$/,
  },
  {
    method: 'POST',
    template: '/v1beta/domains/{id}/transfer/approve',
    re: /^\/v1beta\/domains\/([^/]+)\/transfer\/approve$/,
  },
  { method: 'GET', template: '/v1beta/tlds/{name}', re: /^\/v1beta\/tlds\/([^/]+)$/ },
  { method: 'GET', template: '/v1beta/tlds', re: /^\/v1beta\/tlds$/ },
  { method: 'GET', template: '/v1beta/resellers', re: /^\/v1beta\/resellers$/ },
  { method: 'GET', template: '/v1beta/customers', re: /^\/v1beta\/customers$/ },
  { method: 'POST', template: '/v1beta/customers', re: /^\/v1beta\/customers$/ },
  { method: 'GET', template: '/v1beta/customers/{handle}', re: /^\/v1beta\/customers\/([^/]+)$/ },
  { method: 'PUT', template: '/v1beta/customers/{handle}', re: /^\/v1beta\/customers\/([^/]+)$/ },
  { method: 'GET', template: '/v1beta/dns/nameservers', re: /^\/v1beta\/dns\/nameservers$/ },
  { method: 'POST', template: '/v1beta/dns/nameservers', re: /^\/v1beta\/dns\/nameservers$/ },
  // "groups" is a path of its own (ns groups), not a name server's name.
  { method: 'GET', template: '/v1beta/dns/nameservers/{name}', re: /^\/v1beta\/dns\/nameservers\/(?!groups$)([^/]+)$/ },
  { method: 'PUT', template: '/v1beta/dns/nameservers/{name}', re: /^\/v1beta\/dns\/nameservers\/(?!groups$)([^/]+)$/ },
  {
    method: 'DELETE',
    template: '/v1beta/dns/nameservers/{name}',
    re: /^\/v1beta\/dns\/nameservers\/(?!groups$)([^/]+)$/,
  },
  ...DNS_ROUTE_PATTERNS,
];

/** The route table as "METHOD /template" keys (the conformance suite covers each). */
export function routeKeys(): string[] {
  return ROUTES.map((r) => `${r.method} ${r.template}`);
}

export function matchRoute(method: string, pathname: string): { template: string; param?: string } | undefined {
  const path = pathname.replace(/\/+$/, '');
  if (!path.startsWith(API)) return undefined;
  for (const r of ROUTES) {
    if (r.method !== method) continue;
    const m = r.re.exec(path);
    if (m) return { template: r.template, param: m[1] !== undefined ? decodeURIComponent(m[1]) : undefined };
  }
  return undefined;
}

export function domainOf(body: unknown, query: URLSearchParams): string | undefined {
  const full = query.get('full_name');
  if (full) return full.toLowerCase();
  if (body && typeof body === 'object') {
    const b = body as {
      domain?: { name?: unknown; extension?: unknown };
      domains?: Array<{ name?: unknown; extension?: unknown }>;
    };
    const d = b.domain ?? b.domains?.[0];
    if (d && typeof d.name === 'string' && typeof d.extension === 'string')
      return `${d.name}.${d.extension}`.toLowerCase();
  }
  const pattern = query.get('domain_name_pattern');
  const extension = query.get('extension');
  if (pattern && extension && !pattern.includes('*')) return `${pattern}.${extension}`.toLowerCase();
  return undefined;
}

const HANDLERS = new Map<string, RouteHandler>(
  Object.entries({
    ...ACCOUNT_ROUTES,
    ...DOMAIN_ROUTES,
    ...CUSTOMER_ROUTES,
    ...NAMESERVER_ROUTES,
    ...MANAGEMENT_ROUTES,
    ...DNS_ROUTES,
  }),
);

/** What each route honours of its operation's declared inputs (./inputs.ts): the rest is refused. */
const INPUTS = new Map<string, RouteInputs>(
  Object.entries({
    ...ACCOUNT_INPUTS,
    ...DOMAIN_INPUTS,
    ...DNS_INPUTS,
    ...CUSTOMER_INPUTS,
    ...NAMESERVER_INPUTS,
    ...MANAGEMENT_INPUTS,
  }),
);

export function routeInputs(key: string): RouteInputs | undefined {
  return INPUTS.get(key);
}

/** Runs the handler of `METHOD /template`; a route without one is a 404 like the real API's. */
export function dispatchRoute(key: string, ctx: RouteContext): unknown {
  const handler = HANDLERS.get(key);
  if (!handler) throw new ApiError(404, 'Not found', key, 404);
  refuseUnhonoured(key, INPUTS.get(key), ctx.query, ctx.body);
  return handler(ctx);
}
