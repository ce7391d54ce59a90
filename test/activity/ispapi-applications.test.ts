import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import type { Contact, ContactRole } from '../../src/domain/contact';
import type { ContactInput } from '../../src/registrars/registrar';
import type { IspapiRegistrar } from '../../src/registrars/ispapi/adapter';
import type { IspapiClient } from '../../src/registrars/ispapi/client';
import { RegistrarFundsError, RegistrarTemporaryError } from '../../src/registrars/errors';
import { isApplicationRegistrar } from '../../src/registrars/application';
import { isBackorderRegistrar } from '../../src/registrars/backorder';
import type { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { startIspapi, type IspapiSetup } from '../helpers/registrars';

const START = new Date('2026-03-01T10:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NS = ['ns1.apply.example', 'ns2.apply.example'];
const UID = 'CHE109322551';

const person = (first: string, email: string): Contact => ({
  firstName: first,
  lastName: 'Muster',
  street: ['Bahnhofstrasse 1'],
  city: 'Zürich',
  postalCode: '8001',
  countryCode: 'CH',
  phone: '+41.441234567',
  email,
});
const ANNA = person('Anna', 'anna@example.ch');
const BEN = person('Ben', 'ben@example.ch');
const inline = (c: Contact): Record<ContactRole, ContactInput> => ({
  owner: { contact: c },
  admin: { contact: c },
  tech: { contact: c },
  billing: { contact: c },
});

let sandbox: IspapiSandbox;
let client: IspapiClient;
let registrar: IspapiRegistrar;

let setup: IspapiSetup;
before(async () => {
  setup = await startIspapi({
    sandbox: { now: () => START },
    client: { connectTimeoutMs: 1000, requestTimeoutMs: 2000 },
  });
  ({ sandbox, client, adapter: registrar } = setup);
});
after(() => setup.close());
beforeEach(() => sandbox.reset());

const now = () => Date.parse(sandbox.clock().now);
const count = (command: string, domain?: string) => sandbox.journal({ command, domain }).length;

describe('the ISPAPI adapter offers backorders and applications', () => {
  it('implements both interfaces', () => {
    assert.ok(isBackorderRegistrar(registrar));
    assert.ok(isApplicationRegistrar(registrar));
  });
});

describe('dropDate: QueryDomainPendingDeleteList', () => {
  it('reads FINALIZATIONDATE as ISO UTC; undefined when not listed or already dropped', async () => {
    sandbox.seedDrop({ domain: 'dropping-name.com', dropAt: new Date(now() + 2 * DAY + 1234) });
    sandbox.seedDrop({ domain: 'other-drop.net', dropAt: new Date(now() + DAY) });
    assert.equal(await registrar.dropDate('dropping-name.com'), '2026-03-03T10:00:01.000Z');
    assert.equal(await registrar.dropDate('not-dropping.com'), undefined);
    // The reference's filters (the list has no DOMAIN parameter: 503): the label and the zone.
    const call = sandbox.journal({ command: 'QueryDomainPendingDeleteList' })[0]!;
    assert.deepEqual(
      [call.params.KEYWORD0, call.params.KEYWORDMATCH, call.params.ZONE0, call.params.DOMAIN],
      ['dropping-name', 'BEGIN', 'com', undefined],
    );
    // A longer name with the same beginning is listed too, and never taken for this one.
    sandbox.seedDrop({ domain: 'dropping-name-two.com', dropAt: new Date(now() + DAY) });
    assert.equal(await registrar.dropDate('dropping-name.com'), '2026-03-03T10:00:01.000Z');
    assert.equal(await registrar.dropDate('dropping-name-two.com'), '2026-03-02T10:00:00.000Z');
    sandbox.advanceClock(3 * DAY);
    assert.equal(await registrar.dropDate('dropping-name.com'), undefined, 'dropped names leave the list');
  });

  it('the list filters by ZONE and KEYWORD (the reference filters) and has the documented columns', async () => {
    sandbox.seedDrop({ domain: 'a-drop.com', dropAt: new Date(now() + 2 * HOUR) });
    sandbox.seedDrop({ domain: 'b-drop.com', dropAt: new Date(now() + HOUR) });
    sandbox.seedDrop({ domain: 'c-drop.net', dropAt: new Date(now() + 3 * HOUR), score: 77 });
    const com = await client.call({ COMMAND: 'QueryDomainPendingDeleteList', ZONE: ['com'] });
    assert.deepEqual(com.properties.DOMAIN, ['b-drop.com', 'a-drop.com'], 'ordered by drop date');
    assert.deepEqual(com.properties.SUBCLASS, ['COM', 'COM']);
    assert.deepEqual(com.properties.FINALIZATIONDATE, ['2026-03-01 11:00:00', '2026-03-01 12:00:00']);
    assert.equal(com.properties.TOTAL?.[0], '2');
    const net = await client.call({ COMMAND: 'QueryDomainPendingDeleteList', KEYWORD: ['c-'], KEYWORDMATCH: 'BEGIN' });
    assert.deepEqual(net.properties.DOMAIN, ['c-drop.net']);
    assert.deepEqual(net.properties.SCORE, ['77']);
    const ends = await client.call({ COMMAND: 'QueryDomainPendingDeleteList', KEYWORD: ['drop'], KEYWORDMATCH: 'END' });
    assert.deepEqual(ends.properties.DOMAIN, ['b-drop.com', 'a-drop.com', 'c-drop.net']);
    const both = await client.call({
      COMMAND: 'QueryDomainPendingDeleteList',
      KEYWORD: ['a', 'drop'],
      KEYWORDCATENATION: 'AND',
      ORDERBY: 'NAMEDESC',
    });
    assert.deepEqual(both.properties.DOMAIN, ['a-drop.com']);
    // what the reference does not list is refused, naming the parameter
    for (const [params, answer] of [
      [{ DOMAIN: 'c-*' }, /^503 Invalid attribute name; DOMAIN$/],
      [{ ORDERBY: 'DOMAIN' }, /^505 .*ORDERBY/],
      [{ LIMIT: 'ten' }, /^505 .*LIMIT/],
    ] as const) {
      const res = await client.send({ COMMAND: 'QueryDomainPendingDeleteList', ...params });
      assert.match(`${res.code} ${res.description}`, answer);
    }
  });
});

describe('placeBackorder / backorderStatus', () => {
  it('places one BACKORDER application with inline contacts: <TLD>_BACKORDER, REQUESTED', async () => {
    const placed = await registrar.placeBackorder({ domain: 'dropping-name.com', contacts: inline(ANNA) });
    assert.equal(placed.status, 'REQUESTED');
    const [add, ...more] = sandbox.journal({ command: 'AddDomainApplication' });
    assert.equal(more.length, 0);
    assert.equal(add!.params.CLASS, 'BACKORDER');
    assert.equal(add!.params.NEW, '1');
    assert.equal(add!.params.OWNERCONTACT0EMAIL, 'anna@example.ch');
    const [app] = sandbox.applications({ domain: 'dropping-name.com' });
    assert.equal(app!.application, placed.reference);
    assert.equal(app!.class, 'COM_BACKORDER');
    assert.equal(sandbox.contact(app!.contacts.owner)?.FIRSTNAME, 'Anna');
  });

  it('a second call for the same customer returns the first application, even after a lost answer', async () => {
    sandbox.loseAnswer({ command: 'AddDomainApplication' });
    await assert.rejects(
      registrar.placeBackorder({ domain: 'lost-answer.com', contacts: inline(ANNA) }),
      RegistrarTemporaryError,
    );
    const retried = await registrar.placeBackorder({ domain: 'lost-answer.com', contacts: inline(ANNA) });
    const again = await registrar.placeBackorder({ domain: 'lost-answer.com', contacts: inline(ANNA) });
    assert.equal(retried.reference, again.reference);
    assert.equal(sandbox.applications({ domain: 'lost-answer.com' }).length, 1);
    assert.equal(count('AddDomainApplication', 'lost-answer.com'), 1);
  });

  it('two customers on the same domain get two applications; each finds its own again', async () => {
    const a = await registrar.placeBackorder({ domain: 'contested.com', contacts: inline(ANNA) });
    const b = await registrar.placeBackorder({ domain: 'contested.com', contacts: inline(BEN) });
    assert.notEqual(a.reference, b.reference);
    assert.equal(
      (await registrar.placeBackorder({ domain: 'contested.com', contacts: inline(BEN) })).reference,
      b.reference,
    );
    assert.equal(
      (await registrar.placeBackorder({ domain: 'contested.com', contacts: inline(ANNA) })).reference,
      a.reference,
    );
    assert.equal(count('AddDomainApplication', 'contested.com'), 2);
  });

  it('a finished (FAILED) application is not reused: a new backorder places a new one', async () => {
    const first = await registrar.placeBackorder({ domain: 'second-try.com', contacts: inline(ANNA) });
    sandbox.refuseApplication('second-try.com');
    assert.equal((await registrar.backorderStatus(first.reference)).status, 'FAILED');
    const second = await registrar.placeBackorder({ domain: 'second-try.com', contacts: inline(ANNA) });
    assert.notEqual(second.reference, first.reference);
  });

  it("with placedSince a decided application placed since is found again; an earlier backorder's is not", async () => {
    const domain = 'decided-early.com';
    const startedAt = new Date(now() - 10_000).toISOString();
    const first = await registrar.placeBackorder({ domain, contacts: inline(ANNA), placedSince: startedAt });
    sandbox.refuseApplication(domain);
    const retried = await registrar.placeBackorder({ domain, contacts: inline(ANNA), placedSince: startedAt });
    assert.deepEqual(retried, { reference: first.reference, status: 'FAILED' });
    // A backorder started after that one ended (beyond the minute allowed for clock skew) places its own.
    const later = new Date(now() + 120_000).toISOString();
    const own = await registrar.placeBackorder({ domain, contacts: inline(ANNA), placedSince: later });
    assert.notEqual(own.reference, first.reference);
    assert.equal(sandbox.journal({ command: 'AddDomainApplication', domain }).length, 2);
  });

  it('scripted outcomes on the sandbox clock; SUCCESSFUL puts the domain into the account and charges the catch', async () => {
    sandbox.setPrices('com', { backorder: '12.50' });
    sandbox.setApplicationOutcome('caught.com', { status: 'SUCCESSFUL', afterMs: HOUR });
    const placed = await registrar.placeBackorder({ domain: 'caught.com', contacts: inline(ANNA) });
    assert.equal((await registrar.backorderStatus(placed.reference)).status, 'REQUESTED');
    sandbox.advanceClock(HOUR);
    assert.deepEqual(await registrar.backorderStatus(placed.reference), {
      reference: placed.reference,
      status: 'SUCCESSFUL',
    });
    assert.ok(sandbox.domain('caught.com'), 'the caught domain is in the account');
    assert.deepEqual(
      sandbox.charges({ domain: 'caught.com' }).map((c) => `${c.kind}:${c.amount}`),
      ['backorder:12.50'],
    );
  });

  it('several backorders: SUCCESSFUL becomes an auction; resolveAuction picks one winner', async () => {
    const a = await registrar.placeBackorder({ domain: 'auctioned.com', contacts: inline(ANNA) });
    const b = await registrar.placeBackorder({ domain: 'auctioned.com', contacts: inline(BEN) });
    sandbox.setApplicationOutcome('auctioned.com', { status: 'SUCCESSFUL' });
    const pendingA = await registrar.backorderStatus(a.reference);
    assert.equal(pendingA.status, 'AUCTION-PENDING');
    assert.match(pendingA.auctionUrl ?? '', /^https:\/\/premiumsale\.com\/.*auctioned\.com/);
    assert.equal((await registrar.backorderStatus(b.reference)).status, 'AUCTION-PENDING');
    const raw = await client.call({ COMMAND: 'StatusDomainApplication', APPLICATION: a.reference });
    assert.equal(raw.properties['AUCTION-STATUS']?.[0], 'RUNNING');
    assert.equal(raw.properties['AUCTION-CURRENCY']?.[0], 'USD');
    sandbox.resolveAuction('auctioned.com', b.reference);
    assert.equal((await registrar.backorderStatus(a.reference)).status, 'AUCTION-LOST');
    assert.equal((await registrar.backorderStatus(b.reference)).status, 'AUCTION-WON');
    assert.ok(sandbox.domain('auctioned.com'), 'the winner gets the domain');
    assert.equal(sandbox.charges({ domain: 'auctioned.com' }).length, 0, 'an auction is paid at the auction house');
  });

  it('545 (deleted by an admin) is CANCELLED', async () => {
    const placed = await registrar.placeBackorder({ domain: 'deleted-app.com', contacts: inline(ANNA) });
    sandbox.cleanupApplication('deleted-app.com');
    assert.deepEqual(await registrar.backorderStatus(placed.reference), {
      reference: placed.reference,
      status: 'CANCELLED',
    });
    assert.deepEqual(await registrar.backorderStatus('99999999'), { reference: '99999999', status: 'CANCELLED' });
  });

  it('a reseller account that cannot pay the catch is refused (546)', async () => {
    sandbox.setBalance({ amount: '1.00' });
    await assert.rejects(
      registrar.placeBackorder({ domain: 'too-poor.com', contacts: inline(ANNA) }),
      RegistrarFundsError,
    );
  });
});

describe('.swiss: submitApplication / applicationStatus', () => {
  const swiss = (domain: string, overrides: Partial<Parameters<IspapiRegistrar['submitApplication']>[0]> = {}) => ({
    domain,
    contacts: inline(ANNA),
    nameservers: NS,
    enterpriseId: UID,
    intendedUse: 'Online shop for Swiss watches',
    ...overrides,
  });

  it('CLASS=GOLIVE with the UID, intended use, inline contacts and nameservers; nothing registration-only', async () => {
    const answer = await registrar.submitApplication(swiss('new-shop.swiss'));
    assert.equal(answer.status, 'pending');
    assert.equal(answer.registrarStatus, 'REQUESTED');
    const [add] = sandbox.journal({ command: 'AddDomainApplication', domain: 'new-shop.swiss' });
    assert.equal(add!.code, 200);
    assert.equal(add!.params.CLASS, 'GOLIVE');
    assert.equal(add!.params['X-SWISS-UID'], UID);
    assert.equal(add!.params['X-CORE-INTENDED-USE'], 'Online shop for Swiss watches');
    assert.equal(add!.params.NAMESERVER1, NS[1]);
    assert.equal(add!.params.OWNERCONTACT0LASTNAME, 'Muster');
    for (const key of ['TRANSFERLOCK', 'X-ACCEPT-WHOISTRUSTEE-TAC', 'INTERNALDNS']) {
      assert.equal(add!.params[key], undefined, `${key} must not be sent`);
    }
    assert.equal(sandbox.applications({ domain: 'new-shop.swiss' })[0]!.class, 'SWISS_GOLIVE');
  });

  it('submits once: a repeat (or a retry after a lost answer) returns the open application', async () => {
    sandbox.loseAnswer({ command: 'AddDomainApplication' });
    await assert.rejects(registrar.submitApplication(swiss('new-once.swiss')), RegistrarTemporaryError);
    const first = await registrar.submitApplication(swiss('new-once.swiss'));
    const second = await registrar.submitApplication(swiss('new-once.swiss'));
    assert.equal(first.reference, second.reference);
    assert.equal(count('AddDomainApplication', 'new-once.swiss'), 1);
  });

  it('the sandbox enforces the .swiss rules the modules follow', async () => {
    const contact = { FIRSTNAME: 'Anna', LASTNAME: 'Muster', EMAIL: 'anna@example.ch' };
    // PERIOD and TECHCONTACT0 are Min 1 in the reference: without them every case below would be 504.
    const base = {
      COMMAND: 'AddDomainApplication',
      CLASS: 'GOLIVE',
      PERIOD: 1,
      OWNERCONTACT0: contact,
      TECHCONTACT0: contact,
    };
    const intended = { 'X-CORE-INTENDED-USE': 'a shop for Swiss cheese' };
    const noUid = await client.send({ ...base, DOMAIN: 'new-rules.swiss', ...intended });
    assert.equal(noUid.code, 504);
    const badUid = await client.send({
      ...base,
      DOMAIN: 'new-rules.swiss',
      ...intended,
      'X-SWISS-UID': 'CHE123456789',
    });
    assert.equal(badUid.code, 505);
    const noUse = await client.send({ ...base, DOMAIN: 'new-rules.swiss', 'X-SWISS-UID': UID });
    assert.match(`${noUse.code} ${noUse.description}`, /^504 .*X-CORE-INTENDED-USE/);
    const lock = await client.send({
      ...base,
      DOMAIN: 'new-rules.swiss',
      ...intended,
      'X-SWISS-UID': UID,
      TRANSFERLOCK: 1,
    });
    assert.equal(lock.code, 541);
    const dns = await client.send({
      ...base,
      DOMAIN: 'new-rules.swiss',
      ...intended,
      'X-SWISS-UID': UID,
      INTERNALDNS: 1,
    });
    assert.equal(dns.code, 503);
    const legacy = await client.send({
      ...base,
      DOMAIN: 'new-rules.swiss',
      ...intended,
      'X-SWISS-REGISTRANT-ENTERPRISE-ID': UID,
    });
    assert.equal(legacy.code, 503, 'the module-era UID key is not on the reference page');
    const notSwiss = await client.send({ ...base, DOMAIN: 'new-rules.ch', ...intended, 'X-SWISS-UID': UID });
    assert.equal(notSwiss.code, 541);
  });

  it('approved: SUCCESSFUL -> approved and the domain exists with a 1-year expiry', async () => {
    const submitted = await registrar.submitApplication(swiss('new-approved.swiss'));
    assert.equal((await registrar.applicationStatus('new-approved.swiss', submitted.reference)).status, 'pending');
    sandbox.advanceClock(21 * DAY);
    sandbox.approveApplication('new-approved.swiss');
    assert.deepEqual(await registrar.applicationStatus('new-approved.swiss', submitted.reference), {
      reference: submitted.reference,
      status: 'approved',
      registrarStatus: 'SUCCESSFUL',
    });
    const info = await registrar.getDomain('new-approved.swiss');
    assert.equal(info?.expiresAt, new Date(now() + 365 * DAY).toISOString());
  });

  it('refused: FAILED -> refused', async () => {
    const submitted = await registrar.submitApplication(swiss('new-refused.swiss'));
    sandbox.refuseApplication('new-refused.swiss');
    const answer = await registrar.applicationStatus('new-refused.swiss', submitted.reference);
    assert.equal(answer.status, 'refused');
    assert.equal(answer.registrarStatus, 'FAILED');
  });

  it('545 after cleanup: approved when StatusDomain finds the domain, refused (VANISHED) when not', async () => {
    const ok = await registrar.submitApplication(swiss('new-cleaned.swiss'));
    sandbox.approveApplication('new-cleaned.swiss');
    sandbox.cleanupApplication('new-cleaned.swiss');
    const raw = await client.send({ COMMAND: 'StatusDomainApplication', APPLICATION: ok.reference });
    assert.equal(raw.code, 545);
    assert.deepEqual(await registrar.applicationStatus('new-cleaned.swiss', ok.reference), {
      reference: ok.reference,
      status: 'approved',
      registrarStatus: 'CLEANED-UP',
    });
    const gone = await registrar.submitApplication(swiss('new-vanished.swiss'));
    sandbox.cleanupApplication('new-vanished.swiss');
    assert.deepEqual(await registrar.applicationStatus('new-vanished.swiss', gone.reference), {
      reference: gone.reference,
      status: 'refused',
      registrarStatus: 'VANISHED',
    });
  });
});

describe('control routes under /_sandbox/ (zod-validated)', () => {
  const http = async (method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown) => {
    const res = await request(`${sandbox.baseUrl}/_sandbox/${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
  };

  it('drops, outcomes, approve/refuse/cleanup and auctions over HTTP', async () => {
    const dropAt = new Date(now() + DAY).toISOString();
    assert.equal((await http('POST', 'drops', { domain: 'http-drop.com', dropAt })).status, 201);
    assert.equal(await registrar.dropDate('http-drop.com'), dropAt);
    const bad = await http('POST', 'drops', { domain: 'http-drop.com', dropAt: 'soon' });
    assert.equal(bad.status, 400);
    assert.match(String(bad.body.error), /dropAt/);
    const badOutcome = await http('PUT', 'applications/http-drop.com/outcome', { status: 'WON' });
    assert.equal(badOutcome.status, 400);
    assert.match(String(badOutcome.body.error), /status: must be one of SUCCESSFUL/);

    const a = await registrar.placeBackorder({ domain: 'http-drop.com', contacts: inline(ANNA) });
    const b = await registrar.placeBackorder({ domain: 'http-drop.com', contacts: inline(BEN) });
    assert.equal((await http('PUT', 'applications/http-drop.com/outcome', { status: 'AUCTION-PENDING' })).status, 200);
    assert.equal((await registrar.backorderStatus(b.reference)).status, 'AUCTION-PENDING');
    assert.equal((await http('POST', 'applications/http-drop.com/auction', { winner: 'x' })).status, 400);
    assert.equal((await http('POST', 'applications/http-drop.com/auction', { winner: '1' })).status, 404);
    assert.equal((await http('POST', 'applications/http-drop.com/auction', { winner: a.reference })).status, 200);
    assert.equal((await registrar.backorderStatus(a.reference)).status, 'AUCTION-WON');
    assert.equal((await http('POST', 'applications/http-drop.com/refuse')).status, 404, 'nothing open any more');

    await registrar.submitApplication({
      domain: 'new-http.swiss',
      contacts: inline(ANNA),
      enterpriseId: UID,
      intendedUse: 'a shop for Swiss cheese',
    });
    assert.equal((await http('POST', 'applications/new-http.swiss/approve')).status, 200);
    assert.equal((await http('POST', 'applications/new-http.swiss/cleanup')).status, 200);
    const list = await request(`${sandbox.baseUrl}/_sandbox/applications?domain=new-http.swiss`);
    assert.deepEqual(await list.body.json(), []);
  });
});
