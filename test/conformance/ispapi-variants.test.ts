/**
 * The other answer shapes of the ISPAPI sandbox's commands (issue 14): where a command answers in
 * more than one way (a premium name, an auction, a .swiss go-live, a pending registration, a
 * transfer pending then done, a usertransfer, a registry trade), each shape is checked against the
 * command's page like the plain answers in ./ispapi-responses.test.ts: mandatory properties present,
 * nothing undocumented, enumerated values in their words.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Command, IspapiResponse } from '../../src/registrars/ispapi/wire';
import { startIspapi, type IspapiSetup } from '../helpers/registrars';
import { checkCode, checkProperties } from './property-check';

const NS = ['ns1.example.net', 'ns2.example.net'];
const UID = 'CHE109322551';

describe('ISPAPI sandbox answer variants conform to the reference', () => {
  let h: IspapiSetup;
  let jan = '';
  const roles = () => ({ OWNERCONTACT0: jan, ADMINCONTACT0: jan, TECHCONTACT0: jan, BILLINGCONTACT0: jan });
  /** a 2xx answer whose properties fit the command's page */
  const conforming = async (command: Command): Promise<IspapiResponse> => {
    const r = await h.client.send(command);
    assert.ok(r.code < 300, `${command.COMMAND}: ${r.code} ${r.description}`);
    assert.deepEqual(checkCode(command.COMMAND, r.code), []);
    assert.deepEqual(checkProperties(command.COMMAND, r.properties), []);
    return r;
  };

  before(async () => {
    h = await startIspapi();
    jan = h.sandbox.seedContact({ FIRSTNAME: 'Jan', LASTNAME: 'Jansen', EMAIL: 'jan@example.nl', COUNTRY: 'NL' });
  });
  after(async () => h?.close());

  it('CheckDomains: premium (with price), reserved and unsupported rows beside a free one', async () => {
    h.sandbox.setPremium('new-premium.com', { amount: '120.00', currency: 'USD' });
    const names = ['new-free.com', 'new-premium.com', 'reserved-name.com', 'new-name.unsupported-tld'];
    const command = Object.fromEntries(names.map((n, i) => [`DOMAIN${i}`, n]));
    const r = await conforming({ COMMAND: 'CheckDomains', ...command, PREMIUMCHANNELS: '*' });
    assert.match(r.properties.DOMAINCHECK?.[1] ?? '', /^211 Premium/);
    assert.deepEqual(r.properties.PRICE?.[1], '120.00');
    assert.equal(r.properties.DOMAINCHECK?.length, 4);
  });

  it('AddDomain: a registration the registry has not finished, and StatusDomain of it', async () => {
    h.sandbox.setRegistrationPolicy({ mode: 'pending', afterMs: 60_000 });
    const pending = await conforming({ COMMAND: 'AddDomain', DOMAIN: 'new-pending.com', PERIOD: 1, ...roles() });
    h.sandbox.setRegistrationPolicy({ mode: 'active' });
    assert.notDeepEqual(pending.properties.STATUS, ['ACTIVE']);
    const status = await conforming({ COMMAND: 'StatusDomain', DOMAIN: 'new-pending.com' });
    assert.notDeepEqual(status.properties.STATUS, ['ACTIVE'], 'StatusDomain of a pending registration');
  });

  it('StatusDomain of an IDN: DOMAINUMLAUT in Unicode', async () => {
    h.sandbox.seedDomain({ domain: 'xn--mnchen-3ya.de', nameservers: NS });
    const r = await conforming({ COMMAND: 'StatusDomain', DOMAIN: 'xn--mnchen-3ya.de' });
    assert.deepEqual(r.properties.DOMAINUMLAUT, ['münchen.de']);
  });

  it('StatusDomainApplication: a backorder gone to auction, and a .swiss go-live application', async () => {
    const apps: string[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await conforming({
        COMMAND: 'AddDomainApplication',
        CLASS: 'BACKORDER',
        DOMAIN: 'auctioned-name.com',
        PERIOD: 1,
        ...roles(),
      });
      apps.push(r.properties.APPLICATION![0]!);
    }
    h.sandbox.setApplicationOutcome('auctioned-name.com', { status: 'SUCCESSFUL' });
    const auction = await conforming({ COMMAND: 'StatusDomainApplication', APPLICATION: apps[0]! });
    assert.deepEqual(auction.properties.STATUS, ['AUCTION-PENDING']);
    assert.match(auction.properties['AUCTION-URL']?.[0] ?? '', /^https:/);
    h.sandbox.resolveAuction('auctioned-name.com', apps[1]!);
    const lost = await conforming({ COMMAND: 'StatusDomainApplication', APPLICATION: apps[0]! });
    assert.deepEqual(lost.properties.STATUS, ['AUCTION-LOST']);

    const golive = await conforming({
      COMMAND: 'AddDomainApplication',
      CLASS: 'GOLIVE',
      DOMAIN: 'new-shop.swiss',
      PERIOD: 1,
      ...roles(),
      'X-SWISS-UID': UID,
      'X-CORE-INTENDED-USE': 'A shop for Swiss customers',
    });
    const swiss = await conforming({
      COMMAND: 'StatusDomainApplication',
      APPLICATION: golive.properties.APPLICATION![0]!,
    });
    assert.equal(swiss.properties['X-SWISS-UID'], undefined, 'the TLD fields sent are not echoed (no page lists them)');
    assert.deepEqual(swiss.properties.CLASS, ['SWISS_GOLIVE']);
  });

  it('AddDomainApplication with a premium class: the domain at once', async () => {
    h.sandbox.setPremium('new-premium-app.com', { amount: '80.00', currency: 'USD' });
    const check = await h.client.send({
      COMMAND: 'CheckDomains',
      DOMAIN0: 'new-premium-app.com',
      PREMIUMCHANNELS: '*',
    });
    const r = await conforming({
      COMMAND: 'AddDomainApplication',
      CLASS: check.properties.CLASS![0]!,
      DOMAIN: 'new-premium-app.com',
      PERIOD: 1,
      ...roles(),
      PRICE: '80.00',
      CURRENCY: 'USD',
    });
    assert.deepEqual(r.properties.STATUS, ['SUCCESSFUL']);
  });

  it('StatusDomainTransfer: pending, then after the transfer completed; a usertransfer', async () => {
    h.sandbox.seedExternalDomain({ domain: 'moving-name.com', authCode: 'Move-Auth-1', nameservers: NS });
    await conforming({ COMMAND: 'TransferDomain', DOMAIN: 'moving-name.com', AUTH: 'Move-Auth-1' });
    const pending = await conforming({ COMMAND: 'StatusDomainTransfer', DOMAIN: 'moving-name.com' });
    h.sandbox.approveTransfer('moving-name.com');
    const done = await h.client.send({ COMMAND: 'StatusDomainTransfer', DOMAIN: 'moving-name.com' });
    assert.deepEqual(checkCode('StatusDomainTransfer', done.code), []);
    if (done.code === 200) {
      assert.deepEqual(checkProperties('StatusDomainTransfer', done.properties), []);
      assert.notDeepEqual(done.properties, pending.properties, 'a completed transfer answers differently');
    } else {
      assert.equal(done.code, 545, 'no transfer pending any more');
    }
    const owned = await conforming({ COMMAND: 'StatusDomain', DOMAIN: 'moving-name.com' });
    assert.notEqual(owned.properties.TRANSFERDATE?.[0], '0000-00-00 00:00:00', 'a transferred domain has its date');

    h.sandbox.seedExternalDomain({
      domain: 'sibling-name.com',
      authCode: 'Sib-Auth-1',
      nameservers: NS,
      internal: true,
    });
    const check = await conforming({ COMMAND: 'CheckDomainTransfer', DOMAIN: 'sibling-name.com', AUTH: 'Sib-Auth-1' });
    assert.deepEqual(check.properties.USERTRANSFERREQUIRED, ['1']);
    await conforming({
      COMMAND: 'TransferDomain',
      DOMAIN: 'sibling-name.com',
      AUTH: 'Sib-Auth-1',
      ACTION: 'USERTRANSFER',
    });
    await conforming({ COMMAND: 'StatusDomain', DOMAIN: 'sibling-name.com' });
  });

  it('TradeDomain: at a ccTLD registry (.se) and StatusDomainTrade of it; 219 where the zone takes an update', async () => {
    h.sandbox.seedDomain({ domain: 'trade-name.se', nameservers: NS, owner: { LASTNAME: 'Gammal', EMAIL: 'g@x.se' } });
    const piet = h.sandbox.seedContact({ FIRSTNAME: 'Piet', LASTNAME: 'Pietersen', EMAIL: 'piet@example.nl' });
    const trade = await conforming({ COMMAND: 'TradeDomain', DOMAIN: 'trade-name.se', OWNERCONTACT0: piet });
    const status = await conforming({ COMMAND: 'StatusDomainTrade', DOMAIN: 'trade-name.se' });
    assert.match(status.properties.TRANSFERSTATUS?.[0] ?? '', /^(SUCCESSFUL|PENDING|REQUESTED)$/, trade.description);
    h.sandbox.seedDomain({ domain: 'update-name.nl', nameservers: NS, owner: { LASTNAME: 'Oud', EMAIL: 'o@x.nl' } });
    const update = await h.client.send({ COMMAND: 'TradeDomain', DOMAIN: 'update-name.nl', OWNERCONTACT0: piet });
    assert.equal(update.code, 219, 'the modules then change the owner with ModifyDomain (allow-listed code)');
    assert.deepEqual(checkCode('TradeDomain', update.code), []);
    const options = await conforming({ COMMAND: 'QueryDomainOptions', DOMAIN0: 'trade-name.se', DOMAIN1: 'x.com' });
    assert.deepEqual(options.properties.ZONEPOLICYREGISTRANTNAMECHANGEBY, ['TRADE', 'ICANN-TRADE']);
  });
});
