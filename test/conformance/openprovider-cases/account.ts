import assert from 'node:assert/strict';
import { SANDBOX_OPENPROVIDER_CREDENTIALS } from '../../../src/sandbox/openprovider/server';
import type { RouteCase } from '../openprovider-harness';

/** Login, the reseller, TLDs, the additional-data catalogues. */
export const cases: RouteCase[] = [
  {
    route: 'POST /v1beta/auth/login',
    name: 'the sandbox credentials get a token',
    expect: 'ok',
    request: () => ({ body: { ...SANDBOX_OPENPROVIDER_CREDENTIALS, ip: '0.0.0.0' } }),
    then: (answer) => assert.match((answer.json.data as { token: string }).token, /^[0-9a-f]{32}$/),
  },
  {
    route: 'POST /v1beta/auth/login',
    name: 'a wrong password is 196',
    expect: 196,
    request: () => ({ body: { username: SANDBOX_OPENPROVIDER_CREDENTIALS.username, password: 'wrong' } }),
  },
  {
    route: 'GET /v1beta/resellers',
    name: 'the reseller with balance and settings',
    expect: 'ok',
    request: () => ({}),
    then: (answer) => assert.equal(typeof (answer.json.data as { balance: number }).balance, 'number'),
  },
  {
    route: 'GET /v1beta/resellers',
    name: 'with_statistics is declared and not simulated: refused',
    expect: 399,
    request: () => ({ query: { with_statistics: true } }),
  },
  {
    route: 'GET /v1beta/tlds/{name}',
    name: 'a TLD with prices',
    expect: 'ok',
    request: () => ({ params: { name: 'com' }, query: { with_price: true } }),
    then: (answer) => {
      const data = answer.json.data as { prices: { renew_price: { product: { price: number } } } };
      assert.equal(data.prices.renew_price.product.price, 10);
    },
  },
  {
    route: 'GET /v1beta/tlds/{name}',
    name: 'an extension the reseller cannot sell is 307',
    expect: 307,
    request: () => ({ params: { name: 'gov' } }),
  },
  {
    route: 'GET /v1beta/domains/additional-data',
    name: '.ca create fields',
    expect: 'ok',
    request: () => ({ query: { 'domain.extension': 'ca', operation: 'create' } }),
    then: (answer) => assert.ok((answer.json.data as Array<{ name: string }>).some((f) => f.name === 'legal_type')),
  },
  {
    route: 'GET /v1beta/domains/additional-data',
    name: 'without an extension: 399',
    expect: 399,
    request: () => ({ query: { operation: 'create' } }),
  },
  {
    route: 'GET /v1beta/domains/additional-data/customers',
    name: '.it customer fields',
    expect: 'ok',
    request: () => ({ query: { 'domain.extension': 'it' } }),
    then: (answer) => assert.ok((answer.json.data as Array<{ name: string }>).some((f) => f.name === 'entity_type')),
  },
];
