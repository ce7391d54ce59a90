import assert from 'node:assert/strict';
import type { Answer, CaseContext, RouteCase } from '../openprovider-harness';

/** Domains: list, prices, check, create, transfer, trade, get, update, delete, renew, restore. */

const NS = [{ name: 'ns1.example.net' }, { name: 'ns2.example.net' }];
/** the auth code before a reset (cases run one after another) */
let authCodeBefore = '';

async function getDomain(ctx: CaseContext, id: number, query: Record<string, boolean> = {}) {
  const answer = await ctx.call('GET', `/v1beta/domains/${id}`, { query });
  return answer.json.data as Record<string, unknown>;
}

const names = (answer: Answer) =>
  ((answer.json.data as { results?: Array<{ domain: { name: string } }> }).results ?? []).map((r) => r.domain.name);

async function seedThree(ctx: CaseContext): Promise<void> {
  for (const name of ['bravo.com', 'alpha.net', 'charlie.org']) await ctx.seedDomain(name);
}

export const cases: RouteCase[] = [
  // ---- GET /domains ----
  {
    route: 'GET /v1beta/domains',
    name: 'order_by.domain_name=desc orders by name',
    expect: 'ok',
    request: async (ctx) => {
      await seedThree(ctx);
      return { query: { 'order_by.domain_name': 'desc', limit: 10, offset: 0 } };
    },
    then: (answer) => assert.deepEqual(names(answer), ['charlie', 'bravo', 'alpha']),
  },
  {
    route: 'GET /v1beta/domains',
    name: 'order_by.domain_extension=asc, then the id',
    expect: 'ok',
    request: async (ctx) => {
      await seedThree(ctx);
      return { query: { 'order_by.domain_extension': 'asc' } };
    },
    then: (answer) => assert.deepEqual(names(answer), ['bravo', 'alpha', 'charlie']),
  },
  {
    route: 'GET /v1beta/domains',
    name: 'status_not_equal and contact_handle filter',
    expect: 'ok',
    request: async (ctx) => {
      await seedThree(ctx);
      ctx.sandbox.deleteDomain('alpha.net', { soft: true });
      return { query: { status_not_equal: ['DEL', 'FAI'], contact_handle: ctx.handle } };
    },
    then: (answer) => assert.deepEqual(names(answer).sort(), ['bravo', 'charlie']),
  },
  {
    route: 'GET /v1beta/domains',
    name: 'an empty search has a total and no results',
    expect: 'ok',
    request: () => ({ query: { full_name: 'nothing-here.com' } }),
    then: (answer) => assert.deepEqual(answer.json.data, { total: 0 }),
  },
  {
    route: 'GET /v1beta/domains',
    name: 'order_by with a value other than asc/desc: 399',
    expect: 399,
    request: () => ({ query: { 'order_by.domain_name': 'sideways' } }),
  },
  {
    route: 'GET /v1beta/domains',
    name: 'ns_group_pattern is declared and not simulated: 399',
    expect: 399,
    request: () => ({ query: { ns_group_pattern: 'default*' } }),
    then: (answer) => assert.match(String(answer.json.data), /query\.ns_group_pattern/),
  },
  // ---- GET /domains/prices ----
  {
    route: 'GET /v1beta/domains/prices',
    name: 'two years of renewal at the TLD price',
    expect: 'ok',
    request: () => ({ query: { 'domain.name': 'example', 'domain.extension': 'com', operation: 'renew', period: 2 } }),
    then: (answer) =>
      assert.deepEqual(answer.json.data, {
        is_premium: false,
        is_promotion: false,
        price: { product: { currency: 'EUR', price: 20 }, reseller: { currency: 'EUR', price: 20 } },
      }),
  },
  {
    route: 'GET /v1beta/domains/prices',
    name: 'a premium name costs its premium price',
    expect: 'ok',
    request: () => ({ query: { 'domain.name': 'premium-cars', 'domain.extension': 'com', operation: 'create' } }),
    then: (answer) => {
      const data = answer.json.data as { is_premium: boolean; price: { product: { price: number; currency: string } } };
      assert.equal(data.is_premium, true);
      assert.deepEqual(data.price.product, { currency: 'USD', price: 120 });
    },
  },
  {
    route: 'GET /v1beta/domains/prices',
    name: 'an unknown operation: 399 naming it',
    expect: 399,
    request: () => ({ query: { 'domain.name': 'example', 'domain.extension': 'com', operation: 'juggle' } }),
    then: (answer) => assert.match(String(answer.json.data), /query\.operation/),
  },
  // ---- POST /domains/check ----
  {
    route: 'POST /v1beta/domains/check',
    name: 'free, taken and premium names with prices',
    expect: 'ok',
    request: async (ctx) => {
      await ctx.seedDomain('taken.com');
      return {
        body: {
          domains: [
            { name: 'new-free-one', extension: 'com' },
            { name: 'taken', extension: 'com' },
            { name: 'premium-x', extension: 'com' },
          ],
          with_price: true,
        },
      };
    },
    then: (answer) => {
      const rows = (answer.json.data as { results: Array<{ status: string; is_premium: boolean }> }).results;
      assert.deepEqual(
        rows.map((r) => [r.status, r.is_premium]),
        [
          ['free', false],
          ['active', false],
          ['free', true],
        ],
      );
    },
  },
  {
    route: 'POST /v1beta/domains/check',
    name: 'an extension the reseller cannot sell: 307',
    expect: 307,
    request: () => ({ body: { domains: [{ name: 'agency', extension: 'gov' }] } }),
  },
  // ---- POST /domains ----
  {
    route: 'POST /v1beta/domains',
    name: 'a one-year registration',
    expect: 'ok',
    request: (ctx) => ({
      body: {
        domain: { name: 'new-fresh-name', extension: 'com' },
        period: 1,
        unit: 'y',
        owner_handle: ctx.handle,
        admin_handle: ctx.handle,
        tech_handle: ctx.handle,
        billing_handle: ctx.handle,
        name_servers: NS,
        autorenew: 'off',
      },
    }),
    then: (answer) => assert.equal((answer.json.data as { status: string }).status, 'ACT'),
  },
  {
    route: 'POST /v1beta/domains',
    name: 'unit "m": six months, half the yearly price, answered as unit m',
    expect: 'ok',
    request: (ctx) => ({
      body: { domain: { name: 'new-monthly', extension: 'com' }, period: 6, unit: 'm', owner_handle: ctx.handle },
    }),
    then: async (answer, ctx) => {
      const data = answer.json.data as { id: number; activation_date: string; expiration_date: string };
      const months =
        (Date.parse(data.expiration_date.replace(' ', 'T')) - Date.parse(data.activation_date.replace(' ', 'T'))) /
        (30.4 * 86_400_000);
      assert.ok(months > 5.8 && months < 6.2, `about six months: ${months}`);
      assert.equal((await getDomain(ctx, data.id)).unit, 'm');
      assert.deepEqual(
        ctx.sandbox.charges({ domain: 'new-monthly.com' }).map((c) => c.amount),
        ['5.00'],
      );
    },
  },
  {
    route: 'POST /v1beta/domains',
    name: 'more than ten years in months: 399',
    expect: 399,
    request: (ctx) => ({
      body: { domain: { name: 'new-too-long', extension: 'com' }, period: 121, unit: 'm', owner_handle: ctx.handle },
    }),
  },
  {
    route: 'POST /v1beta/domains',
    name: 'ns_group (nameserver groups are not simulated): refused, not ignored',
    expect: 399,
    request: (ctx) => ({
      body: {
        domain: { name: 'new-grouped', extension: 'com' },
        ns_group: 'dns-openprovider',
        owner_handle: ctx.handle,
      },
    }),
    then: (answer) => assert.match(String(answer.json.data), /body\.ns_group/),
  },
  {
    route: 'POST /v1beta/domains',
    name: 'a name already registered elsewhere: 311',
    expect: 311,
    request: (ctx) => {
      ctx.sandbox.seedExternalDomain({
        domain: 'elsewhere.com',
        authCode: 'A1b2C3d4!',
        nameservers: ['ns1.other.net'],
      });
      return { body: { domain: { name: 'elsewhere', extension: 'com' }, owner_handle: ctx.handle } };
    },
  },
  // ---- POST /domains/transfer ----
  {
    route: 'POST /v1beta/domains/transfer',
    name: 'a transfer with the right auth code is requested',
    expect: 'ok',
    request: (ctx) => {
      ctx.sandbox.seedExternalDomain({ domain: 'moving.com', authCode: 'A1b2C3d4!', nameservers: ['ns1.other.net'] });
      return {
        body: {
          domain: { name: 'moving', extension: 'com' },
          auth_code: 'A1b2C3d4!',
          owner_handle: ctx.handle,
          autorenew: 'default',
        },
      };
    },
    then: (answer) => assert.equal((answer.json.data as { status: string }).status, 'REQ'),
  },
  {
    route: 'POST /v1beta/domains/transfer',
    name: 'a wrong auth code: 318',
    expect: 318,
    request: (ctx) => {
      ctx.sandbox.seedExternalDomain({ domain: 'moving.com', authCode: 'A1b2C3d4!', nameservers: ['ns1.other.net'] });
      return { body: { domain: { name: 'moving', extension: 'com' }, auth_code: 'nope', owner_handle: ctx.handle } };
    },
  },
  {
    route: 'POST /v1beta/domains/transfer',
    name: 'dnssec_keys on a transfer: refused until DNSSEC covers transfers',
    expect: 399,
    request: (ctx) => {
      ctx.sandbox.seedExternalDomain({ domain: 'moving.com', authCode: 'A1b2C3d4!', nameservers: ['ns1.other.net'] });
      return {
        body: {
          domain: { name: 'moving', extension: 'com' },
          auth_code: 'A1b2C3d4!',
          owner_handle: ctx.handle,
          dnssec_keys: [],
        },
      };
    },
    then: (answer) => assert.match(String(answer.json.data), /body\.dnssec_keys/),
  },
  // ---- POST /domains/trade ----
  {
    route: 'POST /v1beta/domains/trade',
    name: 'a .se trade to another handle',
    expect: 'ok',
    request: async (ctx) => {
      await ctx.seedDomain('handel.se');
      return { body: { domain: { name: 'handel', extension: 'se' }, owner_handle: ctx.handle } };
    },
    then: (answer) => assert.equal((answer.json.data as { status: string }).status, 'ACT'),
  },
  {
    route: 'POST /v1beta/domains/trade',
    name: 'a wrong auth code is refused (318), not ignored',
    expect: 318,
    request: async (ctx) => {
      await ctx.seedDomain('handel.se');
      return { body: { domain: { name: 'handel', extension: 'se' }, owner_handle: ctx.handle, auth_code: 'wrong' } };
    },
  },
  // ---- GET /domains/{id} ----
  {
    route: 'GET /v1beta/domains/{id}',
    name: 'with history, registry statuses and additional data',
    expect: 'ok',
    request: async (ctx) => ({
      params: { id: await ctx.seedDomain('lookup.com') },
      query: { with_history: true, with_registry_statuses: true, with_additional_data: true },
    }),
  },
  {
    route: 'GET /v1beta/domains/{id}',
    name: 'an id not in the account: 320',
    expect: 320,
    request: () => ({ params: { id: 99_999_999 } }),
  },
  // ---- PUT /domains/{id} ----
  {
    route: 'PUT /v1beta/domains/{id}',
    name: 'reset_auth_code gives a new auth code',
    expect: 'ok',
    request: async (ctx) => {
      const id = await ctx.seedDomain('reset.com');
      authCodeBefore = String((await getDomain(ctx, id)).auth_code);
      return { params: { id }, body: { reset_auth_code: true } };
    },
    then: async (answer, ctx) => {
      const after = String((await getDomain(ctx, (answer.json.data as { id: number }).id)).auth_code);
      assert.ok(after.length >= 8 && authCodeBefore.length >= 8);
      assert.notEqual(after, authCodeBefore);
    },
  },
  {
    route: 'PUT /v1beta/domains/{id}',
    name: 'lock, autorenew, name servers, additional data and comments take effect',
    expect: 'ok',
    request: async (ctx) => ({
      params: { id: await ctx.seedDomain('settings.com') },
      body: {
        is_locked: false,
        autorenew: 'on',
        name_servers: [{ name: 'ns3.example.net' }],
        remove_nses: true,
        additional_data: { intended_use: 'a test' },
        comments: 'kept',
      },
    }),
    then: async (answer, ctx) => {
      const d = await getDomain(ctx, (answer.json.data as { id: number }).id, { with_additional_data: true });
      assert.equal(d.is_locked, false);
      assert.equal(d.autorenew, 'on');
      assert.deepEqual(
        (d.name_servers as Array<{ name: string }>).map((n) => n.name),
        ['ns3.example.net'],
      );
      assert.deepEqual(d.additional_data, { intended_use: 'a test' });
      assert.equal(d.comments, 'kept');
    },
  },
  {
    route: 'PUT /v1beta/domains/{id}',
    name: 'ns_group: refused, not ignored',
    expect: 399,
    request: async (ctx) => ({
      params: { id: await ctx.seedDomain('group.com') },
      body: { ns_group: 'dns-openprovider' },
    }),
    then: (answer) => assert.match(String(answer.json.data), /body\.ns_group/),
  },
  {
    route: 'PUT /v1beta/domains/{id}',
    name: 'a body id that is not the path: 399',
    expect: 399,
    request: async (ctx) => ({ params: { id: await ctx.seedDomain('other.com') }, body: { id: 1, is_locked: true } }),
  },
  // ---- DELETE /domains/{id} ----
  {
    route: 'DELETE /v1beta/domains/{id}',
    name: 'a delete puts the domain in quarantine',
    expect: 'ok',
    request: async (ctx) => ({ params: { id: await ctx.seedDomain('gone.com') } }),
    then: (answer) => assert.equal((answer.json.data as { status: string }).status, 'DEL'),
  },
  {
    route: 'DELETE /v1beta/domains/{id}',
    name: 'skip_soft_quarantine is declared and not simulated: 399',
    expect: 399,
    request: async (ctx) => ({
      params: { id: await ctx.seedDomain('gone.com') },
      query: { skip_soft_quarantine: true },
    }),
  },
  // ---- POST /domains/{id}/renew ----
  {
    route: 'POST /v1beta/domains/{id}/renew',
    name: 'a two-year renewal',
    expect: 'ok',
    request: async (ctx) => {
      const id = await ctx.seedDomain('longer.com');
      return { params: { id }, body: { id, domain: { name: 'longer', extension: 'com' }, period: 2 } };
    },
    then: (_answer, ctx) =>
      assert.deepEqual(
        ctx.sandbox.charges({ domain: 'longer.com' }).map((c) => c.amount),
        ['20.00'],
      ),
  },
  {
    route: 'POST /v1beta/domains/{id}/renew',
    name: 'a body domain that is not the path: 399',
    expect: 399,
    request: async (ctx) => ({
      params: { id: await ctx.seedDomain('longer.com') },
      body: { domain: { name: 'another', extension: 'com' }, period: 1 },
    }),
  },
  // ---- POST /domains/{id}/restore ----
  {
    route: 'POST /v1beta/domains/{id}/restore',
    name: 'a domain in soft quarantine comes back',
    expect: 'ok',
    request: async (ctx) => {
      const id = await ctx.seedDomain('comeback.com');
      ctx.sandbox.expireDomain('comeback.com');
      return { params: { id }, body: { id } };
    },
    then: (answer) => assert.equal((answer.json.data as { status: string }).status, 'ACT'),
  },
  {
    route: 'POST /v1beta/domains/{id}/restore',
    name: 'an active domain cannot be restored',
    expect: 376,
    request: async (ctx) => ({ params: { id: await ctx.seedDomain('alive.com') }, body: {} }),
  },
];
