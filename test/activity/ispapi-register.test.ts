import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import type { Contact } from '../../src/domain/contact';
import type { IspapiRegistrar } from '../../src/registrars/ispapi/adapter';
import type { IspapiClient } from '../../src/registrars/ispapi/client';
import { RegistrarRejectedError, RegistrarUnsupportedError } from '../../src/registrars/errors';
import type { RegisterRequest } from '../../src/registrars/registrar';
import type { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { startIspapi, type IspapiSetup } from '../helpers/registrars';

const START = new Date('2026-02-01T08:00:00Z');
let clock = new Date(START);
const advance = (ms: number): void => {
  clock = new Date(clock.getTime() + ms);
};

const OWNER: Contact = {
  firstName: 'Jo',
  lastName: 'Doe',
  organisation: 'Doe Trading B.V.',
  street: ['Main Street 1', 'Floor 2'],
  city: 'Amsterdam',
  postalCode: '1011AA',
  countryCode: 'NL',
  phone: '+31.201234567',
  email: 'jo@example.com',
};
const NS = ['ns1.dns.example', 'ns2.dns.example'];

function registration(domain: string, overrides: Partial<RegisterRequest> = {}): RegisterRequest {
  return {
    domain,
    periodYears: 2,
    nameservers: NS,
    contacts: {
      owner: { contact: OWNER },
      admin: { contact: OWNER },
      tech: { handle: techHandle },
      billing: { contact: OWNER },
    },
    extras: {},
    ...overrides,
  };
}

let sandbox: IspapiSandbox;
let client: IspapiClient;
let registrar: IspapiRegistrar;

let setup: IspapiSetup;
before(async () => {
  setup = await startIspapi({
    sandbox: { now: () => clock },
    client: { connectTimeoutMs: 1000, requestTimeoutMs: 2000 },
  });
  ({ sandbox, client, adapter: registrar } = setup);
});

after(() => setup.close());

/** A handle the registry knows (an unknown one is 545 since issue 14). */
let techHandle = '';
beforeEach(() => {
  sandbox.reset();
  clock = new Date(START);
  techHandle = sandbox.seedContact({ FIRSTNAME: 'Tech', LASTNAME: 'Team', EMAIL: 'tech@example.com' });
});

async function control(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await request(`${sandbox.baseUrl}${path}`, {
    method: method as 'GET',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.statusCode, json: await res.body.json() };
}

function rejectedWith(code: string, description?: RegExp) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof RegistrarRejectedError, `expected RegistrarRejectedError, got ${String(err)}`);
    assert.equal(err.details.code, code);
    if (description) assert.match(err.details.description ?? '', description);
    return true;
  };
}

describe('IspapiRegistrar capabilities and contacts', () => {
  it('takes contacts inline: no handles, privacy supported, ensureContact unsupported', async () => {
    assert.deepEqual(registrar.capabilities, {
      transfer: true,
      transferLock: true,
      register: true,
      contactHandles: false,
      privacy: true,
    });
    await assert.rejects(registrar.ensureContact(), RegistrarUnsupportedError);
  });
});

