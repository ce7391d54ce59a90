import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { markupRulesSchema, type MarkupRules } from '../domain/pricing';
import { describeZodError } from '../domain/validation';
import { ConfigError } from './errors';
import { duration } from './fields';

/**
 * The price catalogue's settings (docs/prices.md): the markup rules that turn registrar costs into
 * sale prices, from a YAML or JSON file, and how often each registrar account's catalogue is synced.
 */

/** Without a rules file: +20 % on every cost, then up to the next x.99. */
export const DEFAULT_MARKUPS: MarkupRules = { default: { percent: 20, rounding: '99' } };

export const pricesEnv = {
  DOMAINFLOW_PRICE_MARKUPS: z.string().optional().meta({
    description: 'a YAML or JSON file of markup rules (default, per TLD, premium; docs/prices.md), checked at start',
    defaultText: 'embedded: `+20 %`, rounded up to `x.99`',
  }),
  DOMAINFLOW_CATALOGUE_SYNC_INTERVAL: z
    .string()
    .transform((text, ctx): number | 'off' => {
      if (text.trim() === 'off') return 'off';
      const parsed = duration.safeParse(text);
      if (parsed.success && parsed.data >= 60_000) return parsed.data;
      ctx.addIssue({ code: 'custom', message: "must be a duration of at least 1 minute such as '24h', or off" });
      return z.NEVER;
    })
    .default(24 * 3_600_000)
    .meta({
      description:
        'how often each registrar account’s price catalogue is synced (a Schedule per account), or `off` (also off when `DOMAINFLOW_SYNC_INTERVAL` is)',
      defaultText: '`24h`',
    }),
};

export interface PriceSettings {
  markups: MarkupRules;
  /** where the rules came from, for logs and errors: the file, or "embedded" */
  markupsSource: string;
  /** null: no catalogue schedules */
  catalogueSyncIntervalMs: number | null;
}

/** Reads and checks a rules file; the error names the variable, the file and the field. */
export function loadMarkupRules(path: string): MarkupRules {
  const where = `DOMAINFLOW_PRICE_MARKUPS (${path})`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`invalid configuration: ${where}: cannot read the file (${(err as Error).message})`);
  }
  let raw: unknown;
  try {
    // YAML is a superset of JSON: one parser reads both.
    raw = parseYaml(text);
  } catch (err) {
    throw new ConfigError(`invalid configuration: ${where}: not YAML or JSON (${(err as Error).message})`);
  }
  const parsed = markupRulesSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(`invalid configuration: ${where}: ${describeZodError(parsed.error, 'rules')}`);
  }
  return parsed.data;
}

export function loadPriceSettings(e: z.infer<z.ZodObject<typeof pricesEnv>>): PriceSettings {
  const path = e.DOMAINFLOW_PRICE_MARKUPS?.trim();
  return {
    markups: path ? loadMarkupRules(path) : DEFAULT_MARKUPS,
    markupsSource: path || 'embedded',
    catalogueSyncIntervalMs:
      e.DOMAINFLOW_CATALOGUE_SYNC_INTERVAL === 'off' ? null : e.DOMAINFLOW_CATALOGUE_SYNC_INTERVAL,
  };
}
