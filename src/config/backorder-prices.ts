import { ConfigError } from './config';
import { toMinorUnits } from '../domain/money';

/**
 * Backorder prices per TLD and currency, from DOMAINFLOW_BACKORDER_PRICES:
 * "com:USD:19.00,net:USD:19.00,com:EUR:17.50". No price, no backorder (the addon's rule).
 */
export type BackorderPrices = Record<string, number>;

export const DEFAULT_BACKORDER_PRICES = 'com:USD:19.00,net:USD:19.00,org:USD:19.00,com:EUR:17.50,net:EUR:17.50';

export function loadBackorderPrices(env: NodeJS.ProcessEnv = process.env): BackorderPrices {
  const text = env.DOMAINFLOW_BACKORDER_PRICES ?? DEFAULT_BACKORDER_PRICES;
  const prices: BackorderPrices = {};
  for (const item of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [tld, currency, amount] = item.split(':');
    const minor = amount === undefined ? undefined : toMinorUnits(amount);
    if (!tld || !/^[a-z0-9.-]+$/.test(tld) || !currency || !/^[A-Z]{3}$/.test(currency) || minor === undefined) {
      throw new ConfigError(
        `invalid configuration: DOMAINFLOW_BACKORDER_PRICES: "${item}" must be tld:CURRENCY:amount, e.g. com:USD:19.00`,
      );
    }
    prices[`${tld}:${currency}`] = minor;
  }
  return prices;
}

export function backorderPrice(prices: BackorderPrices, asciiDomain: string, currency: string): number | undefined {
  const tld = asciiDomain.slice(asciiDomain.indexOf('.') + 1);
  return prices[`${tld}:${currency}`];
}
