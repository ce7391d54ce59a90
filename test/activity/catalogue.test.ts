/**
 * The catalogue capability (src/registrars/catalogue.ts) of both adapters over their sandboxes:
 * what each account sells and costs, and a price changed in the sandbox read back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isCatalogueRegistrar } from '../../src/registrars/catalogue';
import { startIspapi, startOpenprovider, type IspapiSetup, type OpenproviderSetup } from '../helpers/registrars';

describe('readCatalogue: ISPAPI (StatusUser price relations)', () => {
  let h: IspapiSetup;
  before(async () => {
    h = await startIspapi();
  });
  after(async () => h?.close());

  it('per TLD register = SETUP + ANNUAL, renew, transfer, restore, trade, currency; a changed price is read', async () => {
    assert.ok(isCatalogueRegistrar(h.adapter));
    const before = await h.adapter.readCatalogue();
    const com = before.find((e) => e.tld === 'com');
    assert.deepEqual(com, {
      tld: 'com',
      periods: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      currency: 'USD',
      register: '10.00',
      renew: '10.00',
      transfer: '10.00',
      restore: '50.00',
      trade: '10.00',
    });
    assert.ok(
      before.some((e) => e.tld === 'co.uk'),
      'CO_UK is read as co.uk',
    );
    h.sandbox.setPrices('de', { renew: '7.25', register: '9.00', restore: '30.00' });
    const de = (await h.adapter.readCatalogue()).find((e) => e.tld === 'de');
    assert.equal(de?.renew, '7.25');
    assert.equal(de?.register, '9.00');
    assert.equal(de?.transfer, '7.25', 'the transfer price defaults to the renew price in the sandbox');
    assert.equal(de?.restore, '30.00');
  });
});

describe('readCatalogue: Openprovider (GET /tlds with_price)', () => {
  let h: OpenproviderSetup;
  before(async () => {
    h = await startOpenprovider();
  });
  after(async () => h?.close());

  it('the reseller prices and periods per extension; a changed price is read', async () => {
    assert.ok(isCatalogueRegistrar(h.adapter));
    const com = (await h.adapter.readCatalogue()).find((e) => e.tld === 'com');
    assert.deepEqual(com, {
      tld: 'com',
      periods: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      currency: 'EUR',
      register: '10.00',
      renew: '10.00',
      transfer: '10.00',
      restore: '50.00',
      trade: null,
    });
    h.sandbox.setTld('nl', { prices: { renew: 6.5, create: 4.99 } });
    const nl = (await h.adapter.readCatalogue()).find((e) => e.tld === 'nl');
    assert.equal(nl?.renew, '6.50');
    assert.equal(nl?.register, '4.99');
  });
});
