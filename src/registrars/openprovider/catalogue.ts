import { z } from 'zod';
import type { CatalogueEntry } from '../catalogue';
import type { OpenproviderContext } from './adapter-context';

/**
 * Openprovider's price list: GET /tlds with_price=true (swagger ListTlds / tldTld), paged by
 * limit/offset until `total`. The reseller price is what the account pays; periods run from
 * min_period to max_period. Prices are numbers on the wire and become two-decimal strings here.
 */

const priceSchema = z.looseObject({
  reseller: z.looseObject({ currency: z.string(), price: z.number() }).nullish(),
  product: z.looseObject({ currency: z.string(), price: z.number() }).nullish(),
});
const tldSchema = z.looseObject({
  name: z.string(),
  min_period: z.number().int().nullish(),
  max_period: z.number().int().nullish(),
  prices: z
    .looseObject({
      create_price: priceSchema.nullish(),
      renew_price: priceSchema.nullish(),
      transfer_price: priceSchema.nullish(),
      restore_price: priceSchema.nullish(),
      trade_price: priceSchema.nullish(),
    })
    .nullish(),
});
const listSchema = z.looseObject({ results: z.array(tldSchema).nullish(), total: z.number().int().nullish() });

const PAGE = 100;

type Price = z.infer<typeof priceSchema> | null | undefined;
const paid = (p: Price) => p?.reseller ?? p?.product ?? undefined;
const money = (n: number) => n.toFixed(2);

export async function readCatalogue(ctx: OpenproviderContext): Promise<CatalogueEntry[]> {
  const entries: CatalogueEntry[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await ctx.client.call('GET', '/tlds', listSchema, {
      operation: 'readCatalogue: GET /tlds',
      query: { with_price: true, limit: PAGE, offset },
    });
    const results = page.data.results ?? [];
    for (const t of results) {
      const renew = paid(t.prices?.renew_price);
      // An extension without a renewal price is listed but not priced for this reseller: skipped.
      if (!renew) continue;
      const create = paid(t.prices?.create_price) ?? renew;
      const transfer = paid(t.prices?.transfer_price) ?? renew;
      const restore = paid(t.prices?.restore_price);
      const trade = paid(t.prices?.trade_price);
      const min = t.min_period ?? 1;
      const max = t.max_period ?? min;
      entries.push({
        tld: t.name.replace(/^\./, '').toLowerCase(),
        periods: Array.from({ length: Math.max(0, max - min + 1) }, (_, i) => min + i),
        currency: renew.currency,
        register: money(create.price),
        renew: money(renew.price),
        transfer: money(transfer.price),
        restore: restore ? money(restore.price) : null,
        trade: trade ? money(trade.price) : null,
      });
    }
    if (results.length < PAGE || offset + PAGE >= (page.data.total ?? 0)) break;
  }
  return entries.sort((a, b) => a.tld.localeCompare(b.tld));
}
