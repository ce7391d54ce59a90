import assert from 'node:assert/strict';
import type { CaseContext, RouteCase } from '../openprovider-harness';

/**
 * Name server (host) objects, dns.swagger.json /dns/nameservers: the parent domain must be in the
 * account, a host a domain uses is not deleted (399 naming the domains: Openprovider documents no
 * code for it, see docs/hosts.md).
 */
async function withHost(ctx: CaseContext, name = 'ns1.hosts-op.com'): Promise<void> {
  await ctx.seedDomain('hosts-op.com');
  const created = await ctx.call('POST', '/v1beta/dns/nameservers', {
    body: { name, ip: '1.2.3.4', ip6: '2a00:1450::1' },
  });
  assert.equal(created.json.code, 0, JSON.stringify(created.json));
}

export const cases: RouteCase[] = [
  {
    route: 'POST /v1beta/dns/nameservers',
    name: 'a host under a domain of the account, with ip and ip6',
    expect: 'ok',
    request: async (ctx) => {
      await ctx.seedDomain('hosts-op.com');
      return { body: { name: 'ns1.hosts-op.com', ip: '1.2.3.4', ip6: '2a00:1450::1' } };
    },
    then: async (answer, ctx) => {
      assert.deepEqual(answer.json.data, { name: 'ns1.hosts-op.com', ip: '1.2.3.4', ip6: '2a00:1450::1' });
      const got = await ctx.call('GET', '/v1beta/dns/nameservers/ns1.hosts-op.com');
      assert.equal((got.json.data as { ip: string }).ip, '1.2.3.4');
    },
  },
  {
    route: 'POST /v1beta/dns/nameservers',
    name: 'a host outside the account: 399 naming the rule',
    expect: 399,
    request: () => ({ body: { name: 'ns1.not-ours.com', ip: '1.2.3.4' } }),
    then: (answer) => assert.match(String(answer.json.data), /not in your account/),
  },
  {
    route: 'POST /v1beta/dns/nameservers',
    name: 'a malformed ip: 399',
    expect: 399,
    request: async (ctx) => {
      await ctx.seedDomain('hosts-op.com');
      return { body: { name: 'ns1.hosts-op.com', ip: '1.2.3' } };
    },
  },
  {
    route: 'GET /v1beta/dns/nameservers',
    name: 'the hosts matching a pattern, with total',
    expect: 'ok',
    request: async (ctx) => {
      await withHost(ctx);
      return { query: { pattern: '*.hosts-op.com' } };
    },
    then: (answer) => {
      const data = answer.json.data as { total: number; results: Array<{ name: string }> };
      assert.equal(data.total, 1);
      assert.equal(data.results[0]!.name, 'ns1.hosts-op.com');
    },
  },
  {
    route: 'GET /v1beta/dns/nameservers',
    name: 'an unknown name: total 0 and no results',
    expect: 'ok',
    request: () => ({ query: { name: 'ns9.nowhere.com' } }),
    then: (answer) => assert.deepEqual(answer.json.data, { total: 0 }),
  },
  {
    route: 'GET /v1beta/dns/nameservers/{name}',
    name: 'one host',
    expect: 'ok',
    request: async (ctx) => {
      await withHost(ctx);
      return { params: { name: 'ns1.hosts-op.com' } };
    },
    then: (answer) => assert.equal((answer.json.data as { ip6: string }).ip6, '2a00:1450::1'),
  },
  {
    route: 'GET /v1beta/dns/nameservers/{name}',
    name: 'an unknown host: 399',
    expect: 399,
    request: () => ({ params: { name: 'ns9.nowhere.com' } }),
  },
  {
    route: 'PUT /v1beta/dns/nameservers/{name}',
    name: "replaces the host's addresses",
    expect: 'ok',
    request: async (ctx) => {
      await withHost(ctx);
      return { params: { name: 'ns1.hosts-op.com' }, body: { name: 'ns1.hosts-op.com', ip: '5.6.7.8' } };
    },
    then: async (answer, ctx) => {
      assert.deepEqual(answer.json.data, { success: true });
      const got = await ctx.call('GET', '/v1beta/dns/nameservers/ns1.hosts-op.com');
      assert.deepEqual(got.json.data, { name: 'ns1.hosts-op.com', ip: '5.6.7.8' });
    },
  },
  {
    route: 'DELETE /v1beta/dns/nameservers/{name}',
    name: 'a host no domain uses',
    expect: 'ok',
    request: async (ctx) => {
      await withHost(ctx);
      return { params: { name: 'ns1.hosts-op.com' } };
    },
    then: async (_answer, ctx) => {
      const list = await ctx.call('GET', '/v1beta/dns/nameservers', { query: { name: 'ns1.hosts-op.com' } });
      assert.deepEqual(list.json.data, { total: 0 });
    },
  },
  {
    route: 'DELETE /v1beta/dns/nameservers/{name}',
    name: 'a host a domain still uses: 399 naming the domain, the host stays',
    expect: 399,
    request: async (ctx) => {
      await withHost(ctx);
      const id = await ctx.seedDomain('hosts-user.net');
      const put = await ctx.call('PUT', `/v1beta/domains/${id}`, {
        body: {
          name_servers: [
            { name: 'ns1.hosts-op.com', seq_nr: 0 },
            { name: 'ns2.example.net', seq_nr: 1 },
          ],
          remove_nses: true,
        },
      });
      assert.equal(put.json.code, 0, JSON.stringify(put.json));
      return { params: { name: 'ns1.hosts-op.com' } };
    },
    then: async (answer, ctx) => {
      assert.match(String(answer.json.data), /in use by hosts-user\.net/);
      const got = await ctx.call('GET', '/v1beta/dns/nameservers/ns1.hosts-op.com');
      assert.equal(got.json.code, 0);
    },
  },
];
