import assert from 'node:assert/strict';
import type { RouteCase } from '../openprovider-harness';

/** The TLD list (issue 17's catalogue): what the reseller sells and at what price. */

interface TldRow {
  name: string;
  prices?: { renew_price: { product: { price: number; currency: string } } };
}
const rows = (json: Record<string, unknown>) => (json.data as { results: TldRow[]; total: number }).results;

export const cases: RouteCase[] = [
  {
    route: 'GET /v1beta/tlds',
    name: 'the sold extensions with prices; an extension given its own price is listed at it',
    expect: 'ok',
    request: ({ sandbox }) => {
      sandbox.setTld('pro', { prices: { renew: 14.5 } });
      return { query: { with_price: true } };
    },
    then: (answer) => {
      const list = rows(answer.json);
      const pro = list.find((t) => t.name === 'pro');
      assert.equal(pro?.prices?.renew_price.product.price, 14.5);
      assert.equal(list.find((t) => t.name === 'com')?.prices?.renew_price.product.price, 10);
      assert.equal((answer.json.data as { total: number }).total, list.length);
      assert.ok(!list.some((t) => t.name === 'gov'), 'an extension the reseller cannot sell is not listed');
    },
  },
  {
    route: 'GET /v1beta/tlds',
    name: 'extensions and name_pattern filter, limit/offset page, only_names answers names',
    expect: 'ok',
    request: () => ({
      query: { extensions: ['nl', 'de', 'eu'], name_pattern: '*e*', only_names: true, limit: 1, offset: 1 },
    }),
    then: (answer) => {
      assert.deepEqual(rows(answer.json), [{ name: 'eu' }]);
      assert.equal((answer.json.data as { total: number }).total, 2);
    },
  },
  {
    route: 'GET /v1beta/tlds',
    name: 'without with_price: no prices',
    expect: 'ok',
    request: () => ({ query: { extensions: ['com'] } }),
    then: (answer) => assert.equal(rows(answer.json)[0]?.prices, undefined),
  },
  {
    route: 'GET /v1beta/tlds',
    name: 'with_level_prices is declared and not simulated: refused',
    expect: 399,
    request: () => ({ query: { with_level_prices: true } }),
  },
];
