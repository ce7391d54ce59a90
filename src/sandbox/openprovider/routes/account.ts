import { ERR, OpenproviderRegistry, globToRegExp, soldExtensions } from '../registry';
import { customerAdditionalData, domainAdditionalData } from '../additional-data';
import { SANDBOX_RESELLER_ID } from '../constants';
import type { RouteHandler } from './context';
import { type RouteInputs, fieldsOf } from './inputs';
import { loginBody, parseBody, queryBool, queryInt } from '../schemas';

/**
 * The declared inputs each account route acts on (./inputs.ts). Login's `ip` is taken and not
 * checked: the sandbox account has no IP allow-list, like a real account without one.
 */
export const ACCOUNT_INPUTS: Record<string, RouteInputs> = {
  'POST /v1beta/auth/login': { body: fieldsOf(loginBody) },
  'GET /v1beta/tlds/{name}': { query: ['with_price'] },
  'GET /v1beta/tlds': { query: ['limit', 'offset', 'extensions', 'name_pattern', 'only_names', 'with_price'] },
  'GET /v1beta/resellers': {},
  'GET /v1beta/domains/additional-data': { query: ['domain.extension', 'operation'] },
  'GET /v1beta/domains/additional-data/customers': { query: ['domain.extension'] },
};

/** Account and catalogue routes: login, the reseller, TLDs (with prices), the additional-data catalogues. */

export const ACCOUNT_ROUTES: Record<string, RouteHandler> = {
  'POST /v1beta/auth/login': ({ body, login }) => {
    const b = parseBody(loginBody, body);
    return login(b.username, b.password);
  },
  'GET /v1beta/tlds/{name}': ({ registry: r, param, query }) => {
    return tldWire(r, param ?? '', queryBool(query.get('with_price')) === true);
  },
  'GET /v1beta/tlds': ({ registry: r, query }) => listTlds(r, query),
  'GET /v1beta/resellers': ({ registry: r }) => {
    return {
      id: SANDBOX_RESELLER_ID,
      company_name: 'Sandbox Reseller B.V.',
      status: 'ACT',
      balance: Number(r.balance()),
      reserved_balance: 0,
      settings: { currency: 'EUR', is_auto_renew_enabled: r.resellerAutorenew },
    };
  },
  'GET /v1beta/domains/additional-data': ({ query }) => {
    return domainAdditionalData(query);
  },
  'GET /v1beta/domains/additional-data/customers': ({ query }) => {
    return customerAdditionalData(query);
  },
};

/** GET /tlds/{name} (swagger tldTld): periods, and prices with with_price=true. */
export function tldWire(registry: OpenproviderRegistry, name: string, withPrice: boolean): unknown {
  const extension = name.replace(/^\./, '').toLowerCase();
  if (extension === '' || registry.unsupportedExtensions.has(extension))
    throw ERR.invalidExtension(`.${extension} is not available`);
  const t = registry.tld(extension);
  const price = (p: number) => ({
    product: { currency: t.currency, price: p },
    reseller: { currency: t.currency, price: p },
  });
  return {
    name: extension,
    status: 'ACT',
    min_period: 1,
    max_period: 10,
    renew_available: true,
    transfer_available: true,
    soft_quarantine_period: t.softQuarantineDays,
    quarantine_period: t.quarantineDays,
    ...(withPrice
      ? {
          prices: {
            create_price: price(t.prices.create),
            renew_price: price(t.prices.renew),
            transfer_price: price(t.prices.transfer),
            restore_price: price(t.prices.restore),
            soft_restore_price: price(t.prices.softRestore),
          },
        }
      : {}),
  };
}

/** GET /tlds (swagger ListTlds): the extensions sold, filtered by extensions / name_pattern, paged. */
export function listTlds(registry: OpenproviderRegistry, query: URLSearchParams): unknown {
  const limit = queryInt(query, 'limit', 100, 1, 1000);
  const offset = queryInt(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  const wanted = query.getAll('extensions').map((e) => e.replace(/^\./, '').toLowerCase());
  const pattern = query.get('name_pattern');
  const patternRe = pattern ? globToRegExp(pattern) : undefined;
  const withPrice = queryBool(query.get('with_price')) === true;
  const onlyNames = queryBool(query.get('only_names')) === true;
  const matches = soldExtensions(registry).filter(
    (e) => (wanted.length === 0 || wanted.includes(e)) && (!patternRe || patternRe.test(e)),
  );
  const results = matches
    .slice(offset, offset + limit)
    .map((e) => (onlyNames ? { name: e } : tldWire(registry, e, withPrice)));
  return { results, total: matches.length };
}
