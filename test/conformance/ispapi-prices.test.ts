/**
 * The ISPAPI sandbox's price commands against HEXONET's reference: StatusUser
 * (USER/STATUSUSER.md; the price relations PRICE_CLASS_DOMAIN_<TLD>_* as MODIFYUSERCLASS.md names
 * them) and QueryExchangeRates (USER/ACCOUNT/QUERYEXCHANGERATES.md), each answer's properties
 * checked against its page (./property-check), and a price changed through the control surface
 * (PUT /_sandbox/prices/<tld>) published by StatusUser and charged at that price.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { request } from 'undici';
import { startIspapi, type IspapiSetup } from '../helpers/registrars';
import { checkProperties } from './property-check';

function relations(properties: Record<string, string[]>): Map<string, string> {
  const types = properties.RELATIONTYPE ?? [];
  const values = properties.RELATIONVALUE ?? [];
  assert.equal(types.length, values.length, 'one RELATIONVALUE per RELATIONTYPE');
  return new Map(types.map((t, i) => [t, values[i]!]));
}

describe('ISPAPI sandbox: price commands per the reference', () => {
  let h: IspapiSetup;
  before(async () => {
    h = await startIspapi();
  });
  beforeEach(() => h.sandbox.reset());
  after(async () => h?.close());

  it('StatusUser: the account properties and per TLD ANNUAL/SETUP/TRANSFER/RESTORE/TRADE/CURRENCY', async () => {
    const r = await h.client.send({ COMMAND: 'StatusUser' });
    assert.equal(r.code, 200, r.description);
    assert.deepEqual(checkProperties('StatusUser', r.properties), []);
    const rel = relations(r.properties);
    assert.equal(rel.get('PRICE_CLASS_DOMAIN_COM_ANNUAL'), '10.00');
    assert.equal(rel.get('PRICE_CLASS_DOMAIN_COM_SETUP'), '0.00');
    assert.equal(rel.get('PRICE_CLASS_DOMAIN_COM_RESTORE'), '50.00');
    assert.equal(rel.get('PRICE_CLASS_DOMAIN_COM_CURRENCY'), 'USD');
    assert.equal(rel.get('PRICE_CLASS_DOMAIN_CO_UK_TRANSFER'), '10.00', 'a dot in the TLD becomes _');
    assert.equal(rel.get('PRICE_CLASS_DOMAIN_DE_TRADE'), '10.00');
  });

  it('StatusUser: RELATIONS=0 answers none, STATS=1 adds the subuser counts', async () => {
    const r = await h.client.send({ COMMAND: 'StatusUser', RELATIONS: 0, STATS: 1 });
    assert.equal(r.code, 200, r.description);
    assert.deepEqual(checkProperties('StatusUser', r.properties), []);
    assert.equal(r.properties.RELATIONTYPE, undefined);
    assert.deepEqual(r.properties.SUBUSERSTOTAL, ['0']);
  });

  it('StatusUser: 505 for RELATIONS=2, 503 for an undocumented parameter, 549 for SUBUSER (not modelled)', async () => {
    assert.equal((await h.client.send({ COMMAND: 'StatusUser', RELATIONS: 2 })).code, 505);
    assert.equal((await h.client.send({ COMMAND: 'StatusUser', TLD: 'com' })).code, 503);
    assert.equal((await h.client.send({ COMMAND: 'StatusUser', SUBUSER: 'someone' })).code, 549);
  });

  it('a price set through PUT /_sandbox/prices/<tld> is published and charged at that price', async () => {
    const res = await request(`${h.sandbox.baseUrl}/_sandbox/prices/pro`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ renew: '12.50', register: '15.00', transfer: '9.00', trade: '30.00' }),
    });
    assert.equal(res.statusCode, 200);
    await res.body.dump();
    const rel = relations((await h.client.call({ COMMAND: 'StatusUser' })).properties);
    assert.equal(rel.get('PRICE_CLASS_DOMAIN_PRO_ANNUAL'), '12.50', 'a TLD with its own price is sold');
    assert.equal(rel.get('PRICE_CLASS_DOMAIN_PRO_SETUP'), '2.50', 'register = SETUP + ANNUAL');
    assert.equal(rel.get('PRICE_CLASS_DOMAIN_PRO_TRANSFER'), '9.00');
    assert.equal(rel.get('PRICE_CLASS_DOMAIN_PRO_TRADE'), '30.00');
    assert.equal(rel.get('PRICE_CLASS_DOMAIN_COM_ANNUAL'), '10.00', 'other TLDs unchanged');
    const jan = h.sandbox.seedContact({ FIRSTNAME: 'Jan', LASTNAME: 'Jansen', EMAIL: 'jan@example.nl' });
    const add = await h.client.send({
      COMMAND: 'AddDomain',
      DOMAIN: 'new-priced.pro',
      PERIOD: 1,
      NAMESERVER0: 'ns1.example.net',
      NAMESERVER1: 'ns2.example.net',
      OWNERCONTACT0: jan,
      ADMINCONTACT0: jan,
      TECHCONTACT0: jan,
      BILLINGCONTACT0: jan,
    });
    assert.equal(add.code, 200, add.description);
    const charged = h.sandbox.charges({ domain: 'new-priced.pro' }).map((c) => [c.kind, c.amount]);
    assert.deepEqual(charged, [['register', '15.00']], 'SETUP + ANNUAL charged');
  });

  it('QueryExchangeRates: the ECB rates, CURRENCYTO filters, FIRST/LIMIT page', async () => {
    const all = await h.client.send({ COMMAND: 'QueryExchangeRates' });
    assert.equal(all.code, 200, all.description);
    assert.deepEqual(checkProperties('QueryExchangeRates', all.properties), []);
    assert.ok(Number(all.properties.TOTAL?.[0]) >= 2);
    const usd = await h.client.send({ COMMAND: 'QueryExchangeRates', CURRENCYTO: 'USD' });
    assert.deepEqual(checkProperties('QueryExchangeRates', usd.properties), []);
    assert.deepEqual(usd.properties.CURRENCYFROM, ['EUR']);
    assert.deepEqual(usd.properties.CURRENCYTO, ['USD']);
    assert.match(usd.properties.RATE?.[0] ?? '', /^\d+\.\d+$/);
    assert.match(usd.properties.DATE?.[0] ?? '', /^\d{4}-\d{2}-\d{2}$/);
    const page = await h.client.send({ COMMAND: 'QueryExchangeRates', FIRST: 1, LIMIT: 1 });
    assert.deepEqual(page.properties.COUNT, ['1']);
    assert.deepEqual(page.properties.CURRENCYTO, [all.properties.CURRENCYTO![1]!]);
    assert.equal((await h.client.send({ COMMAND: 'QueryExchangeRates', LIMIT: 'ten' })).code, 505);
    assert.equal((await h.client.send({ COMMAND: 'QueryExchangeRates', MINDATE: '2026-01-01' })).code, 549);
  });
});
