import assert from 'node:assert/strict';
import type { Answer, CaseContext, RouteCase } from '../openprovider-harness';

/**
 * DNS zones and templates, dns.swagger.json /dns/zones, /dns/zones/{name}/records, /dns/templates:
 * zones start with Openprovider's NS set (and show a SOA), PUT edits with add/remove/update lists
 * in one call, 805 zone exists, 817 duplicate record, 872 zone not found (shared/specs/openprovider.md 2.3).
 */

const ZONE = 'zones-op.com';

async function withZone(ctx: CaseContext, records: unknown[] = []): Promise<void> {
  const created = await ctx.call('POST', '/v1beta/dns/zones', {
    body: { domain: { name: 'zones-op', extension: 'com' }, type: 'master', ...(records.length ? { records } : {}) },
  });
  assert.equal(created.json.code, 0, JSON.stringify(created.json));
}

type Rec = { name: string; type: string; value: string; prio?: number; ttl: number };
async function recordsOf(ctx: CaseContext): Promise<Rec[]> {
  const got = await ctx.call('GET', `/v1beta/dns/zones/${ZONE}`, { query: { with_records: true } });
  return ((got.json.data as { records: Rec[] }).records ?? []).filter((r) => r.type !== 'SOA');
}
const lines = (rs: Rec[]): string[] => rs.map((r) => `${r.name} ${r.ttl} ${r.type} ${r.prio ?? ''}${r.value}`).sort();
const dataOf = (a: Answer) => a.json.data as Record<string, unknown>;

const A_WWW = { name: 'www', type: 'A', value: '192.0.2.1', ttl: 900 };

