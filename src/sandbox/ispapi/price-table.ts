import { ACCOUNT_CURRENCY, formatCents, type SandboxAccount } from './billing';

/**
 * What the sandbox account sells, as HEXONET publishes it: StatusUser relations
 * PRICE_CLASS_DOMAIN_<TLD>_{SETUP,ANNUAL,TRANSFER,RESTORE,TRADE,CURRENCY} (the relation names
 * MODIFYUSERCLASS.md's example and the seed module's trade lookup use), and the ECB rates
 * QueryExchangeRates lists. Prices come from the same ledger that charges (billing.ts), so a
 * price changed through PUT /_sandbox/prices/<tld> is both charged and published.
 */

/** TLDs every sandbox account sells even without their own price (the ledger's defaults apply). */
export const SOLD_TLDS: readonly string[] = [
  'com',
  'net',
  'org',
  'info',
  'de',
  'eu',
  'us',
  'uk',
  'co.uk',
  'dk',
  'it',
  'fr',
  'nl',
  'be',
  'ch',
  'li',
  'se',
  'ca',
];

/** The TLDs sold: the default set plus every TLD the ledger has a price for. */
export function soldTlds(ledger: SandboxAccount): string[] {
  return [...new Set([...SOLD_TLDS, ...ledger.pricedTlds()])].sort();
}

/**
 * The price relations of one TLD. HEXONET bills a registration as SETUP + ANNUAL; the ledger
 * charges `register` per year, so SETUP is register − renew (0.00 when a promotion makes the
 * register price lower than the renewal: the ledger charges the lower one, the relation cannot
 * be negative). Restore and trade are one-off fees.
 */
export function priceRelations(ledger: SandboxAccount, tld: string): Array<[type: string, value: string]> {
  const label = tld.toUpperCase().replace(/\./g, '_');
  const cents = (kind: 'renew' | 'register' | 'transfer' | 'restore' | 'trade') => ledger.priceCents(tld, kind);
  const prefix = `PRICE_CLASS_DOMAIN_${label}_`;
  return [
    [`${prefix}ANNUAL`, formatCents(cents('renew'))],
    [`${prefix}CURRENCY`, ACCOUNT_CURRENCY],
    [`${prefix}RESTORE`, formatCents(cents('restore'))],
    [`${prefix}SETUP`, formatCents(Math.max(0, cents('register') - cents('renew')))],
    [`${prefix}TRADE`, formatCents(cents('trade'))],
    [`${prefix}TRANSFER`, formatCents(cents('transfer'))],
  ];
}

/** Fixed daily ECB rates (from EUR, as QUERYEXCHANGERATES.md's example): the sandbox has no market. */
export const EXCHANGE_RATES: ReadonlyArray<{ from: string; to: string; rate: string }> = [
  { from: 'EUR', to: 'USD', rate: '1.0765' },
  { from: 'EUR', to: 'GBP', rate: '0.8561' },
  { from: 'EUR', to: 'CHF', rate: '0.9412' },
  { from: 'EUR', to: 'DKK', rate: '7.4589' },
];
