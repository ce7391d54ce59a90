/**
 * The ISPAPI sandbox's everyday domain commands against HEXONET's reference (DOMAIN pages):
 * DeleteDomain, PushDomain, DENIC_CreateAuthInfo1, QueryDomainSuggestionList and TransferDomain
 * ACTION=APPROVE/DENY over HTTP, each answer's properties checked against its page
 * (./property-check), and the rules the pages state (553 while a transfer is pending, PushDomain's
 * TLDs, AuthInfo1 for .DE only, 534 without a transfer to answer).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startIspapi, type IspapiSetup } from '../helpers/registrars';
import { checkProperties } from './property-check';

const NS = ['ns1.example.net', 'ns2.example.net'];

describe('ISPAPI sandbox: everyday domain commands per the reference', () => {
  let h: IspapiSetup;
  before(async () => {
    h = await startIspapi();
  });
  beforeEach(() => h.sandbox.reset());
  after(async () => h?.close());

  it('DeleteDomain: 200 with STATUS; the domain is then restorable (DELETEDDOMAIN), StatusDomain 545', async () => {
    h.sandbox.seedDomain({ domain: 'gone-soon.com', nameservers: NS });
    const r = await h.client.send({ COMMAND: 'DeleteDomain', DOMAIN: 'gone-soon.com' });
    assert.equal(r.code, 200, r.description);
    assert.deepEqual(checkProperties('DeleteDomain', r.properties), []);
    assert.equal((await h.client.send({ COMMAND: 'StatusDomain', DOMAIN: 'gone-soon.com' })).code, 545);
    assert.ok(h.sandbox.deletedDomain('gone-soon.com'), 'in the restorable deleted-domain list');
    assert.equal((await h.client.send({ COMMAND: 'DeleteDomain', DOMAIN: 'gone-soon.com' })).code, 545);
  });

  it('DeleteDomain: 553 while a transfer-out waits, 503 for an undocumented parameter', async () => {
    h.sandbox.seedDomain({ domain: 'busy.com', nameservers: NS });
    h.sandbox.requestTransferOut('busy.com');
    const r = await h.client.send({ COMMAND: 'DeleteDomain', DOMAIN: 'busy.com' });
    assert.equal(r.code, 553);
    assert.ok(h.sandbox.domain('busy.com'), 'still in the account');
    assert.equal((await h.client.send({ COMMAND: 'DeleteDomain', DOMAIN: 'busy.com', FORCE: 1 })).code, 503);
  });

  it('TransferDomain ACTION=APPROVE / DENY: StatusDomain shows pendingTransfer until answered; 534 without one', async () => {
    h.sandbox.seedDomain({ domain: 'asked-for.com', nameservers: NS });
    h.sandbox.seedDomain({ domain: 'kept.com', nameservers: NS });
    h.sandbox.requestTransferOut('asked-for.com');
    h.sandbox.requestTransferOut('kept.com');
    const status = await h.client.call({ COMMAND: 'StatusDomain', DOMAIN: 'kept.com' });
    assert.ok(status.properties.STATUS?.includes('pendingTransfer'));
    const deny = await h.client.send({ COMMAND: 'TransferDomain', DOMAIN: 'kept.com', ACTION: 'DENY' });
    assert.equal(deny.code, 200, deny.description);
    const after = await h.client.call({ COMMAND: 'StatusDomain', DOMAIN: 'kept.com' });
    assert.ok(!after.properties.STATUS?.includes('pendingTransfer'));
    const approve = await h.client.send({ COMMAND: 'TransferDomain', DOMAIN: 'asked-for.com', ACTION: 'APPROVE' });
    assert.equal(approve.code, 200, approve.description);
    assert.equal((await h.client.send({ COMMAND: 'StatusDomain', DOMAIN: 'asked-for.com' })).code, 545);
    assert.equal((await h.client.send({ COMMAND: 'TransferDomain', DOMAIN: 'kept.com', ACTION: 'APPROVE' })).code, 534);
  });

  it('PushDomain: a .uk domain to an IPS tag leaves the account; TRANSIT for .uk and any .com: refused', async () => {
    h.sandbox.seedDomain({ domain: 'release.co.uk', nameservers: NS });
    h.sandbox.seedDomain({ domain: 'stay.com', nameservers: NS });
    const bad = await h.client.send({ COMMAND: 'PushDomain', DOMAIN: 'release.co.uk', TARGET: 'TRANSIT' });
    assert.equal(bad.code, 541);
    assert.equal((await h.client.send({ COMMAND: 'PushDomain', DOMAIN: 'stay.com', TARGET: 'X' })).code, 552);
    const r = await h.client.send({ COMMAND: 'PushDomain', DOMAIN: 'release.co.uk', TARGET: 'NEW-REGISTRAR-TAG' });
    assert.equal(r.code, 200, r.description);
    assert.deepEqual(checkProperties('PushDomain', r.properties), []);
    assert.equal((await h.client.send({ COMMAND: 'StatusDomain', DOMAIN: 'release.co.uk' })).code, 545);
  });

  it('DENIC_CreateAuthInfo1: AUTH, STATUS and the expiry as the page lists; the code then works; .com: 541', async () => {
    h.sandbox.seedDomain({ domain: 'beispiel.de', nameservers: NS });
    h.sandbox.seedDomain({ domain: 'example.com', nameservers: NS });
    const r = await h.client.call({ COMMAND: 'DENIC_CreateAuthInfo1', DOMAIN: 'beispiel.de' });
    assert.deepEqual(checkProperties('DENIC_CreateAuthInfo1', r.properties), []);
    const code = r.properties.AUTH![0]!;
    assert.ok(code.length >= 6);
    const status = await h.client.call({ COMMAND: 'StatusDomain', DOMAIN: 'beispiel.de' });
    assert.equal(status.properties.AUTH?.[0], code);
    assert.equal((await h.client.send({ COMMAND: 'DENIC_CreateAuthInfo1', DOMAIN: 'example.com' })).code, 541);
  });

  it('QueryDomainSuggestionList: names for the keyword in the ZONEs asked for, none registered; categories', async () => {
    h.sandbox.seedDomain({ domain: 'new-coffee.com', nameservers: NS });
    const r = await h.client.call({
      COMMAND: 'QueryDomainSuggestionList',
      KEYWORD: 'coffee',
      SOURCE: 'ISPAPI-SUGGESTIONS',
      ZONE: ['com', 'net'],
      LIMIT: 6,
    });
    assert.deepEqual(checkProperties('QueryDomainSuggestionList', r.properties), []);
    const names = r.properties.DOMAIN ?? [];
    assert.equal(names.length, 6);
    for (const name of names) assert.match(name, /coffee.*\.(com|net)$/);
    assert.ok(!names.includes('new-coffee.com'), 'a registered name is no suggestion');
    assert.equal(r.properties.PRICE?.length, names.length, 'columns line up');
    const categories = await h.client.call({
      COMMAND: 'QueryDomainSuggestionList',
      KEYWORD: 'x',
      SOURCE: 'ISPAPI-CATEGORIES',
    });
    assert.ok((categories.properties.CATEGORY ?? []).length > 0);
    assert.deepEqual(checkProperties('QueryDomainSuggestionList', categories.properties), []);
    const bad = await h.client.send({ COMMAND: 'QueryDomainSuggestionList', KEYWORD: 'x', SOURCE: 'NOPE' });
    assert.equal(bad.code, 505);
  });
});
