import { z } from 'zod';
import { formatMinorUnits, toMinorUnits } from './money';

/**
 * Sale prices from registrar costs (issue 17 point 2): a markup per TLD or a default, a percent
 * and/or a fixed amount per currency, then a rounding rule. Pure and in minor units (./money): a
 * sale price is never below the cost and the same cost always gives the same price, so a catalogue
 * sync can compare prices to decide whether anything changed.
 */

const amount = z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, 'an amount like 2.50');

export const markupSchema = z.strictObject({
  /** added as a percentage of the cost, e.g. 20 for +20 % */
  percent: z.number().min(0).max(1000).optional(),
  /** added per currency after the percent, e.g. { "USD": "1.00", "EUR": "0.90" } */
  fixed: z.record(z.string().regex(/^[A-Z]{3}$/, 'a currency code like USD'), amount).optional(),
  /** "none": to the cent; "99": up to the next x.99; "00": up to the next whole unit */
  rounding: z.enum(['none', '99', '00']).optional(),
});
export type Markup = z.infer<typeof markupSchema>;

export const markupRulesSchema = z.strictObject({
  default: markupSchema,
  /** per TLD without the leading dot ("com", "co.uk"); replaces the default for that TLD */
  tlds: z.record(z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/, 'a TLD like com or co.uk'), markupSchema).optional(),
  /** premium names (the registrar's premium quote is the cost): their own markup; absent = the TLD's */
  premium: markupSchema.optional(),
});
export type MarkupRules = z.infer<typeof markupRulesSchema>;

/** The markup for a TLD: its own, else the default. */
export function markupFor(rules: MarkupRules, tld: string): Markup {
  return rules.tlds?.[tld.replace(/^\./, '').toLowerCase()] ?? rules.default;
}

/** The smallest price ≥ `minor` that the rule allows. */
export function applyRounding(minor: number, rounding: Markup['rounding'] = 'none'): number {
  if (rounding === '00') return Math.ceil(minor / 100) * 100;
  if (rounding === '99') {
    // x.99 is (x + 1) * 100 - 1: the first of them at or above the price.
    return Math.ceil((minor + 1) / 100) * 100 - 1;
  }
  return minor;
}

/**
 * The sale price of a cost ("10.00") in `currency` for `tld`; throws RangeError for an amount that
 * is not one. `premium`: the cost is a premium name's quote, priced with the rules' premium markup.
 */
export function salePrice(
  rules: MarkupRules,
  tld: string,
  cost: string,
  currency: string,
  options: { premium?: boolean } = {},
): string {
  const costMinor = toMinorUnits(cost);
  if (costMinor === undefined) throw new RangeError(`cost: "${cost}" is not an amount like 10.00`);
  const markup = (options.premium ? rules.premium : undefined) ?? markupFor(rules, tld);
  // Half a cent or more rounds up: the reseller never sells below cost plus its markup.
  const withPercent = Math.round((costMinor * (100 + (markup.percent ?? 0))) / 100);
  const fixedText = markup.fixed?.[currency];
  const fixed = fixedText === undefined ? 0 : (toMinorUnits(fixedText) ?? 0);
  return formatMinorUnits(applyRounding(withPercent + fixed, markup.rounding));
}

/** Rules that sell at cost: no catalogue configured yet means no markup. */
export const NO_MARKUP: MarkupRules = { default: {} };
