import assert from 'node:assert/strict';
import type { CaseContext, RouteCase } from '../openprovider-harness';

/** Customer handles: list, create, get, update. */

const PERSON = {
  name: { first_name: 'Jane', last_name: 'Doe' },
  address: { street: 'Main Street', number: '1', zipcode: '1011AA', city: 'Amsterdam', country: 'NL' },
  phone: { country_code: '+31', area_code: '20', subscriber_number: '1234567' },
  email: 'jane@example.org',
};

async function createCustomer(ctx: CaseContext): Promise<string> {
  const created = await ctx.call('POST', '/v1beta/customers', { body: PERSON });
  return (created.json.data as { handle: string }).handle;
}

export const cases: RouteCase[] = [
  {
    route: 'GET /v1beta/customers',
    name: 'search by last name, paged',
    expect: 'ok',
    request: async (ctx) => {
      await createCustomer(ctx);
      return { query: { last_name_pattern: 'Doe', limit: 10, offset: 0 } };
    },
    then: (answer) => assert.equal((answer.json.data as { total: number }).total, 1),
  },
  {
    route: 'GET /v1beta/customers',
    name: 'limit out of range: 399',
    expect: 399,
    request: () => ({ query: { limit: 5000 } }),
  },
  {
    route: 'POST /v1beta/customers',
    name: 'a person with address, phone and e-mail',
    expect: 'ok',
    request: () => ({ body: { ...PERSON, locale: 'nl_NL', tags: [{ key: 'customer', value: 'x' }] } }),
    then: async (answer, ctx) => {
      const handle = (answer.json.data as { handle: string }).handle;
      const got = await ctx.call('GET', `/v1beta/customers/${handle}`);
      assert.equal((got.json.data as { locale: string }).locale, 'nl_NL', 'locale took effect');
    },
  },
  {
    route: 'POST /v1beta/customers',
    name: 'a bad e-mail: 399 naming the field',
    expect: 399,
    request: () => ({ body: { ...PERSON, email: 'not-an-address' } }),
    then: (answer) => assert.match(String(answer.json.data), /email: must be an e-mail address/),
  },
  {
    route: 'GET /v1beta/customers/{handle}',
    name: 'an existing handle',
    expect: 'ok',
    request: async (ctx) => ({ params: { handle: await createCustomer(ctx) } }),
  },
  {
    route: 'GET /v1beta/customers/{handle}',
    name: 'an unknown handle: 101',
    expect: 101,
    request: () => ({ params: { handle: 'XX999999-XX' } }),
  },
  {
    route: 'PUT /v1beta/customers/{handle}',
    name: 'a new e-mail address',
    expect: 'ok',
    request: async (ctx) => ({ params: { handle: await createCustomer(ctx) }, body: { email: 'new@example.org' } }),
    then: async (_answer, ctx) => {
      const [c] = ctx.sandbox.customers({ email: 'new@example.org' });
      assert.ok(c, 'the e-mail changed');
    },
  },
  {
    route: 'PUT /v1beta/customers/{handle}',
    name: 'a name change needs a new handle: 399',
    expect: 399,
    nonConformingRequest: 'UpdateCustomerRequest declares no `name`; the sandbox refuses it with the reason',
    request: async (ctx) => ({
      params: { handle: await createCustomer(ctx) },
      body: { name: { first_name: 'John', last_name: 'Doe' } },
    }),
  },
];
