/**
 * Conformance of the Openprovider sandbox to Openprovider's official OpenAPI files
 * (src/sandbox/openprovider/reference/, read with ajv by src/sandbox/openprovider/openapi.ts).
 *
 * HOW TO COVER A ROUTE YOU ADD (the suite fails until you do):
 * 1. Add the row to the route table (src/sandbox/openprovider/routes/index.ts) and its handler;
 *    the OpenAPI files must declare the operation (METHOD + path template, e.g. GET /v1beta/dns/zones/{name}).
 * 2. List what the handler honours of the operation's declared inputs in a RouteInputs entry
 *    (`{ query: [...names], body: fieldsOf(zodSchema) }`, see routes/inputs.ts) merged into INPUTS in
 *    routes/index.ts. Every other declared input is refused with 399 naming it; the suite probes each
 *    one and fails if it is answered with code 0 (a field silently dropped).
 * 3. Add cases in a file of your area: test/conformance/openprovider-cases/<area>.ts exporting
 *    `export const cases: RouteCase[] = [...]` (types in ./openprovider-harness.ts). At least one case
 *    with `expect: 'ok'` per route, plus error cases (`expect: <code>`). Each case runs after a sandbox
 *    reset and a login; `request(ctx)` seeds what it needs (ctx.seedDomain, ctx.call, ctx.sandbox) and
 *    returns { params, query, body }; `then(answer, ctx)` asserts what took effect. The request must
 *    validate against the operation (set `nonConformingRequest: '<why>'` for a deliberate violation),
 *    the answer against its 200 schema (code 0) or the error envelope (any other code), strictly:
 *    a field the schema does not declare is a failure.
 * Run: node --import tsx --test test/conformance/openprovider-routes.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { responseProblems } from '../../src/sandbox/openprovider/openapi';
import { routeKeys } from '../../src/sandbox/openprovider/routes';
import { OpenproviderSandbox, SANDBOX_OPENPROVIDER_CREDENTIALS } from '../../src/sandbox/openprovider/server';
import {
  type Answer,
  type CaseContext,
  type RouteCase,
  answerProblems,
  callApi,
  casesRequestProblems,
  coverageProblems,
  fillTemplate,
  loadCases,
  probeProblems,
  probesOf,
  splitRoute,
} from './openprovider-harness';

let sandbox: OpenproviderSandbox;
let token = '';
let cases: RouteCase[] = [];

before(async () => {
  sandbox = await OpenproviderSandbox.start();
  cases = await loadCases();
});
after(async () => {
  await sandbox?.close();
});

async function freshContext(): Promise<CaseContext> {
  sandbox.reset();
  const login = await callApi(sandbox.baseUrl, undefined, 'POST', '/v1beta/auth/login', {
    body: { ...SANDBOX_OPENPROVIDER_CREDENTIALS, ip: '0.0.0.0' },
  });
  token = (login.json.data as { token: string }).token;
  const ctx: CaseContext = {
    sandbox,
    handle: sandbox.defaultHandle,
    call: (method, path, request) => callApi(sandbox.baseUrl, token, method, path, request),
    seedDomain: async (name) => {
      sandbox.seedDomain({ domain: name, nameservers: ['ns1.example.net', 'ns2.example.net'] });
      const found = await ctx.call('GET', '/v1beta/domains', { query: { full_name: name } });
      return (found.json.data as { results: Array<{ id: number }> }).results[0]!.id;
    },
  };
  return ctx;
}

/** One case over HTTP: request and answer against the operation, probes, the expected outcome. */
async function runCase(c: RouteCase, probe: boolean): Promise<string[]> {
  const ctx = await freshContext();
  const request = await c.request(ctx);
  const problems: string[] = c.nonConformingRequest ? [] : casesRequestProblems(c.route, request);
  const [method, template] = splitRoute(c.route);
  const path = fillTemplate(template, request.params);
  const send = (r: typeof request): Promise<Answer> => ctx.call(method, path, { query: r.query, body: r.body });
  // Probes first: each must be refused, so none changes what the case itself then does.
  if (probe) {
    for (const p of probesOf(c.route, request)) {
      const answer = await send(p.request);
      problems.push(...probeProblems(c.route, p.input, answer), ...answerProblems(c.route, answer));
    }
  }
  const answer = await send(request);
  problems.push(...answerProblems(c.route, answer));
  const outcome = answer.json.code === 0 ? 'ok' : answer.json.code;
  if (outcome !== c.expect)
    problems.push(`expected ${c.expect}, got ${answer.json.code} ${answer.json.desc} ${String(answer.json.data)}`);
  else if (c.then) await c.then(answer, ctx);
  return problems;
}