describe('IspapiRegistrar.checkAvailability', () => {
  it('maps available, taken, premium (with price), reserved and unsupported', async () => {
    sandbox.seedExternalDomain({ domain: 'held-elsewhere.com', authCode: 'x', nameservers: NS });
    sandbox.seedDomain({ domain: 'mine-already.com', nameservers: NS });
    const result = await registrar.checkAvailability([
      'unregistered-shop.com',
      'held-elsewhere.com',
      'mine-already.com',
      'premium-cars.com',
      'reserved-bank.com',
      'something.invalidtld',
    ]);
    assert.deepEqual(
      result.map((r) => [r.domain, r.status]),
      [
        ['unregistered-shop.com', 'available'],
        ['held-elsewhere.com', 'taken'],
        ['mine-already.com', 'taken'],
        ['premium-cars.com', 'premium'],
        ['reserved-bank.com', 'reserved'],
        ['something.invalidtld', 'unsupported'],
      ],
    );
    assert.deepEqual(result[3]!.premiumPrice, { amount: '120.00', currency: 'USD' });
    assert.equal(result[0]!.premiumPrice, undefined);
    assert.match(result[4]!.reason ?? '', /reserved/i);
    assert.equal(result[1]!.reason, 'Domain name not available');
    const sent = sandbox.journal({ command: 'CheckDomains' });
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.params.PREMIUMCHANNELS, '*');
    assert.equal(sent[0]!.params.DOMAIN5, 'something.invalidtld');
  });

  it('uses a premium price set on the sandbox and sends 25 names per CheckDomains', async () => {
    sandbox.setPremium('unregistered-gold.net', { amount: '999.00', currency: 'EUR' });
    const names = Array.from({ length: 30 }, (_, i) => `unregistered-${i}.com`);
    names[27] = 'unregistered-gold.net';
    const result = await registrar.checkAvailability(names);
    assert.equal(result.length, 30);
    assert.deepEqual(result[27], {
      domain: 'unregistered-gold.net',
      status: 'premium',
      premiumPrice: { amount: '999.00', currency: 'EUR' },
      // the CLASS CheckDomains answers (domainflow check shows it)
      premiumClass: 'PREMIUM_NET_NAMEMEDIA',
      reason: 'Premium Domain name',
    });
    assert.ok(result.filter((_, i) => i !== 27).every((r) => r.status === 'available'));
    const sent = sandbox.journal({ command: 'CheckDomains' });
    assert.deepEqual(
      sent.map((e) => Object.keys(e.params).filter((k) => /^DOMAIN\d+$/.test(k)).length),
      [25, 5],
    );
  });
});

