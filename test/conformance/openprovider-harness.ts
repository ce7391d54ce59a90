import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  declaredInputs,
  findOperation,
  requestProblems,
  responseProblems,
} from '../../src/sandbox/openprovider/openapi';
import { routeInputs } from '../../src/sandbox/openprovider/routes';
import type { OpenproviderSandbox } from '../../src/sandbox/openprovider/server';

/**
 * The Openprovider conformance harness (test/conformance/openprovider-routes.test.ts runs it): the
 * case type route authors write, the HTTP call, and the checks — request and answer against the
 * OpenAPI operation (src/sandbox/openprovider/openapi.ts, ajv, strict), route-table coverage, and
 * the probe that sends each declared input a route does not honour and wants it refused.
 */

export interface Answer {
  status: number;
  json: { code: number; desc: string; data: unknown; [key: string]: unknown };
}

export interface CaseRequest {
  /** path parameters of the template ({id}, {handle}, {name}) */
  params?: Record<string, string | number>;
  /** arrays are sent as repeated parameters (collectionFormat multi) */
  query?: Record<string, string | number | boolean | string[]>;
  body?: unknown;
}

export interface CaseContext {
  sandbox: OpenproviderSandbox;
  /** the sandbox's default customer handle (valid owner/admin/tech/billing) */
  handle: string;
  /** an authenticated API call, e.g. call('GET', '/v1beta/domains', { query: { full_name: 'a.com' } }) */
  call(method: string, path: string, request?: { query?: CaseRequest['query']; body?: unknown }): Promise<Answer>;
  /** seeds an active domain in the account and answers its id */
  seedDomain(name: string): Promise<number>;
}

export interface RouteCase {
  /** a row of the sandbox's route table: "METHOD /v1beta/template" */
  route: string;
  /** what the case shows */
  name: string;
  /** 'ok': code 0, valid against the 200 schema; a number: that error code, valid against the error envelope */
  expect: 'ok' | number;
  /** builds the request; runs after a sandbox reset and a login, may seed or call other routes */
  request(ctx: CaseContext): Promise<CaseRequest> | CaseRequest;
  /** what must have taken effect (assert on the answer or call other routes) */
  then?(answer: Answer, ctx: CaseContext): Promise<void> | void;
  /** the request breaks the operation's request schema on purpose (an undeclared field): why */
  nonConformingRequest?: string;
}

/** Every case of every area module in ./openprovider-cases (each exports `cases: RouteCase[]`). */
export async function loadCases(): Promise<RouteCase[]> {
  const dir = join(__dirname, 'openprovider-cases');
  const out: RouteCase[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as {
      cases?: RouteCase[];
      default?: { cases?: RouteCase[] };
    };
    const cases = mod.cases ?? mod.default?.cases;
    if (!Array.isArray(cases)) throw new Error(`${file}: exports no \`cases\` array`);
    out.push(...cases);
  }
  return out;
}

/** Route-table coverage: an operation in the files for each route, an `ok` case for each, no case off the table. */
export function coverageProblems(routes: string[], cases: RouteCase[]): string[] {
  const problems: string[] = [];
  for (const route of routes) {
    const [method, template] = splitRoute(route);
    if (!findOperation(method, template)) problems.push(`${route}: no operation in the OpenAPI files`);
    if (!cases.some((c) => c.route === route && c.expect === 'ok'))
      problems.push(`${route}: no 'ok' case in test/conformance/openprovider-cases/`);
    if (!routeInputs(route))
      problems.push(
        `${route}: lists no honoured inputs (a RouteInputs entry, src/sandbox/openprovider/routes/inputs.ts)`,
      );
  }
  for (const c of cases)
    if (!routes.includes(c.route)) problems.push(`case "${c.name}": ${c.route} is not in the route table`);
  return problems;
}

export function splitRoute(route: string): [string, string] {
  const space = route.indexOf(' ');
  return [route.slice(0, space), route.slice(space + 1)];
}

export function toSearchParams(query: CaseRequest['query'] = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  return params;
}

export function fillTemplate(template: string, params: CaseRequest['params'] = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${template}: no value for {${name}}`);
    return encodeURIComponent(String(value));
  });
}

export async function callApi(
  baseUrl: string,
  token: string | undefined,
  method: string,
  path: string,
  request: { query?: CaseRequest['query']; body?: unknown } = {},
): Promise<Answer> {
  const search = toSearchParams(request.query).toString();
  const res = await fetch(`${baseUrl}${path}${search ? `?${search}` : ''}`, {
    method,
    headers: {
      ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
  return { status: res.status, json: (await res.json()) as Answer['json'] };
}

/** The answer against the operation: 200 + code 0 by the 200 schema, anything else by the error envelope. */
export function answerProblems(route: string, answer: Answer): string[] {
  const [method, template] = splitRoute(route);
  const ok = answer.status === 200 && answer.json.code === 0;
  const problems = responseProblems(method, template, answer.json, ok ? '200' : 'default');
  if (!ok && (typeof answer.json.code !== 'number' || answer.json.code === 0 || !answer.json.desc))
    problems.push(`HTTP ${answer.status}: an error answer needs a non-zero code and a desc`);
  return problems.map((p) => `${route} [${ok ? '200' : 'default'}] ${p}`);
}

export function casesRequestProblems(route: string, request: CaseRequest): string[] {
  const [method, template] = splitRoute(route);
  const path = Object.fromEntries(Object.entries(request.params ?? {}).map(([k, v]) => [k, String(v)]));
  return requestProblems(method, template, { path, query: toSearchParams(request.query), body: request.body }).map(
    (p) => `${route} request ${p}`,
  );
}

/** A plausible value of a declared type, for probes (the refusal comes before any parsing). */
function probeValue(type: string): unknown {
  if (type === 'integer' || type === 'number') return 1;
  if (type === 'boolean') return true;
  if (type === 'array') return [];
  if (type === 'object') return {};
  return 'probe';
}

/**
 * The declared inputs of the route's operation that the route does not list as honoured and the
 * case does not send: each is a call that must be refused naming the input. A code-0 answer means
 * the sandbox dropped a field the real API would act on.
 */
export function probesOf(route: string, request: CaseRequest): Array<{ input: string; request: CaseRequest }> {
  const [method, template] = splitRoute(route);
  const honoured = routeInputs(route) ?? {};
  const declared = declaredInputs(method, template);
  const probes: Array<{ input: string; request: CaseRequest }> = [];
  for (const q of declared.query) {
    if ((honoured.query ?? []).includes(q.name) || request.query?.[q.name] !== undefined) continue;
    const value = probeValue(q.type === 'array' ? 'string' : q.type);
    probes.push({
      input: `query.${q.name}`,
      request: { ...request, query: { ...request.query, [q.name]: String(value) } },
    });
  }
  const body = request.body;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    for (const f of declared.body) {
      if ((honoured.body ?? []).includes(f.name) || f.name in body) continue;
      probes.push({
        input: `body.${f.name}`,
        request: { ...request, body: { ...body, [f.name]: probeValue(f.type) } },
      });
    }
  }
  return probes;
}

/** A probe's answer: refused (code != 0) naming the input, else a problem. */
export function probeProblems(route: string, input: string, answer: Answer): string[] {
  if (answer.json.code === 0)
    return [`${route}: ${input} was answered with code 0 but the route does not honour it (silently ignored)`];
  const text = `${answer.json.desc} ${String(answer.json.data)}`;
  if (!text.includes(input)) return [`${route}: ${input} was refused for another reason: ${answer.json.code} ${text}`];
  return [];
}
