import type { CatalogueEntry } from '../registrars/catalogue';
import { salePrice, type MarkupRules } from './pricing';

/**
 * The price catalogue as a pure model (docs/prices.md): a registrar's cost entries priced with the
 * markup rules, and what differs between two catalogues. The `catalogue` workflow keeps the
 * entries; the sync emits one change event per TLD this diff names.
 */

/** What each TLD sells for, per operation; restore and trade are null when the registrar publishes none. */
export interface SalePrices {
  register: string;
  renew: string;
  transfer: string;
  restore: string | null;
  trade: string | null;
}

/** The registrar's entry (the cost, in its currency) and our sale prices in the same currency. */
export interface PricedEntry extends CatalogueEntry {
  sale: SalePrices;
}

/** The operations a price list carries, in the order the CLI prints them. */
export const CATALOGUE_OPERATIONS = ['register', 'renew', 'transfer', 'restore', 'trade'] as const;
export type CatalogueOperation = (typeof CATALOGUE_OPERATIONS)[number];

/** One TLD whose prices differ between two catalogues. */
export interface CatalogueChange {
  tld: string;
  kind: 'added' | 'changed' | 'removed';
  /** what differs: 'currency', 'periods', 'cost.renew', 'sale.renew', … (empty for added/removed) */
  fields: string[];
  before: PricedEntry | null;
  after: PricedEntry | null;
}

/** The entry with its sale prices: each cost with the TLD's markup (or the default), in the entry's currency. */
export function priceEntry(rules: MarkupRules, entry: CatalogueEntry): PricedEntry {
  const sell = (cost: string) => salePrice(rules, entry.tld, cost, entry.currency);
  return {
    ...entry,
    sale: {
      register: sell(entry.register),
      renew: sell(entry.renew),
      transfer: sell(entry.transfer),
      restore: entry.restore === null ? null : sell(entry.restore),
      trade: entry.trade === null ? null : sell(entry.trade),
    },
  };
}

function differences(a: PricedEntry, b: PricedEntry): string[] {
  const fields: string[] = [];
  if (a.currency !== b.currency) fields.push('currency');
  if (a.periods.join(',') !== b.periods.join(',')) fields.push('periods');
  for (const op of CATALOGUE_OPERATIONS) if (a[op] !== b[op]) fields.push(`cost.${op}`);
  for (const op of CATALOGUE_OPERATIONS) if (a.sale[op] !== b.sale[op]) fields.push(`sale.${op}`);
  return fields;
}

/** Every TLD added, removed or with a different cost, sale price, currency or periods, sorted by TLD. */
export function diffCatalogue(before: readonly PricedEntry[], after: readonly PricedEntry[]): CatalogueChange[] {
  const old = new Map(before.map((e) => [e.tld, e]));
  const now = new Map(after.map((e) => [e.tld, e]));
  const changes: CatalogueChange[] = [];
  for (const tld of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const a = old.get(tld);
    const b = now.get(tld);
    if (!a && b) changes.push({ tld, kind: 'added', fields: [], before: null, after: b });
    else if (a && !b) changes.push({ tld, kind: 'removed', fields: [], before: a, after: null });
    else if (a && b) {
      const fields = differences(a, b);
      if (fields.length > 0) changes.push({ tld, kind: 'changed', fields, before: a, after: b });
    }
  }
  return changes;
}

/**
 * The `domain` a catalogue change event names. Every change event names a domain (the delivery's
 * DomainName search attribute, the gateway's event schema); a price belongs to a TLD, not to a
 * domain, so the event names `<tld>.prices.invalid`: `.invalid` is reserved (RFC 6761) and can never
 * be a customer's domain, and `DomainName = "de.prices.invalid"` finds the events of one TLD.
 */
export const catalogueEventDomain = (tld: string): string => `${tld}.prices.invalid`;