describe('IspapiRegistrar.register', () => {
  it('registers with inline contacts and RENEWALMODE=AUTOEXPIRE, visible in the journal and StatusDomain', async () => {
    const domain = 'unregistered-active.com';
    const result = await registrar.register(registration(domain));
    const view = sandbox.domain(domain);
    assert.ok(view);
    assert.deepEqual(result, {
      state: 'active',
      alreadyRegistered: false,
      expiresAt: '2028-02-01T08:00:00.000Z',
      reference: view.roid,
    });

    const [add, ...more] = sandbox.journal({ command: 'AddDomain', domain });
    assert.equal(more.length, 0);
    assert.equal(add!.code, 200);
    const p = add!.params;
    assert.equal(p.RENEWALMODE, 'AUTOEXPIRE');
    assert.equal(p.PERIOD, '2');
    assert.equal(p.NAMESERVER1, 'ns2.dns.example');
    assert.equal(p.OWNERCONTACT0FIRSTNAME, 'Jo');
    assert.equal(p.OWNERCONTACT0ORGANIZATION, 'Doe Trading B.V.');
    assert.equal(p.OWNERCONTACT0STREET, 'Main Street 1 , Floor 2');
    assert.equal(p.OWNERCONTACT0ZIP, '1011AA');
    assert.equal(p.OWNERCONTACT0COUNTRY, 'NL');
    assert.equal(p.OWNERCONTACT0FAX, undefined, 'absent optional fields are not sent');
    assert.equal(p.TECHCONTACT0, techHandle);

    assert.equal(view.renewalMode, 'AUTOEXPIRE');
    assert.deepEqual(view.nameservers, NS);
    // Identical inline data: one handle, as the API reuses it.
    assert.match(view.contacts.owner, /^P-/);
    assert.equal(view.contacts.admin, view.contacts.owner);
    assert.equal(view.contacts.billing, view.contacts.owner);
    assert.equal(view.contacts.tech, techHandle);
    assert.equal(sandbox.contact(view.contacts.owner)?.EMAIL, 'jo@example.com');

    const info = await registrar.getDomain(domain);
    assert.equal(info?.state, 'active');
    assert.equal(info?.privacy, false);
    assert.equal(info?.reference, view.roid);
    const status = await client.call({ COMMAND: 'StatusDomain', DOMAIN: domain });
    assert.deepEqual(status.properties.RENEWALMODE, ['AUTOEXPIRE']);
    assert.deepEqual(status.properties.OWNERCONTACT, [view.contacts.owner]);
  });

  it('is idempotent: a second register sends no second AddDomain', async () => {
    const domain = 'unregistered-twice.com';
    const first = await registrar.register(registration(domain));
    clock = new Date(START.getTime() + 60_000);
    const second = await registrar.register(registration(domain));
    assert.equal(first.alreadyRegistered, false);
    assert.deepEqual(second, { ...first, alreadyRegistered: true });
    assert.equal(sandbox.journal({ command: 'AddDomain' }).length, 1);
  });

  it('a name registered by someone else is rejected with 554', async () => {
    sandbox.seedExternalDomain({ domain: 'taken-by-other.com', authCode: 'x', nameservers: NS });
    await assert.rejects(registrar.register(registration('taken-by-other.com')), rejectedWith('554'));
  });

  it('pending registration (policy) becomes active once the sandbox clock passes the delay', async () => {
    sandbox.setRegistrationPolicy({ mode: 'pending', afterMs: 10 * 60_000 });
    const domain = 'unregistered-slow.com';
    const result = await registrar.register(registration(domain));
    assert.equal(result.state, 'pending');
    assert.equal(result.alreadyRegistered, false);
    assert.ok(result.reference);
    const pending = await registrar.getDomain(domain);
    assert.equal(pending?.state, 'pending');
    assert.deepEqual(pending?.statuses, ['REQUESTEDCREATE']);
    // A retry while pending reports it, it does not order again.
    assert.deepEqual(await registrar.register(registration(domain)), {
      ...result,
      alreadyRegistered: true,
      expiresAt: pending?.expiresAt,
    });
    // Changes wait for the registry.
    await assert.rejects(registrar.setPrivacy(domain, true), rejectedWith('552'));

    advance(10 * 60_000 - 1);
    assert.equal((await registrar.getDomain(domain))?.state, 'pending');
    advance(1);
    const active = await registrar.getDomain(domain);
    assert.equal(active?.state, 'active');
    assert.deepEqual(active?.statuses, ['ACTIVE']);
    assert.equal(active?.expiresAt, '2028-02-01T08:10:00.000Z', 'the term starts at creation');
    assert.equal(sandbox.journal({ command: 'AddDomain' }).length, 1);
    const add = sandbox.journal({ command: 'AddDomain' })[0]!;
    assert.equal(add.code, 200);
  });

  it('pending AddDomain answers PENDING=1 with STATUS REQUESTEDCREATE; activation over HTTP', async () => {
    const policy = await control('PUT', '/_sandbox/registration-policy', { mode: 'pending', afterMs: 3_600_000 });
    assert.equal(policy.status, 200);
    assert.equal((await control('PUT', '/_sandbox/registration-policy', { mode: 'later' })).status, 400);
    const domain = 'unregistered-manual.com';
    const raw = await client.call({
      COMMAND: 'AddDomain',
      DOMAIN: domain,
      ...Object.fromEntries(
        ['OWNERCONTACT0', 'ADMINCONTACT0', 'TECHCONTACT0', 'BILLINGCONTACT0'].map((role) => [
          role,
          { FIRSTNAME: 'Jo', LASTNAME: 'Doe', EMAIL: 'jo@example.com' },
        ]),
      ),
    });
    assert.equal(raw.pending, true);
    assert.deepEqual(raw.properties.STATUS, ['REQUESTEDCREATE']);
    assert.equal((await registrar.getDomain(domain))?.state, 'pending');
    const activated = await control('POST', `/_sandbox/registrations/${domain}/activate`);
    assert.equal(activated.status, 200);
    assert.deepEqual((activated.json as { statuses: string[] }).statuses, ['ACTIVE']);
    assert.equal((await registrar.getDomain(domain))?.state, 'active');
    assert.equal((await control('POST', `/_sandbox/registrations/${domain}/activate`)).status, 404);
  });

  it('premium: refused without a price (504 CLASS=PREMIUM_...), refused at another price (541)', async () => {
    const domain = 'premium-cars.com';
    await assert.rejects(registrar.register(registration(domain)), rejectedWith('504', /CLASS=PREMIUM_COM_/));
    await assert.rejects(
      registrar.register(registration(domain, { premiumPrice: { amount: '100.00', currency: 'USD' } })),
      rejectedWith('541', /PRICE/),
    );
    assert.equal(sandbox.domain(domain), undefined);
  });

  it('premium: bought with the quoted price through AddDomainApplication, ends ACTIVE and AUTOEXPIRE', async () => {
    const domain = 'premium-cars.com';
    const [quote] = await registrar.checkAvailability([domain]);
    assert.equal(quote?.status, 'premium');
    const result = await registrar.register(registration(domain, { premiumPrice: quote!.premiumPrice! }));
    assert.equal(result.state, 'active');
    assert.equal(result.alreadyRegistered, false);
    assert.equal(result.expiresAt, '2028-02-01T08:00:00.000Z');

    assert.equal(sandbox.journal({ command: 'AddDomain' }).length, 0);
    const [app] = sandbox.journal({ command: 'AddDomainApplication', domain });
    assert.equal(app?.code, 200);
    assert.equal(app.params.CLASS, 'PREMIUM_COM_NAMEMEDIA');
    assert.equal(app.params.PRICE, '120.00');
    assert.equal(app.params.CURRENCY, 'USD');
    assert.equal(app.params['X-ACCEPT-WHOISTRUSTEE-TAC'], undefined);
    // The application takes no RENEWALMODE: the adapter sets it right after.
    assert.equal(sandbox.journal({ command: 'SetDomainRenewalMode', domain })[0]?.params.RENEWALMODE, 'AUTOEXPIRE');
    const view = sandbox.domain(domain);
    assert.equal(view?.renewalMode, 'AUTOEXPIRE');
    assert.equal(view?.premiumClass, 'PREMIUM_COM_NAMEMEDIA');
    assert.equal(result.reference, view?.roid);
    assert.equal((await registrar.checkAvailability([domain]))[0]?.status, 'taken');
  });

  it('.ca: legalType goes out as X-CA-LEGALTYPE and shows in StatusDomain; missing -> 504', async () => {
    await assert.rejects(
      registrar.register(registration('unregistered-maple.ca')),
      rejectedWith('504', /X-CA-LEGALTYPE/),
    );
    const result = await registrar.register(registration('unregistered-maple.ca', { extras: { legalType: 'CCO' } }));
    assert.equal(result.state, 'active');
    const sent = sandbox.journal({ command: 'AddDomain', domain: 'unregistered-maple.ca' });
    assert.equal(sent.length, 2);
    assert.equal(sent[1]!.params['X-CA-LEGALTYPE'], 'CCO');
    assert.deepEqual(sandbox.domain('unregistered-maple.ca')?.extras, { 'X-CA-LEGALTYPE': 'CCO' });
    const status = await client.call({ COMMAND: 'StatusDomain', DOMAIN: 'unregistered-maple.ca' });
    assert.deepEqual(status.properties['X-CA-LEGALTYPE'], ['CCO']);
  });

  it('an extra the TLD does not use is refused before anything is ordered', async () => {
    await assert.rejects(
      registrar.register(registration('unregistered-plain.com', { extras: { legalType: 'CCO' } })),
      (err: unknown) => err instanceof RegistrarRejectedError && /legalType/.test(err.message),
    );
    assert.equal(sandbox.journal({ command: 'AddDomain' }).length, 0);
  });
});

