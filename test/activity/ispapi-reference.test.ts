import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Contact } from '../../src/domain/contact';
import { RegistrarRejectedError, RegistrarTemporaryError } from '../../src/registrars/errors';
import type { IspapiRegistrar } from '../../src/registrars/ispapi/adapter';
import type { IspapiClient } from '../../src/registrars/ispapi/client';
import { IspapiRegistrantChanger } from '../../src/registrars/ispapi/registrant-change';
import type { RegisterRequest } from '../../src/registrars/registrar';
import type { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { startIspapi, type IspapiSetup } from '../helpers/registrars';

/**
 * Issue 19 (points 2 and 7): what the ISPAPI adapter sends and reads, held against HEXONET's
 * command reference (/work/shared/specs/ispapi-api/), over real HTTP against the sandbox, which
 * answers as the reference says. The decisions and their citations are in docs/*.md.
 */

const START = new Date('2026-03-01T08:00:00Z');
let clock = new Date(START);
const NS = ['ns1.dns.example', 'ns2.dns.example'];
const OWNER: Contact = {
  firstName: 'Jo',
  lastName: 'Doe',
  street: ['Main Street 1'],
  city: 'Amsterdam',
  postalCode: '1011AA',
  countryCode: 'NL',
  phone: '+31.201234567',
  email: 'jo@example.com',
};
const contacts = {
  owner: { contact: OWNER },
  admin: { contact: OWNER },
  tech: { contact: OWNER },
  billing: { contact: OWNER },
};

function premiumOrder(domain: string, price = { amount: '120.00', currency: 'USD' }): RegisterRequest {
  return { domain, periodYears: 1, nameservers: NS, contacts, extras: {}, premiumPrice: price };
}

let sandbox: IspapiSandbox;
let client: IspapiClient;
let registrar: IspapiRegistrar;

let setup: IspapiSetup;
before(async () => {
  setup = await startIspapi({
    sandbox: { now: () => clock },
    client: { connectTimeoutMs: 1000, requestTimeoutMs: 3000 },
    adapter: { now: () => clock, autoExpireWaitsMs: [5, 5, 5, 5] },
  });
  ({ sandbox, client, adapter: registrar } = setup);
});

after(() => setup.close());

beforeEach(() => {
  sandbox.reset();
  sandbox.clearFaults();
  clock = new Date(START);
});

const call = (command: Record<string, string | number>) =>
  client.send({ COMMAND: String(command.COMMAND), ...command });
const sent = (command: string, domain?: string) => sandbox.journal({ command, domain });

describe('CheckDomains: PREMIUMCHANNELS (table) or PREMIUMCHANNEL (example)', () => {
  for (const name of ['PREMIUMCHANNELS', 'PREMIUMCHANNEL'] as const) {
    it(`reads an aftermarket listing (channel, no CLASS) under ${name} and buys it as AFTERMARKET_PURCHASE_<channel>`, async () => {
      sandbox.setPremiumChannelProperty(name);
      sandbox.setPremium('unregistered-listed.com', { amount: '250.00', currency: 'USD', aftermarket: true });
      const raw = await call({ COMMAND: 'CheckDomains', DOMAIN0: 'unregistered-listed.com', PREMIUMCHANNELS: '*' });
      assert.deepEqual(raw.properties[name], ['NAMEMEDIA']);
      assert.deepEqual(raw.properties.CLASS, ['']);

      const [answer] = await registrar.checkAvailability(['unregistered-listed.com']);
      assert.equal(answer!.status, 'premium');
      assert.deepEqual(answer!.premiumPrice, { amount: '250.00', currency: 'USD' });

      await registrar.register(premiumOrder('unregistered-listed.com', { amount: '250.00', currency: 'USD' }));
      const [order] = sent('AddDomainApplication', 'unregistered-listed.com');
      assert.equal(order!.params.CLASS, 'AFTERMARKET_PURCHASE_NAMEMEDIA');
      assert.equal(order!.code, 200);
    });
  }
});

describe('TransferDomain and CheckDomainTransfer', () => {
  it('a pending transfer answers 536 (not 553), which the adapter reads as "our request stands"', async () => {
    sandbox.seedExternalDomain({ domain: 'moving.com', authCode: 'Auth-1', nameservers: NS });
    assert.deepEqual(await registrar.requestTransfer({ domain: 'moving.com', authCode: 'Auth-1' }), {
      alreadyPending: false,
    });
    // StatusDomainTransfer misses the pending transfer once (a 545 answer): TransferDomain is sent again.
    sandbox.injectFault({ command: 'StatusDomainTransfer', fault: 'code', code: 545 });
    assert.deepEqual(await registrar.requestTransfer({ domain: 'moving.com', authCode: 'Auth-1' }), {
      alreadyPending: true,
    });
    assert.deepEqual(
      sent('TransferDomain').map((e) => e.code),
      [200, 536],
    );
    assert.equal(sandbox.pendingTransfers().length, 1);
  });

  it('a TransferDomain answered 219 (wrong auth code at request time) is a refusal, not a requested transfer', async () => {
    sandbox.seedExternalDomain({ domain: 'guarded.com', authCode: 'Right-1', nameservers: NS });
    await assert.rejects(registrar.requestTransfer({ domain: 'guarded.com', authCode: 'Wrong-1' }), (err: unknown) => {
      assert.ok(err instanceof RegistrarRejectedError, String(err));
      assert.equal(err.details.code, '219');
      return true;
    });
    assert.equal(sandbox.pendingTransfers().length, 0);
  });

  it('USERTRANSFERREQUIRED=1 (a domain in another account here): the adapter uses ACTION=USERTRANSFER', async () => {
    sandbox.seedExternalDomain({ domain: 'sibling.com', authCode: 'Auth-2', nameservers: NS, internal: true });
    sandbox.seedExternalDomain({ domain: 'foreign.com', authCode: 'Auth-3', nameservers: NS });
    const flags = async (domain: string, auth: string) =>
      (await call({ COMMAND: 'CheckDomainTransfer', DOMAIN: domain, AUTH: auth })).properties.USERTRANSFERREQUIRED;
    assert.deepEqual(await flags('sibling.com', 'Auth-2'), ['1']);
    assert.deepEqual(await flags('foreign.com', 'Auth-3'), ['0']);
    assert.equal(
      (await call({ COMMAND: 'TransferDomain', DOMAIN: 'foreign.com', AUTH: 'Auth-3', ACTION: 'USERTRANSFER' })).code,
      541,
    );

    assert.deepEqual(await registrar.checkTransfer('sibling.com', 'Auth-2'), { possible: true });
    assert.deepEqual(await registrar.requestTransfer({ domain: 'sibling.com', authCode: 'Auth-2', periodYears: 1 }), {
      alreadyPending: false,
    });
    const transfers = sent('TransferDomain', 'sibling.com');
    assert.deepEqual(
      transfers.map((e) => [e.params.ACTION ?? 'REQUEST', e.code]),
      [
        ['REQUEST', 541],
        ['USERTRANSFER', 200],
      ],
    );
    assert.equal(transfers[1]!.params.PERIOD, undefined, 'a usertransfer renews nothing');
    assert.equal((await registrar.getTransferStatus('sibling.com')).state, 'completed');
    assert.equal(sandbox.charges({ domain: 'sibling.com' }).length, 0);
  });
});

describe('QueryDomainApplicationList: CLASS is a pattern', () => {
  it('an exact BACKORDER matches no <TLD>_BACKORDER; the adapter asks *BACKORDER and places once', async () => {
    const first = await registrar.placeBackorder({ domain: 'dropping.com', contacts });
    const count = async (cls: string) =>
      (await call({ COMMAND: 'QueryDomainApplicationList', DOMAIN: 'dropping.com', CLASS: cls })).properties.COUNT;
    assert.deepEqual(await count('BACKORDER'), ['0']);
    assert.deepEqual(await count('*BACKORDER'), ['1']);
    assert.deepEqual(await count('COM_BACKORDER'), ['1']);

    const second = await registrar.placeBackorder({ domain: 'dropping.com', contacts });
    assert.equal(second.reference, first.reference);
    assert.equal(sent('AddDomainApplication').length, 1, 'no second backorder');
    const lookups = sent('QueryDomainApplicationList');
    assert.deepEqual(
      [lookups[0]!.params.CLASS, lookups[lookups.length - 1]!.params.CLASS],
      ['*BACKORDER', '*BACKORDER'],
      'the adapter asks with the pattern',
    );
  });
});

describe('premium renewals and restores take CLASS; a restore takes RENEWALMODE', () => {
  const premium = 'premium-cars.com';

  it('RenewDomain and PayDomainRenewal of a premium name are sent again with the CLASS the 504 names', async () => {
    await registrar.register(premiumOrder(premium));
    const expiry = sandbox.domain(premium)!.expiresAt;
    const renewed = await registrar.renew({
      domain: premium,
      periodYears: 1,
      currentExpiresAt: expiry,
      method: 'renew',
    });
    assert.equal(renewed.alreadyDone, false);
    const renewals = sent('RenewDomain', premium);
    assert.deepEqual(
      renewals.map((e) => [e.code, e.params.CLASS]),
      [
        [504, undefined],
        [200, 'PREMIUM_COM_NAMEMEDIA'],
      ],
    );
    const paidUntil = sandbox.domain(premium)!.paidUntil;
    await registrar.renew({ domain: premium, periodYears: 1, currentExpiresAt: paidUntil, method: 'pay' });
    assert.deepEqual(
      sent('PayDomainRenewal', premium).map((e) => e.params.CLASS),
      [undefined, 'PREMIUM_COM_NAMEMEDIA'],
    );
    assert.equal(sandbox.charges({ domain: premium }).filter((c) => c.kind !== 'register').length, 2);
  });

  it('RestoreDomain sends RENEWALMODE=AUTOEXPIRE (the account default would auto-renew) and CLASS for a premium name', async () => {
    // The sandbox as the reference says: without RENEWALMODE the restored domain gets the account default.
    sandbox.seedDomain({ domain: 'raw-restore.com', nameservers: NS });
    sandbox.deleteDomain('raw-restore.com');
    assert.equal((await call({ COMMAND: 'RestoreDomain', DOMAIN: 'raw-restore.com' })).code, 200);
    assert.equal(sandbox.domain('raw-restore.com')!.renewalMode, 'AUTORENEW');

    sandbox.seedDomain({ domain: 'restored.com', nameservers: NS });
    sandbox.deleteDomain('restored.com');
    await registrar.restore({ domain: 'restored.com', phase: 'hard-quarantine' });
    assert.equal(sent('RestoreDomain', 'restored.com')[0]!.params.RENEWALMODE, 'AUTOEXPIRE');
    assert.equal(sandbox.domain('restored.com')!.renewalMode, 'AUTOEXPIRE');

    await registrar.register(premiumOrder(premium));
    sandbox.deleteDomain(premium);
    const result = await registrar.restore({ domain: premium, phase: 'hard-quarantine' });
    assert.equal(result.alreadyDone, false);
    assert.deepEqual(
      sent('RestoreDomain', premium).map((e) => [e.code, e.params.CLASS]),
      [
        [504, undefined],
        [200, 'PREMIUM_COM_NAMEMEDIA'],
      ],
    );
    assert.equal(sandbox.domain(premium)!.renewalMode, 'AUTOEXPIRE');
  });
});

describe('ModifyDomain PENDING=1', () => {
  it('is not done until StatusDomain shows the change; a retry after it applied finds it', async () => {
    sandbox.seedDomain({ domain: 'slow-registry.com', nameservers: NS });
    sandbox.setUpdatePolicy({ mode: 'pending', afterMs: 60_000 });
    const wanted = ['ns1.new.example', 'ns2.new.example'];
    await assert.rejects(registrar.setNameservers('slow-registry.com', wanted), (err: unknown) => {
      assert.ok(err instanceof RegistrarTemporaryError, String(err));
      assert.match(err.message, /PENDING=1/);
      return true;
    });
    assert.deepEqual((await registrar.getDomain('slow-registry.com'))!.nameservers, NS, 'not applied yet');
    await assert.rejects(registrar.setTransferLock('slow-registry.com', true), RegistrarTemporaryError);

    clock = new Date(START.getTime() + 60_000);
    const info = await registrar.getDomain('slow-registry.com');
    assert.deepEqual(info!.nameservers, wanted);
    assert.equal(info!.transferLock, true, 'an update sent while one was held joins it');
    await registrar.setPrivacy('slow-registry.com', false);
  });

  it('a registrant update (ModifyDomain OWNERCONTACT0) answered PENDING=1 is done once the new owner shows', async () => {
    const changer = new IspapiRegistrantChanger(client);
    sandbox.seedDomain({ domain: 'slow-owner.com', nameservers: NS, owner: { FIRSTNAME: 'Jan', LASTNAME: 'Jansen' } });
    sandbox.setUpdatePolicy({ mode: 'pending', afterMs: 60_000 });
    const request = { domain: 'slow-owner.com', registrant: { contact: OWNER }, extras: {} };
    await assert.rejects(changer.updateOwner(request), RegistrarTemporaryError);
    assert.equal((await changer.currentRegistrant('slow-owner.com')).firstName, 'Jan');
    clock = new Date(START.getTime() + 60_000);
    await changer.updateOwner(request);
    assert.equal((await changer.currentRegistrant('slow-owner.com')).firstName, 'Jo');
  });

  it('answered at once (no PENDING), no read-back is made', async () => {
    sandbox.seedDomain({ domain: 'fast-registry.com', nameservers: NS });
    await registrar.setNameservers('fast-registry.com', ['ns1.new.example', 'ns2.new.example']);
    assert.equal(sent('StatusDomain', 'fast-registry.com').length, 0);
    assert.deepEqual(sandbox.domain('fast-registry.com')!.nameservers, ['ns1.new.example', 'ns2.new.example']);
  });
});

describe('TradeDomain: X-CONFIRM-DA-OLD-REGISTRANT skips the old registrant confirmation', () => {
  const NEW: Contact = { ...OWNER, firstName: 'Eva', lastName: 'Smit', email: 'eva@example.nl' };
  const OLD = { FIRSTNAME: 'Jan', LASTNAME: 'Jansen', EMAIL: 'jan@example.nl' };
  const trade = (domain: string, flags: Record<string, number>) =>
    call({
      COMMAND: 'TradeDomain',
      DOMAIN: domain,
      OWNERCONTACT0FIRSTNAME: 'Eva',
      OWNERCONTACT0LASTNAME: 'Smit',
      OWNERCONTACT0EMAIL: 'eva@example.nl',
      ...flags,
    });

  it('the sandbox: NEW is required on an IRTP trade; NEW alone waits for the old registrant, OLD+NEW is immediate', async () => {
    for (const d of ['only-old.com', 'only-new.com', 'both.com'])
      sandbox.seedDomain({ domain: d, nameservers: NS, owner: OLD });
    const onlyOld = await trade('only-old.com', { 'X-CONFIRM-DA-OLD-REGISTRANT': 1 });
    assert.equal(onlyOld.code, 504);
    assert.match(onlyOld.description, /X-CONFIRM-DA-NEW-REGISTRANT/);
    const onlyNew = await trade('only-new.com', { 'X-CONFIRM-DA-NEW-REGISTRANT': 1 });
    assert.equal(onlyNew.pending, true);
    const waiting = await call({ COMMAND: 'QueryDomainPendingRegistrantVerificationList', DOMAIN: 'only-new.com' });
    assert.deepEqual(waiting.properties['X-REGISTRANT-VERIFICATION-EMAIL'], ['jan@example.nl']);
    const both = await trade('both.com', { 'X-CONFIRM-DA-OLD-REGISTRANT': 1, 'X-CONFIRM-DA-NEW-REGISTRANT': 1 });
    assert.match(both.description, /realtime domain trade succeeded/);
  });

  it('a second TradeDomain while one is pending answers 536 (the reference code), read as already requested', async () => {
    const changer = new IspapiRegistrantChanger(client);
    sandbox.seedDomain({ domain: 'twice.com', nameservers: NS, owner: OLD });
    const request = { registrant: { contact: NEW }, extras: {}, optOutTransferLock: false } as const;
    await changer.tradeDomain({ domain: 'twice.com', ...request, confirmation: 'old-registrant' });
    sandbox.injectFault({ command: 'StatusDomainTrade', fault: 'code', code: 545 });
    const again = await changer.tradeDomain({ domain: 'twice.com', ...request, confirmation: 'old-registrant' });
    assert.deepEqual([again.state, again.alreadyRequested], ['pending', true]);
    assert.deepEqual(
      sent('TradeDomain', 'twice.com').map((e) => e.code),
      [200, 536],
    );
  });

  it('the adapter: old-registrant mode sends NEW only (pending, mail to the old registrant); designated-agent both', async () => {
    const changer = new IspapiRegistrantChanger(client);
    sandbox.seedDomain({ domain: 'mailed.com', nameservers: NS, owner: OLD });
    sandbox.seedDomain({ domain: 'agent.com', nameservers: NS, owner: OLD });
    const request = { registrant: { contact: NEW }, extras: {}, optOutTransferLock: false } as const;
    const mailed = await changer.tradeDomain({ domain: 'mailed.com', ...request, confirmation: 'old-registrant' });
    assert.equal(mailed.state, 'pending');
    const [m] = sent('TradeDomain', 'mailed.com');
    assert.deepEqual(
      [m!.params['X-CONFIRM-DA-NEW-REGISTRANT'], m!.params['X-CONFIRM-DA-OLD-REGISTRANT']],
      ['1', undefined],
    );
    const agent = await changer.tradeDomain({ domain: 'agent.com', ...request, confirmation: 'designated-agent' });
    assert.equal(agent.state, 'completed');
  });
});

describe('premium registration: the registrar auto-renewal off before register returns (point 7)', () => {
  it('a failed SetDomainRenewalMode is retried until StatusDomain shows AUTOEXPIRE', async () => {
    sandbox.injectFault({ command: 'SetDomainRenewalMode', fault: 'code', code: 421 });
    await registrar.register(premiumOrder('premium-retry.com'));
    assert.equal(sandbox.domain('premium-retry.com')!.renewalMode, 'AUTOEXPIRE');
    assert.equal(sandbox.faults().fired.length, 1, 'the first SetDomainRenewalMode was answered 421');
    assert.equal(sent('SetDomainRenewalMode').length, 1, 'then sent again and executed');
  });

  it('a domain not visible yet at the first read is read again, then set', async () => {
    sandbox.injectFault({ command: 'StatusDomain', fault: 'code', code: 545, times: 2 });
    const result = await registrar.register(premiumOrder('premium-late.com'));
    assert.equal(result.state, 'active');
    assert.equal(sandbox.domain('premium-late.com')!.renewalMode, 'AUTOEXPIRE');
  });

  it('a domain that never shows within the waits: the order stands, reported pending, bought once', async () => {
    sandbox.injectFault({ command: 'StatusDomain', fault: 'code', code: 545, times: 'always' });
    const result = await registrar.register(premiumOrder('premium-unseen.com'));
    assert.equal(result.state, 'pending');
    assert.equal(result.settingsPending, true, 'the workflow is told to register again once active');
    assert.match(result.reference ?? '', /^\d+$/, 'the application id stands for the order');
    assert.equal(sent('AddDomainApplication').length, 1);
    assert.equal(sent('SetDomainRenewalMode').length, 0, 'nothing to set on a domain not seen');
  });

  it('a renewal mode that never holds is an error to retry, not a silent success', async () => {
    sandbox.injectFault({ command: 'SetDomainRenewalMode', fault: 'code', code: 421, times: 'always' });
    await assert.rejects(registrar.register(premiumOrder('premium-stuck.com')), RegistrarTemporaryError);
    sandbox.clearFaults();
    // The retried register finds the domain (no second purchase) and sets the mode.
    const again = await registrar.register(premiumOrder('premium-stuck.com'));
    assert.equal(again.alreadyRegistered, true);
    assert.equal(sent('AddDomainApplication').length, 1);
    assert.equal(sandbox.domain('premium-stuck.com')!.renewalMode, 'AUTOEXPIRE');
  });
});
