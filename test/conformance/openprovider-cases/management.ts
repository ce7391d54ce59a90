import assert from 'node:assert/strict';
import type { RouteCase } from '../openprovider-harness';

/**
 * Everyday domain routes of domain.swagger.json (issue 15 part B): the auth code, its reset, the
 * answer to a transfer-out and the .uk release (transfer/approve with registrar_tag), suggestions.
 */
let codeBefore = '';

export const cases: RouteCase[] = [
  {
    route: 'GET /v1beta/domains/{id}/authcode',
    name: 'the current auth code of a domain of the account',
    expect: 'ok',
    request: async (ctx) => ({ params: { id: await ctx.seedDomain('auth-op.com') } }),
    then: (answer) => {
      const data = answer.json.data as { auth_code: string; type: string; success: boolean };
      assert.ok(data.auth_code.length >= 8);
      assert.equal(data.type, 'external');
    },
  },
  {
    route: 'GET /v1beta/domains/{id}/authcode',
    name: 'an id not in the account: 320',
    expect: 320,
    request: () => ({ params: { id: 99_999_999 } }),
  },
  {
    route: 'POST /v1beta/domains/{id}/authcode/reset',
    name: 'a new code, which GET then shows',
    expect: 'ok',
    request: async (ctx) => {
      const id = await ctx.seedDomain('reset-op.com');
      const before = await ctx.call('GET', `/v1beta/domains/${id}/authcode`);
      codeBefore = (before.json.data as { auth_code: string }).auth_code;
      return { params: { id }, body: { id, domain: { name: 'reset-op', extension: 'com' } } };
    },
    then: async (answer, ctx) => {
      const fresh = (answer.json.data as { auth_code: string }).auth_code;
      assert.ok(codeBefore.length > 0);
      assert.notEqual(fresh, codeBefore);
      const id = (await ctx.call('GET', '/v1beta/domains', { query: { full_name: 'reset-op.com' } })).json.data as {
        results: Array<{ id: number }>;
      };
      const shown = await ctx.call('GET', `/v1beta/domains/${id.results[0]!.id}/authcode`);
      assert.equal((shown.json.data as { auth_code: string }).auth_code, fresh);
    },
  },
  {
    route: 'POST /v1beta/domains/{id}/authcode/reset',
    name: 'a body naming another domain: 399',
    expect: 399,
    request: async (ctx) => ({
      params: { id: await ctx.seedDomain('reset-op.com') },
      body: { domain: { name: 'other', extension: 'com' } },
    }),
  },
  {
    route: 'POST /v1beta/domains/{id}/transfer/approve',
    name: 'approve a pending transfer-out: the domain leaves the account',
    expect: 'ok',
    request: async (ctx) => {
      const id = await ctx.seedDomain('leaving-op.com');
      ctx.sandbox.requestTransferOut('leaving-op.com');
      return { params: { id }, body: { approve: 1 } };
    },
    then: async (answer, ctx) => {
      assert.equal((answer.json.data as { success: boolean }).success, true);
      const list = await ctx.call('GET', '/v1beta/domains', { query: { full_name: 'leaving-op.com' } });
      assert.equal((list.json.data as { results?: unknown[] }).results?.length ?? 0, 0);
      assert.deepEqual(ctx.sandbox.transfersOut(), []);
    },
  },
  {
    route: 'POST /v1beta/domains/{id}/transfer/approve',
    name: 'deny (approve 0): the domain stays, the request is gone',
    expect: 'ok',
    request: async (ctx) => {
      const id = await ctx.seedDomain('staying-op.com');
      ctx.sandbox.requestTransferOut('staying-op.com');
      return { params: { id }, body: { approve: 0 } };
    },
    then: async (_answer, ctx) => {
      const list = await ctx.call('GET', '/v1beta/domains', { query: { full_name: 'staying-op.com' } });
      assert.equal((list.json.data as { results: unknown[] }).results.length, 1);
      assert.deepEqual(ctx.sandbox.transfersOut(), []);
    },
  },
  {
    route: 'POST /v1beta/domains/{id}/transfer/approve',
    name: 'the .uk release to a registrar tag',
    expect: 'ok',
    request: async (ctx) => ({
      params: { id: await ctx.seedDomain('release-op.co.uk') },
      body: { registrar_tag: 'OTHER-TAG' },
    }),
    then: async (_answer, ctx) => {
      const list = await ctx.call('GET', '/v1beta/domains', { query: { full_name: 'release-op.co.uk' } });
      assert.equal((list.json.data as { results?: unknown[] }).results?.length ?? 0, 0);
    },
  },
  {
    route: 'POST /v1beta/domains/{id}/transfer/approve',
    name: 'no transfer-out waiting: 399',
    expect: 399,
    request: async (ctx) => ({ params: { id: await ctx.seedDomain('quiet-op.com') }, body: { approve: 1 } }),
  },
  {
    route: 'POST /v1beta/domains/{id}/transfer/approve',
    name: 'a registrar tag for a .com: 399',
    expect: 399,
    request: async (ctx) => ({ params: { id: await ctx.seedDomain('tag-op.com') }, body: { registrar_tag: 'TAG' } }),
  },
  {
    route: 'POST /v1beta/domains/suggest-name',
    name: 'free names for a keyword in the TLDs asked for',
    expect: 'ok',
    request: () => ({ body: { name: 'coffee', tlds: ['com', 'net'], limit: 5 } }),
    then: (answer) => {
      const results = (answer.json.data as { results: Array<{ name: string; tld: string }> }).results;
      assert.equal(results.length, 5);
      for (const r of results) assert.match(r.name, /coffee.*\.(com|net)$/);
    },
  },
  {
    route: 'POST /v1beta/domains/suggest-name',
    name: 'no name: 399',
    expect: 399,
    request: () => ({ body: { limit: 5 } }),
  },
  {
    route: 'DELETE /v1beta/domains/{id}',
    name: 'a transfer-out waiting for an answer: 366, the domain stays',
    expect: 366,
    request: async (ctx) => {
      const id = await ctx.seedDomain('busy-op.com');
      ctx.sandbox.requestTransferOut('busy-op.com');
      return { params: { id } };
    },
  },
];
