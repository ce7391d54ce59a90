/**
 * `domainflow check` and `domainflow suggest`: availability and suggestions straight through the
 * registrar adapter (no workflow, nothing changes at the registrar). Not `check-now`, which asks a
 * polling workflow to look again.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/config';
import { checkDomains, suggestDomains } from '../client/lookup';
import { REGISTRARS } from '../registrars';
import { RegistrarError } from '../registrars/errors';
import type { Registrar, RegistrarName } from '../registrars/registrar';
import { salePrice, type MarkupRules } from '../domain/pricing';
import { collect, registrarOption } from './options';
import { CliError, EXIT, print, table } from './output';

/** Runs fn with the configured adapter of `name`; a registrar's refusal exits 3, its outage 4. */
async function withRegistrar<T>(
  name: RegistrarName,
  fn: (registrar: Registrar, markups: MarkupRules) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const { registrar, close } = REGISTRARS[name].create(config[name] as never);
  try {
    return await fn(registrar, config.prices.markups);
  } catch (err) {
    if (err instanceof RegistrarError) {
      const code =
        err.kind === 'temporary' ? EXIT.unavailable : err.kind === 'rejected' ? EXIT.unsuccessful : EXIT.error;
      throw new CliError(`${name} (${err.kind}): ${err.message}`, code);
    }
    throw err;
  } finally {
    await close();
  }
}

/**
 * A premium quote is our cost; its sale price follows the rules' premium markup (docs/prices.md).
 * A quote that is not an amount like 120.00 gets none rather than a guess.
 */
function premiumSale(
  markups: MarkupRules,
  domain: string,
  quote: { amount: string; currency: string } | undefined,
): { amount: string; currency: string } | undefined {
  if (!quote) return undefined;
  try {
    const tld = domain.slice(domain.indexOf('.') + 1);
    return {
      amount: salePrice(markups, tld, quote.amount, quote.currency, { premium: true }),
      currency: quote.currency,
    };
  } catch {
    return undefined;
  }
}

export function registerLookupCommands(program: Command): void {
  program
    .command('check')
    .description('availability of domain names, batched, with premium prices (not check-now: that nudges a workflow)')
    .argument('<domains...>', 'domain names')
    .addOption(registrarOption('registrar', 'ispapi'))
    .addHelpText(
      'after',
      '\nExample:\n  $ domainflow check new-shop.com premium-shop.net example.org --registrar openprovider',
    )
    .action(async (domains: string[], opts) => {
      const answers = await withRegistrar(opts.registrar, async (r, markups) =>
        (await checkDomains(r, domains)).map((a) => {
          const sale = premiumSale(markups, a.domain, a.premiumPrice);
          return sale ? { ...a, premiumSalePrice: sale } : a;
        }),
      );
      const money = (p?: { amount: string; currency: string }) => (p ? `${p.amount} ${p.currency}` : '-');
      const rows = answers.map((a) => [
        a.domain,
        a.status,
        money(a.premiumPrice),
        money('premiumSalePrice' in a ? a.premiumSalePrice : undefined),
        a.premiumClass ?? '-',
        a.reason ?? '',
      ]);
      print(
        table([['domain', 'status', 'premium price', 'premium sale', 'class', 'registrar says'], ...rows]),
        answers,
      );
    });

  program
    .command('suggest')
    .description("domain name suggestions for a keyword (the registrar's suggestion engine)")
    .argument('<keyword>')
    .option('--tld <tld>', 'only these TLDs (repeatable)', collect, [])
    .option('--limit <n>', 'at most this many (1-100, default 20)', (v) => Number(v))
    .addOption(registrarOption('registrar', 'ispapi'))
    .addHelpText('after', '\nExample:\n  $ domainflow suggest coffee --tld com --tld net --limit 10')
    .action(async (keyword: string, opts) => {
      const tlds = (opts.tld as string[]).length > 0 ? { tlds: opts.tld as string[] } : {};
      const suggestions = await withRegistrar(opts.registrar, (r) =>
        suggestDomains(r, { keyword, ...tlds, ...(opts.limit !== undefined ? { limit: opts.limit } : {}) }),
      );
      const rows = suggestions.map((s) => [s.domain, s.price ? `${s.price.amount} ${s.price.currency}` : '-']);
      print(table([['domain', 'premium price'], ...rows]), suggestions);
    });
}
