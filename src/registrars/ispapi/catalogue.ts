import type { CatalogueEntry } from '../catalogue';
import { RegistrarRejectedError } from '../errors';
import type { IspapiContext } from './adapter-context';

/**
 * ISPAPI's price list: StatusUser (RELATIONS=1) answers the account's price relations
 * PRICE_CLASS_DOMAIN_<TLD>_{ANNUAL,SETUP,TRANSFER,RESTORE,TRADE,CURRENCY} (USER/STATUSUSER.md;
 * names as USER/CLASS/MODIFYUSERCLASS.md shows them, TRADE as the seed module reads it). A
 * registration costs SETUP + ANNUAL. StatusUser names no periods: 1 to 10 years, the longest
 * registration HEXONET's AddDomain takes for gTLDs.
 */

const RELATION = /^PRICE_CLASS_DOMAIN_(.+)_(ANNUAL|SETUP|TRANSFER|RESTORE|TRADE|CURRENCY)$/;
const PERIODS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

function cents(value: string, what: string): number {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!m) {
    throw new RegistrarRejectedError(`StatusUser answered ${what} = ${JSON.stringify(value)}, not an amount`, {
      registrar: 'ispapi',
      operation: 'StatusUser',
    });
  }
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

const money = (c: number): string => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;

export async function readCatalogue(ctx: IspapiContext): Promise<CatalogueEntry[]> {
  const response = await ctx.client.call({ COMMAND: 'StatusUser', RELATIONS: 1 });
  const types = response.properties.RELATIONTYPE ?? [];
  const values = response.properties.RELATIONVALUE ?? [];
  const accountCurrency = response.properties.ACCOUNTCURRENCY?.[0] ?? 'USD';
  const byTld = new Map<string, Map<string, string>>();
  types.forEach((type, i) => {
    const m = RELATION.exec(type);
    if (!m) return;
    // Relation labels spell the TLD in capitals with "_" for its dots: CO_UK is co.uk.
    const tld = m[1]!.toLowerCase().replace(/_/g, '.');
    const fields = byTld.get(tld) ?? new Map<string, string>();
    fields.set(m[2]!, values[i] ?? '');
    byTld.set(tld, fields);
  });
  const entries: CatalogueEntry[] = [];
  for (const [tld, f] of byTld) {
    const annual = f.get('ANNUAL');
    // Without an annual price the TLD is not sold to this account.
    if (annual === undefined) continue;
    const price = (key: string) => {
      const v = f.get(key);
      return v === undefined || v === '' ? null : money(cents(v, `PRICE_CLASS_DOMAIN_${key} of .${tld}`));
    };
    const renew = cents(annual, `the ANNUAL price of .${tld}`);
    const setup = f.get('SETUP') ? cents(f.get('SETUP')!, `the SETUP price of .${tld}`) : 0;
    entries.push({
      tld,
      periods: [...PERIODS],
      currency: f.get('CURRENCY') || accountCurrency,
      register: money(setup + renew),
      renew: money(renew),
      transfer: price('TRANSFER') ?? money(renew),
      restore: price('RESTORE'),
      trade: price('TRADE'),
    });
  }
  return entries.sort((a, b) => a.tld.localeCompare(b.tld));
}
