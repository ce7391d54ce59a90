import { joinDomainName, type OpenproviderDomain } from '../../../registrars/openprovider/domain-name';
import type { PremiumRule, TldConfig } from './model';
import { ERR } from './errors';

/**
 * The sandbox's price table: what an operation on a domain costs, from the extension's TLD
 * config (per-year prices, GET /tlds/{name}) and the premium rule. GET /domains/prices and the
 * with_price answer of POST /domains/check read it; the price catalogue (issue 17) extends it here.
 */

/** The operations GET /domains/prices quotes (its `operation` query parameter). */
export const PRICE_OPERATIONS = ['create', 'transfer', 'renew', 'restore'] as const;
export type PriceOperation = (typeof PRICE_OPERATIONS)[number];

export interface PriceQuote {
  currency: string;
  /** for the whole period */
  price: number;
  isPremium: boolean;
}

export function isPriceOperation(value: string): value is PriceOperation {
  return (PRICE_OPERATIONS as readonly string[]).includes(value);
}

/** The price of `operation` on `domain` for `years`; premium names (the premium rule) cost the premium price per year. */
export function quotePrice(
  catalog: { tld(extension: string): TldConfig; premiumRule: PremiumRule },
  domain: OpenproviderDomain,
  operation: string,
  years: number,
): PriceQuote {
  if (!isPriceOperation(operation))
    throw ERR.badRequest(`query.operation: "${operation}" is not one of ${PRICE_OPERATIONS.join(', ')}`);
  const premium = catalog.premiumRule(joinDomainName(domain));
  // A restore is one fee, not per year.
  const count = operation === 'restore' ? 1 : years;
  if (premium && operation !== 'restore')
    return { currency: premium.currency, price: round(premium.price * count), isPremium: true };
  return { ...tldPrice(catalog, domain.extension, operation, count), isPremium: premium !== undefined };
}

/** The extension's own price of `operation` for `count` years (no premium). */
export function tldPrice(
  catalog: { tld(extension: string): TldConfig },
  extension: string,
  operation: PriceOperation,
  count: number,
): { currency: string; price: number } {
  const tld = catalog.tld(extension);
  return { currency: tld.currency, price: round(tld.prices[operation] * count) };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Extensions every sandbox reseller sells even without their own config (default prices apply). */
export const SOLD_EXTENSIONS: readonly string[] = [
  'com',
  'net',
  'org',
  'info',
  'nl',
  'be',
  'de',
  'eu',
  'us',
  'uk',
  'co.uk',
  'dk',
  'it',
  'fr',
  'ch',
  'li',
  'se',
  'ca',
];

/** What GET /tlds lists: the default set plus every configured extension, less the unsellable ones, sorted. */
export function soldExtensions(catalog: {
  configuredTlds(): string[];
  unsupportedExtensions: ReadonlySet<string>;
}): string[] {
  const all = new Set([...SOLD_EXTENSIONS, ...catalog.configuredTlds()]);
  return [...all].filter((e) => !catalog.unsupportedExtensions.has(e)).sort();
}
