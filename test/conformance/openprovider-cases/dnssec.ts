import assert from 'node:assert/strict';
import type { CaseContext, RouteCase } from '../openprovider-harness';

/**
 * DNSSEC on the domain routes (domain.swagger.json domainDnssecKey: flags, alg, protocol, pub_key;
 * is_dnssec_enabled): POST and PUT /domains keep the keys (PUT replaces the list), GET answers them
 * with `dnssec` signedDelegation/unsigned; a key the registry would refuse is 399 naming the field,
 * and nothing changes (src/sandbox/openprovider/dnssec.ts).
 */

const KSK = {
  flags: 257,
  alg: 13,
  protocol: 3,
  pub_key: 'mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==',
};
const KSK2 = {
  ...KSK,
  pub_key: 'oJMRESz5E4gYzS/q6XDrvU1qMPYIjCWzJaOau8XNEZeqCYKD5ar0IRd8KqXXFJkqmVfRvMGPmM1x8fGAa2XhSA==',
};

async function dnssecOf(ctx: CaseContext, id: number) {
  const got = await ctx.call('GET', `/v1beta/domains/${id}`);
  const d = got.json.data as { is_dnssec_enabled: boolean; dnssec: string; dnssec_keys: Array<typeof KSK> };
  return { enabled: d.is_dnssec_enabled, dnssec: d.dnssec, keys: d.dnssec_keys.map((k) => k.pub_key) };
}

async function signed(ctx: CaseContext, name: string): Promise<number> {
  const id = await ctx.seedDomain(name);
  const put = await ctx.call('PUT', `/v1beta/domains/${id}`, { body: { dnssec_keys: [KSK], is_dnssec_enabled: true } });
  assert.equal(put.json.code, 0, JSON.stringify(put.json));
  return id;
}

export const cases: RouteCase[] = [
  {
    route: 'POST /v1beta/domains',
    name: 'dnssec_keys on registration are kept and answered by GET as a signed delegation',
    expect: 'ok',
    request: (ctx) => ({
      body: {
        domain: { name: 'new-signed', extension: 'com' },
        owner_handle: ctx.handle,
        admin_handle: ctx.handle,
        tech_handle: ctx.handle,
        billing_handle: ctx.handle,
        period: 1,
        is_dnssec_enabled: true,
        dnssec_keys: [KSK],
      },
    }),
    then: async (answer, ctx) => {
      const id = (answer.json.data as { id: number }).id;
      assert.deepEqual(await dnssecOf(ctx, id), { enabled: true, dnssec: 'signedDelegation', keys: [KSK.pub_key] });
    },
  },
  {
    route: 'PUT /v1beta/domains/{id}',
    name: 'dnssec_keys replace the list; is_dnssec_enabled=false withdraws every key',
    expect: 'ok',
    request: async (ctx) => {
      const id = await signed(ctx, 'signed-put.com');
      const put = await ctx.call('PUT', `/v1beta/domains/${id}`, { body: { dnssec_keys: [KSK2] } });
      assert.equal(put.json.code, 0);
      assert.deepEqual((await dnssecOf(ctx, id)).keys, [KSK2.pub_key]);
      return { params: { id }, body: { is_dnssec_enabled: false } };
    },
    then: async (answer, ctx) => {
      const id = (answer.json.data as { id: number }).id;
      assert.deepEqual(await dnssecOf(ctx, id), { enabled: false, dnssec: 'unsigned', keys: [] });
    },
  },
  {
    route: 'PUT /v1beta/domains/{id}',
    name: 'a key with flags 255 is refused (399 naming dnssec_keys[0].flags) and the keys stay',
    expect: 399,
    request: async (ctx) => ({
      params: { id: await signed(ctx, 'signed-bad.com') },
      body: { dnssec_keys: [{ ...KSK2, flags: 255 }] },
    }),
    then: async (answer, ctx) => {
      assert.match(String(answer.json.data ?? answer.json.desc), /dnssec_keys\[0\]\.flags/);
      const found = await ctx.call('GET', '/v1beta/domains', { query: { full_name: 'signed-bad.com' } });
      const id = (found.json.data as { results: Array<{ id: number }> }).results[0]!.id;
      assert.deepEqual((await dnssecOf(ctx, id)).keys, [KSK.pub_key]);
    },
  },
  {
    route: 'PUT /v1beta/domains/{id}',
    name: 'an algorithm outside IANA signing list, and a public key that is not base64, are 399',
    expect: 399,
    request: async (ctx) => {
      const id = await signed(ctx, 'signed-alg.com');
      const bad = await ctx.call('PUT', `/v1beta/domains/${id}`, {
        body: { dnssec_keys: [{ ...KSK2, pub_key: 'not base64!' }] },
      });
      assert.equal(bad.json.code, 399);
      assert.match(String(bad.json.data), /dnssec_keys\[0\]\.pub_key/);
      return { params: { id }, body: { dnssec_keys: [{ ...KSK2, alg: 1 }] } };
    },
    then: (answer) => assert.match(String(answer.json.data), /dnssec_keys\[0\]\.alg/),
  },
];