export const cases: RouteCase[] = [
  {
    route: 'POST /v1beta/dns/zones',
    name: 'a master zone with records: the NS set is not added when records are given',
    expect: 'ok',
    request: () => ({
      body: {
        domain: { name: 'zones-op', extension: 'com' },
        type: 'master',
        records: [A_WWW, { name: '', type: 'MX', value: 'mail.zones-op.com', prio: 10, ttl: 900 }],
      },
    }),
    then: async (answer, ctx) => {
      assert.deepEqual(answer.json.data, { success: true });
      assert.deepEqual(lines(await recordsOf(ctx)), [
        'www.zones-op.com 900 A 192.0.2.1',
        'zones-op.com 900 MX 10mail.zones-op.com',
      ]);
    },
  },
  {
    route: 'POST /v1beta/dns/zones',
    name: 'an empty zone gets the NS set; a second one is 805',
    expect: 805,
    request: async (ctx) => {
      await withZone(ctx);
      assert.equal((await recordsOf(ctx)).filter((r) => r.type === 'NS').length, 3);
      return { body: { domain: { name: 'zones-op', extension: 'com' } } };
    },
  },
  {
    route: 'POST /v1beta/dns/zones',
    name: 'a CNAME beside another record at its name: 399 naming the rule',
    expect: 399,
    request: () => ({
      body: {
        domain: { name: 'zones-op', extension: 'com' },
        records: [A_WWW, { name: 'www', type: 'CNAME', value: 'other.example.net', ttl: 900 }],
      },
    }),
    then: (answer) => assert.match(String(answer.json.data), /must be the only record there/),
  },
  {
    route: 'GET /v1beta/dns/zones',
    name: 'the zones matching a pattern, with total',
    expect: 'ok',
    request: async (ctx) => {
      await withZone(ctx);
      return { query: { name_pattern: 'zones-*', with_records: false } };
    },
    then: (answer) => {
      const data = answer.json.data as { total: number; results: Array<{ name: string; records?: unknown }> };
      assert.equal(data.total, 1);
      assert.equal(data.results[0]!.name, ZONE);
      assert.equal(data.results[0]!.records, undefined);
    },
  },
  {
    route: 'GET /v1beta/dns/zones/{name}',
    name: 'a zone with its records, the SOA first',
    expect: 'ok',
    request: async (ctx) => {
      await withZone(ctx, [A_WWW]);
      return { params: { name: ZONE }, query: { with_records: true } };
    },
    then: (answer) => {
      const records = dataOf(answer).records as Rec[];
      assert.equal(records[0]!.type, 'SOA');
      assert.deepEqual(lines(records.slice(1)), ['www.zones-op.com 900 A 192.0.2.1']);
    },
  },
  {
    route: 'GET /v1beta/dns/zones/{name}',
    name: 'an unknown zone: 872',
    expect: 872,
    request: () => ({ params: { name: 'nozone-op.com' } }),
  },
  {
    route: 'PUT /v1beta/dns/zones/{name}',
    name: 'add, remove and update in one call',
    expect: 'ok',
    request: async (ctx) => {
      await withZone(ctx, [A_WWW, { name: 'old', type: 'TXT', value: '"x"', ttl: 900 }]);
      return {
        params: { name: ZONE },
        body: {
          records: {
            add: [{ name: 'new', type: 'AAAA', value: '2001:db8::1', ttl: 900 }],
            remove: [{ name: 'old', type: 'TXT', value: '"x"', ttl: 900 }],
            update: [{ original_record: A_WWW, record: { ...A_WWW, value: '192.0.2.2', ttl: 3600 } }],
          },
        },
      };
    },
    then: async (_answer, ctx) => {
      assert.deepEqual(lines(await recordsOf(ctx)), [
        'new.zones-op.com 900 AAAA 2001:db8::1',
        'www.zones-op.com 3600 A 192.0.2.2',
      ]);
    },
  },
  {
    route: 'PUT /v1beta/dns/zones/{name}',
    name: 'a record added twice: 817, nothing changed',
    expect: 817,
    request: async (ctx) => {
      await withZone(ctx, [A_WWW]);
      return { params: { name: ZONE }, body: { records: { add: [A_WWW] } } };
    },
    then: async (_answer, ctx) => assert.equal((await recordsOf(ctx)).length, 1),
  },
  {
    route: 'PUT /v1beta/dns/zones/{name}',
    name: 'removing a record the zone lacks: 399, nothing changed',
    expect: 399,
    request: async (ctx) => {
      await withZone(ctx, [A_WWW]);
      return {
        params: { name: ZONE },
        body: { records: { add: [{ ...A_WWW, name: 'x' }], remove: [{ ...A_WWW, value: '192.0.2.77' }] } },
      };
    },
    then: async (_answer, ctx) => assert.equal((await recordsOf(ctx)).length, 1),
  },
  {
    route: 'DELETE /v1beta/dns/zones/{name}',
    name: 'a zone deleted is gone',
    expect: 'ok',
    request: async (ctx) => {
      await withZone(ctx);
      return { params: { name: ZONE } };
    },
    then: async (_answer, ctx) => {
      assert.equal((await ctx.call('GET', `/v1beta/dns/zones/${ZONE}`)).json.code, 872);
    },
  },
  {
    route: 'GET /v1beta/dns/zones/{name}/records',
    name: 'the records of one type, with total',
    expect: 'ok',
    request: async (ctx) => {
      await withZone(ctx, [A_WWW, { name: 'b', type: 'A', value: '192.0.2.3', ttl: 900 }]);
      return { params: { name: ZONE }, query: { type: 'A', limit: 1 } };
    },
    then: (answer) => {
      const data = answer.json.data as { total: number; results: Rec[] };
      assert.equal(data.total, 2);
      assert.equal(data.results.length, 1);
    },
  },
  {
    route: 'POST /v1beta/dns/templates',
    name: 'a template; a zone created from it holds its records',
    expect: 'ok',
    request: () => ({ body: { name: 'web', records: [{ name: 'www', type: 'A', value: '192.0.2.5', ttl: 900 }] } }),
    then: async (answer, ctx) => {
      assert.equal(typeof dataOf(answer).id, 'number');
      const created = await ctx.call('POST', '/v1beta/dns/zones', {
        body: { domain: { name: 'zones-op', extension: 'com' }, template_name: 'web' },
      });
      assert.equal(created.json.code, 0);
      assert.deepEqual(lines(await recordsOf(ctx)), ['www.zones-op.com 900 A 192.0.2.5']);
    },
  },
  {
    route: 'GET /v1beta/dns/templates',
    name: 'the templates with their records',
    expect: 'ok',
    request: async (ctx) => {
      await ctx.call('POST', '/v1beta/dns/templates', { body: { name: 'web', records: [A_WWW] } });
      return { query: { with_records: true } };
    },
    then: (answer) => {
      const data = answer.json.data as { total: number; results: Array<{ name: string; records: Rec[] }> };
      assert.equal(data.total, 1);
      assert.equal(data.results[0]!.records.length, 1);
    },
  },
  {
    route: 'GET /v1beta/dns/templates/{id}',
    name: 'one template',
    expect: 'ok',
    request: async (ctx) => {
      const created = await ctx.call('POST', '/v1beta/dns/templates', { body: { name: 'web', records: [A_WWW] } });
      return { params: { id: (created.json.data as { id: number }).id } };
    },
    then: (answer) => assert.equal(dataOf(answer).name, 'web'),
  },
  {
    route: 'DELETE /v1beta/dns/templates/{id}',
    name: 'a template deleted is gone',
    expect: 'ok',
    request: async (ctx) => {
      const created = await ctx.call('POST', '/v1beta/dns/templates', { body: { name: 'web' } });
      return { params: { id: (created.json.data as { id: number }).id } };
    },
    then: async (_answer, ctx) => {
      const list = await ctx.call('GET', '/v1beta/dns/templates');
      assert.equal((list.json.data as { total: number }).total, 0);
    },
  },
];
