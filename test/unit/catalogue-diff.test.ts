/** The catalogue's pure model (src/domain/catalogue.ts): pricing an entry and what differs between two catalogues. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diffCatalogue, priceEntry } from '../../src/domain/catalogue';
import type { CatalogueEntry } from '../../src/registrars/catalogue';
import type { MarkupRules } from '../../src/domain/pricing';
import { catalogueInputSchema, syncCatalogueInputSchema } from '../../src/contracts';
import { checkStrict } from '../../src/domain/validation';

const RULES: MarkupRules = { default: { percent: 20, rounding: '99' }, tlds: { de: { rounding: 'none' } } };
const cost = (tld: string, renew: string, more: Partial<CatalogueEntry> = {}): CatalogueEntry => ({
  tld,
  periods: [1, 2],
  currency: 'USD',
  register: renew,
  renew,
  transfer: renew,
  restore: null,
  trade: '3.00',
  ...more,
});

describe('the catalogue model', () => {
  it('prices every published cost with the TLD markup; unpublished ones stay null', () => {
    assert.deepEqual(priceEntry(RULES, cost('com', '10.00')).sale, {
      register: '12.99',
      renew: '12.99',
      transfer: '12.99',
      restore: null,
      trade: '3.99',
    });
    assert.equal(priceEntry(RULES, cost('de', '5.00')).sale.renew, '5.00', ".de's own markup: no percent");
  });

  it('names added, removed and changed TLDs with the fields that differ; equal catalogues differ in nothing', () => {
    const before = [cost('com', '10.00'), cost('de', '5.00'), cost('net', '9.00')].map((e) => priceEntry(RULES, e));
    const after = [cost('com', '10.00'), cost('de', '6.00'), cost('org', '8.00', { periods: [1] })].map((e) =>
      priceEntry(RULES, e),
    );
    assert.deepEqual(diffCatalogue(before, before), []);
    const changes = diffCatalogue(before, after);
    assert.deepEqual(
      changes.map((c) => [c.tld, c.kind]),
      [
        ['de', 'changed'],
        ['net', 'removed'],
        ['org', 'added'],
      ],
    );
    assert.deepEqual(changes[0]!.fields, [
      'cost.register',
      'cost.renew',
      'cost.transfer',
      'sale.register',
      'sale.renew',
      'sale.transfer',
    ]);
    assert.equal(changes[1]!.after, null);
    assert.equal(changes[2]!.before, null);
  });

  it('a markup change alone changes sale prices only; a currency or period change is named', () => {
    const old = [priceEntry(RULES, cost('com', '10.00'))];
    const cheaper = [priceEntry({ default: { percent: 10, rounding: '99' } }, cost('com', '10.00'))];
    assert.deepEqual(diffCatalogue(old, cheaper)[0]!.fields, ['sale.register', 'sale.renew', 'sale.transfer']);
    const euro = [priceEntry(RULES, cost('com', '10.00', { currency: 'EUR', periods: [1] }))];
    assert.deepEqual(diffCatalogue(old, euro)[0]!.fields, ['currency', 'periods']);
  });

  it("the workflows' inputs: account defaults to 'default'; unknown keys and unknown registrars are refused", () => {
    assert.deepEqual(syncCatalogueInputSchema.parse({ registrar: 'ispapi' }), {
      registrar: 'ispapi',
      account: 'default',
    });
    const typo = checkStrict(syncCatalogueInputSchema, { registrar: 'ispapi', acount: 'b' });
    assert.ok(!typo.ok && /acount/.test(typo.problems.message), 'the unknown key is named');
    assert.equal(catalogueInputSchema.safeParse({ registrar: 'nic' }).success, false);
  });
});
