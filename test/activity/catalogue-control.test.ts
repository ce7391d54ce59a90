/**
 * A price changed through each sandbox's HTTP control surface is what the adapter's next
 * readCatalogue answers (issue 17 point 4): ISPAPI PUT /_sandbox/prices/<tld>, Openprovider
 * PUT /_sandbox/tlds/<extension>. A bad body is refused naming the field, and changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startIspapi, startOpenprovider, type IspapiSetup, type OpenproviderSetup } from '../helpers/registrars';

async function put(url: string, body: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

describe('price changes through the sandboxes control surfaces, read by readCatalogue', () => {
  let ispapi: IspapiSetup;
  let openprovider: OpenproviderSetup;
  before(async () => {
    [ispapi, openprovider] = await Promise.all([startIspapi(), startOpenprovider()]);
  });
  after(async () => {
    await Promise.all([ispapi?.close(), openprovider?.close()]);
  });

  it('ISPAPI: PUT /_sandbox/prices/fr is published at once; a bad amount is refused with 400', async () => {
    const bad = await put(`${ispapi.sandbox.baseUrl}/_sandbox/prices/fr`, { renew: 'ten' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /renew/);
    const before = (await ispapi.adapter.readCatalogue()).find((e) => e.tld === 'fr');
    assert.notEqual(before?.renew, '11.40');
    assert.equal(
      (await put(`${ispapi.sandbox.baseUrl}/_sandbox/prices/fr`, { renew: '11.40', restore: '44.00' })).status,
      200,
    );
    const fr = (await ispapi.adapter.readCatalogue()).find((e) => e.tld === 'fr');
    assert.equal(fr?.renew, '11.40');
    assert.equal(fr?.restore, '44.00');
  });

  it('Openprovider: PUT /_sandbox/tlds/eu with prices is listed at once; a negative price is refused with 400', async () => {
    const bad = await put(`${openprovider.sandbox.baseUrl}/_sandbox/tlds/eu`, { prices: { renew: -1 } });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /prices\.renew/);
    const ok = await put(`${openprovider.sandbox.baseUrl}/_sandbox/tlds/eu`, { prices: { renew: 4.4, create: 3.3 } });
    assert.equal(ok.status, 200, ok.text);
    const eu = (await openprovider.adapter.readCatalogue()).find((e) => e.tld === 'eu');
    assert.equal(eu?.renew, '4.40');
    assert.equal(eu?.register, '3.30');
  });
});