describe('Openprovider sandbox: route table', () => {
  it('every route has an OpenAPI operation, honoured-input list and an ok case; every case names a route', () => {
    assert.deepEqual(coverageProblems(routeKeys(), cases), []);
  });

  it('the coverage check fails for a route without operation or case, and a case off the table', () => {
    const problems = coverageProblems(
      ['GET /v1beta/made-up', 'GET /v1beta/domains/prices'],
      [{ route: 'GET /v1beta/nowhere', name: 'stray', expect: 'ok', request: () => ({}) }],
    );
    assert.ok(problems.some((p) => p.startsWith('GET /v1beta/made-up: no operation')));
    assert.ok(problems.some((p) => p.startsWith("GET /v1beta/domains/prices: no 'ok' case")));
    assert.ok(problems.some((p) => p.includes('GET /v1beta/nowhere is not in the route table')));
  });
});

describe('Openprovider sandbox: every case against the OpenAPI operation', () => {
  it('runs each case (requests, answers, probes of unhonoured inputs)', async () => {
    const probed = new Set<string>();
    const failures: string[] = [];
    for (const c of cases) {
      const probe = c.expect === 'ok' && !probed.has(c.route);
      if (probe) probed.add(c.route);
      try {
        failures.push(...(await runCase(c, probe)).map((p) => `${c.route} "${c.name}": ${p}`));
      } catch (err) {
        failures.push(`${c.route} "${c.name}": ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    assert.equal(failures.join('\n'), '');
    assert.ok(cases.length >= routeKeys().length);
  });
});

describe('Openprovider sandbox: the suite catches what it is for', () => {
  it('a doctored answer: an undeclared field and a wrong type', async () => {
    const ctx = await freshContext();
    const id = await ctx.seedDomain('doctored.com');
    const honest = await ctx.call('GET', `/v1beta/domains/${id}`);
    assert.deepEqual(answerProblems('GET /v1beta/domains/{id}', honest), []);
    const data = honest.json.data as Record<string, unknown>;
    sandbox.injectFault({
      route: 'GET /v1beta/domains/{id}',
      rawBody: JSON.stringify({ code: 0, desc: '', data: { ...data, id: String(data.id), made_up_field: true } }),
    });
    const doctored = await ctx.call('GET', `/v1beta/domains/${id}`);
    const problems = answerProblems('GET /v1beta/domains/{id}', doctored);
    assert.ok(
      problems.some((p) => p.includes('$.data.made_up_field: not declared')),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => p.includes('$.data.id: must be integer')),
      problems.join('\n'),
    );
    assert.ok(responseProblems('GET', '/v1beta/domains/{id}', doctored.json, '200', { strict: false }).length === 1);
  });

  it('an ignored field: a declared input answered with code 0', async () => {
    const ctx = await freshContext();
    const id = await ctx.seedDomain('ignored.com');
    const probes = probesOf('PUT /v1beta/domains/{id}', { params: { id }, body: { is_locked: false } });
    const nsGroup = probes.find((p) => p.input === 'body.ns_group');
    assert.ok(nsGroup, 'ns_group is declared and not honoured: probed');
    const refused = await ctx.call('PUT', `/v1beta/domains/${id}`, { body: nsGroup.request.body });
    assert.deepEqual(probeProblems('PUT /v1beta/domains/{id}', 'body.ns_group', refused), []);
    // A sandbox that dropped it would answer code 0: simulated with an injected success.
    sandbox.injectFault({ route: 'PUT /v1beta/domains/{id}', code: 0 });
    const dropped = await ctx.call('PUT', `/v1beta/domains/${id}`, { body: nsGroup.request.body });
    assert.match(probeProblems('PUT /v1beta/domains/{id}', 'body.ns_group', dropped).join(), /silently ignored/);
  });

  it('a request that breaks the operation: undeclared body field, wrong query type', () => {
    const problems = casesRequestProblems('GET /v1beta/domains', { query: { limit: 'ten' } });
    assert.deepEqual(problems, ['GET /v1beta/domains request query.limit: "ten" is not an integer']);
    const body = casesRequestProblems('POST /v1beta/domains/check', { body: { domains: [], made_up: 1 } });
    assert.deepEqual(body, ['POST /v1beta/domains/check request body.made_up: not declared by the schema']);
  });
});

describe('Openprovider sandbox: routing', () => {
  it('sibling names never fall into /domains/{id}', async () => {
    const ctx = await freshContext();
    for (const [method, path] of [
      ['PUT', '/v1beta/domains/prices'],
      ['DELETE', '/v1beta/domains/additional-data'],
      ['GET', '/v1beta/domains/check'],
      ['PUT', '/v1beta/domains/suggest-name'],
    ] as const) {
      const answer = await ctx.call(method, path);
      assert.equal(answer.status, 404, `${method} ${path}`);
      assert.equal(answer.json.code, 404, `${method} ${path}`);
    }
  });
});