describe('IspapiRegistrar.setPrivacy and getDomain', () => {
  it('sets X-ACCEPT-WHOISTRUSTEE-TAC and reads it back', async () => {
    const domain = 'unregistered-private.com';
    await registrar.register(registration(domain));
    await registrar.setPrivacy(domain, true);
    assert.equal(sandbox.journal({ command: 'ModifyDomain', domain })[0]?.params['X-ACCEPT-WHOISTRUSTEE-TAC'], '1');
    assert.equal(sandbox.domain(domain)?.privacy, true);
    const on = await registrar.getDomain(domain);
    assert.equal(on?.privacy, true);
    assert.equal(on?.state, 'active');
    await registrar.setPrivacy(domain, false);
    assert.equal((await registrar.getDomain(domain))?.privacy, false);
  });

  it('a domain not in the account is null; setPrivacy on it is rejected (545)', async () => {
    assert.equal(await registrar.getDomain('unregistered-nowhere.com'), null);
    await assert.rejects(registrar.setPrivacy('unregistered-nowhere.com', true), rejectedWith('545'));
  });
});

describe('ISPAPI sandbox registration rules (raw commands)', () => {
  const contact = { FIRSTNAME: 'Jo', LASTNAME: 'Doe', EMAIL: 'jo@example.com' };
  // AddDomain lists all four roles with Min 1 (reference): a command without one is 504.
  const roles = (c: Record<string, string>) => ({
    OWNERCONTACT0: c,
    ADMINCONTACT0: c,
    TECHCONTACT0: c,
    BILLINGCONTACT0: c,
  });

  it('AddDomain without an owner contact: 504 naming OWNERCONTACT0', async () => {
    const { OWNERCONTACT0: _owner, ...others } = roles(contact);
    const res = await client.send({ COMMAND: 'AddDomain', DOMAIN: 'unregistered-noowner.com', ...others });
    assert.equal(res.code, 504);
    assert.match(res.description, /^Missing required attribute; OWNERCONTACT0$/);
    assert.equal(sandbox.domain('unregistered-noowner.com'), undefined);
  });

  it('AddDomain without RENEWALMODE gets the account default AUTORENEW (the double-renewal trap)', async () => {
    const res = await client.send({ COMMAND: 'AddDomain', DOMAIN: 'unregistered-default.com', ...roles(contact) });
    assert.equal(res.code, 200);
    const status = await client.call({ COMMAND: 'StatusDomain', DOMAIN: 'unregistered-default.com' });
    assert.deepEqual(status.properties.RENEWALMODE, ['AUTORENEW']);
    assert.deepEqual(status.properties.NEXTACTION, ['pay']);
  });

  it('a register retry fixes a renewal mode other than AUTOEXPIRE', async () => {
    const domain = 'unregistered-fixmode.com';
    await client.call({ COMMAND: 'AddDomain', DOMAIN: domain, ...roles(contact) });
    const again = await registrar.register(registration(domain));
    assert.equal(again.alreadyRegistered, true);
    assert.equal(sandbox.domain(domain)?.renewalMode, 'AUTOEXPIRE');
  });

  it('identical inline contacts share a handle, different ones do not; a misspelt key is 503', async () => {
    await client.call({ COMMAND: 'AddDomain', DOMAIN: 'unregistered-a.com', ...roles(contact) });
    await client.call({ COMMAND: 'AddDomain', DOMAIN: 'unregistered-b.com', ...roles(contact) });
    await client.call({
      COMMAND: 'AddDomain',
      DOMAIN: 'unregistered-c.com',
      ...roles({ ...contact, LASTNAME: 'Roe' }),
    });
    const a = sandbox.domain('unregistered-a.com')?.contacts.owner;
    assert.ok(a);
    assert.equal(sandbox.domain('unregistered-b.com')?.contacts.owner, a);
    assert.notEqual(sandbox.domain('unregistered-c.com')?.contacts.owner, a);
    const typo = await client.send({
      COMMAND: 'AddDomain',
      DOMAIN: 'unregistered-d.com',
      ...roles({ ...contact, ORGANISATION: 'Doe' }),
    });
    assert.equal(typo.code, 503);
  });

  it('AddDomain refuses an unsupported TLD (549) and a reserved name (541)', async () => {
    const tld = await client.send({ COMMAND: 'AddDomain', DOMAIN: 'x.invalidtld', ...roles(contact) });
    assert.equal(tld.code, 549);
    const reserved = await client.send({ COMMAND: 'AddDomain', DOMAIN: 'reserved-bank.com', ...roles(contact) });
    assert.equal(reserved.code, 541);
  });

  it('AddDomainApplication: an unknown class is 506, a premium class on a normal name is 541', async () => {
    const backorder = await client.send({
      COMMAND: 'AddDomainApplication',
      CLASS: 'LANDRUSH',
      DOMAIN: 'unregistered-x.com',
      PERIOD: 1,
      ...roles(contact),
    });
    assert.equal(backorder.code, 506);
    const notPremium = await client.send({
      COMMAND: 'AddDomainApplication',
      CLASS: 'PREMIUM_COM_NAMEMEDIA',
      DOMAIN: 'unregistered-x.com',
      PERIOD: 1,
      ...roles(contact),
      PRICE: '120.00',
      CURRENCY: 'USD',
    });
    assert.equal(notPremium.code, 541);
  });

  it('setPremium over HTTP prices a name; null makes a "premium-" name ordinary', async () => {
    const put = await control('PUT', '/_sandbox/premium/unregistered-rich.com', { amount: '50.00', currency: 'EUR' });
    assert.equal(put.status, 200);
    assert.equal((await control('PUT', '/_sandbox/premium/unregistered-rich.com', { amount: 'lots' })).status, 400);
    sandbox.setPremium('premium-plain.com', null);
    const [rich, plain] = await registrar.checkAvailability(['unregistered-rich.com', 'premium-plain.com']);
    assert.deepEqual(rich?.premiumPrice, { amount: '50.00', currency: 'EUR' });
    assert.equal(plain?.status, 'available');
  });
});
