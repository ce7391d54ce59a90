import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { IspapiRegistrar } from '../../src/registrars/ispapi/adapter';
import type { IspapiClient } from '../../src/registrars/ispapi/client';
import { RegistrarFundsError, RegistrarRejectedError, RegistrarTemporaryError } from '../../src/registrars/errors';
import type { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { ispapiClient, startIspapi, type IspapiSetup } from '../helpers/registrars';

const START = new Date('2026-02-01T08:00:00Z');
const DAY = 86_400_000;
const NS = ['ns1.life.example', 'ns2.life.example'];
const iso = (ms: number): string => new Date(ms).toISOString();
const plusYears = (at: string, years: number): string => {
  const d = new Date(at);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString();
};

let sandbox: IspapiSandbox;
let client: IspapiClient;
let registrar: IspapiRegistrar;

let setup: IspapiSetup;
before(async () => {
  setup = await startIspapi({
    sandbox: { now: () => START },
    client: { connectTimeoutMs: 1000, requestTimeoutMs: 2000 },
    // The adapter judges "expired" by the same clock as the sandbox.
    adapter: { sandboxClock: true },
  });
  ({ sandbox, client, adapter: registrar } = setup);
});

after(() => setup.close());

beforeEach(() => sandbox.reset());

/** A domain expiring `days` from the sandbox's now. */
function seed(
  domain: string,
  days: number,
  extra: { renewalMode?: 'AUTORENEW' | 'AUTOEXPIRE' | 'AUTODELETE'; paidUntil?: Date } = {},
): string {
  const expiresAt = new Date(Date.parse(sandbox.clock().now) + days * DAY);
  sandbox.seedDomain({ domain, nameservers: NS, expiresAt, ...extra });
  return expiresAt.toISOString();
}

async function balance(): Promise<string> {
  const res = await client.call({ COMMAND: 'StatusAccount' });
  return res.properties.AMOUNT?.[0] ?? '';
}

describe('readLifecycle: every phase, read fresh from the sandbox', () => {
  it('active: registry expiry, display = PAIDUNTILDATE, renewal method per TLD', async () => {
    const expiry = seed('alive.com', 200);
    const life = await registrar.readLifecycle('alive.com');
    assert.equal(life.phase, 'active');
    assert.equal(life.registryExpiresAt, expiry);
    assert.equal(life.displayExpiresAt, expiry);
    assert.equal(life.renewalMethod, 'renew');
    assert.match(life.registrarStatus ?? '', /ACTIVE; RENEWALMODE=AUTOEXPIRE; NEXTACTION=expire/);
    seed('alive.de', 200);
    assert.equal((await registrar.readLifecycle('alive.de')).renewalMethod, 'pay');
  });

  it('expired-grace: past PAIDUNTILDATE, before FAILUREDATE, still in the account', async () => {
    seed('grace.com', 10);
    sandbox.advanceClock(20 * DAY);
    assert.equal((await registrar.readLifecycle('grace.com')).phase, 'expired-grace');
    // one day before FAILUREDATE (+44d) still there
    sandbox.advanceClock(33 * DAY);
    assert.equal((await registrar.readLifecycle('grace.com')).phase, 'expired-grace');
    assert.ok(sandbox.domain('grace.com'));
  });

  it('hard-quarantine after FAILUREDATE (AUTOEXPIRE), then deleted after DELETIONRESTORABLEPERIOD', async () => {
    const expiry = seed('lapsed.com', 10);
    sandbox.advanceClock((10 + 44) * DAY + 3_600_000);
    assert.equal((await client.send({ COMMAND: 'StatusDomain', DOMAIN: 'lapsed.com' })).code, 545);
    const deleted = await client.call({
      COMMAND: 'QueryObjectList',
      OBJECTCLASS: 'DELETEDDOMAIN',
      OBJECTID: 'lapsed.com',
      WIDE: 1,
    });
    assert.deepEqual(deleted.properties.COUNT, ['1']);
    const life = await registrar.readLifecycle('lapsed.com');
    assert.equal(life.phase, 'hard-quarantine');
    assert.equal(life.registryExpiresAt, expiry, 'the deleted object keeps the expiry it had');
    // deleted on FAILUREDATE itself, restorable 30 days from then
    assert.equal(sandbox.deletedDomain('lapsed.com')?.deletedAt, iso(Date.parse(expiry) + 44 * DAY));
    sandbox.advanceClock(29 * DAY);
    assert.equal((await registrar.readLifecycle('lapsed.com')).phase, 'hard-quarantine');
    sandbox.advanceClock(DAY);
    const gone = await client.call({
      COMMAND: 'QueryObjectList',
      OBJECTCLASS: 'DELETEDDOMAIN',
      OBJECTID: 'lapsed.com',
      WIDE: 1,
    });
    assert.deepEqual(gone.properties.COUNT, ['0']);
    assert.equal((await registrar.readLifecycle('lapsed.com')).phase, 'deleted');
  });

  it('.de uses its own periods: deleted one day after paid-until', async () => {
    seed('kurz.de', 10);
    sandbox.advanceClock(10 * DAY + 12 * 3_600_000);
    assert.equal((await registrar.readLifecycle('kurz.de')).phase, 'expired-grace');
    sandbox.advanceClock(DAY);
    assert.equal((await registrar.readLifecycle('kurz.de')).phase, 'hard-quarantine');
  });

  it('transferred-away: object log OUTBOUND_TRANSFER, scripted 531, and unlogged (DELETEDDOMAIN 545)', async () => {
    seed('leaver.com', 100);
    sandbox.transferOut('leaver.com');
    assert.equal((await client.send({ COMMAND: 'StatusDomain', DOMAIN: 'leaver.com' })).code, 545);
    const logged = await registrar.readLifecycle('leaver.com');
    assert.equal(logged.phase, 'transferred-away');
    assert.equal(logged.registrarStatus, 'OUTBOUND_TRANSFER SUCCESSFUL');

    seed('taken.com', 100);
    sandbox.transferOut('taken.com', { answer: 531 });
    assert.equal((await client.send({ COMMAND: 'StatusDomain', DOMAIN: 'taken.com' })).code, 531);
    assert.equal((await registrar.readLifecycle('taken.com')).phase, 'transferred-away');

    seed('silent.com', 100);
    sandbox.transferOut('silent.com', { logged: false });
    const silent = await registrar.readLifecycle('silent.com');
    assert.equal(silent.phase, 'transferred-away');
    assert.equal(sandbox.journal({ command: 'QueryObjectList' }).at(-1)?.code, 545);
  });

  it('a name never in the account reads as deleted (nothing restorable)', async () => {
    assert.equal((await registrar.readLifecycle('never-here.com')).phase, 'deleted');
  });

  it('pending-create while the registry has not created the domain', async () => {
    sandbox.setRegistrationPolicy({ mode: 'pending', afterMs: 60_000 });
    const owner = sandbox.seedContact({ FIRSTNAME: 'Olga', LASTNAME: 'Owner', EMAIL: 'olga@example.com' });
    const contacts = { OWNERCONTACT0: owner, ADMINCONTACT0: owner, TECHCONTACT0: owner };
    await client.call({ COMMAND: 'AddDomain', DOMAIN: 'new-ordered.com', ...contacts, BILLINGCONTACT0: owner });
    assert.equal((await registrar.readLifecycle('new-ordered.com')).phase, 'pending-create');
    sandbox.advanceClock(61_000);
    assert.equal((await registrar.readLifecycle('new-ordered.com')).phase, 'active');
  });

  it('displayExpiresAt: .eu (failure not after paid-until) shows FINALIZATIONDATE + prepaid time', async () => {
    const expiry = seed('frueh.eu', 100);
    const life = await registrar.readLifecycle('frueh.eu');
    assert.equal(life.registryExpiresAt, expiry);
    assert.equal(life.displayExpiresAt, iso(Date.parse(expiry) - 7 * DAY), 'issue #82: a week early');

    const aheadExpiry = iso(Date.parse(sandbox.clock().now) + 100 * DAY);
    const paidUntil = new Date(plusYears(aheadExpiry, 1));
    seed('voraus.eu', 100, { paidUntil });
    const ahead = await registrar.readLifecycle('voraus.eu');
    assert.equal(ahead.registryExpiresAt, aheadExpiry);
    assert.equal(
      ahead.displayExpiresAt,
      iso(Date.parse(aheadExpiry) - 7 * DAY + (paidUntil.getTime() - Date.parse(aheadExpiry))),
    );

    // .com paid ahead: FAILUREDATE > PAIDUNTILDATE => PAIDUNTILDATE
    const comExpiry = seed('paid-ahead.com', 100, {
      paidUntil: new Date(plusYears(iso(START.getTime() + 100 * DAY), 1)),
    });
    assert.equal((await registrar.readLifecycle('paid-ahead.com')).displayExpiresAt, plusYears(comExpiry, 1));
  });
});

describe('renew: money moves exactly once', () => {
  it('RenewDomain moves the expiry by PERIOD and charges once; a repeat with the stale guard is alreadyDone', async () => {
    const expiry = seed('renew-me.com', 30);
    const first = await registrar.renew({
      domain: 'renew-me.com',
      periodYears: 2,
      currentExpiresAt: expiry,
      method: 'renew',
    });
    assert.deepEqual(first, { alreadyDone: false, pending: false, newExpiresAt: plusYears(expiry, 2) });
    const sent = sandbox.journal({ command: 'RenewDomain', domain: 'renew-me.com' });
    // The reference's guard: EXPIRATIONDATE (TEXT, the current expiration date); EXPIRATION is the year (INT).
    assert.equal(sent[0]?.params.EXPIRATIONDATE, expiry.slice(0, 19).replace('T', ' '), 'the guard is sent');
    assert.equal(sent[0]?.params.EXPIRATION, undefined);
    assert.equal((await registrar.readLifecycle('renew-me.com')).registryExpiresAt, plusYears(expiry, 2));

    const again = await registrar.renew({
      domain: 'renew-me.com',
      periodYears: 2,
      currentExpiresAt: expiry,
      method: 'renew',
    });
    assert.deepEqual(again, { alreadyDone: true, pending: false });
    assert.equal(sandbox.journal({ command: 'RenewDomain' }).at(-1)?.code, 555);
    const charges = sandbox.charges({ domain: 'renew-me.com' });
    assert.deepEqual(
      charges.map((c) => [c.kind, c.command, c.amount, c.currency]),
      [['renew', 'RenewDomain', '20.00', 'USD']],
    );
    assert.equal(await balance(), '980.00');
    assert.equal(sandbox.domain('renew-me.com')?.expiresAt, plusYears(expiry, 2), 'not renewed twice');
  });

  it('510 TLD (.de): RenewDomain is refused, PayDomainRenewal pays once; the registry follows at FINALIZATIONDATE', async () => {
    const expiry = seed('zahlen.de', 30);
    const result = await registrar.renew({
      domain: 'zahlen.de',
      periodYears: 1,
      currentExpiresAt: expiry,
      method: 'renew',
    });
    assert.deepEqual(result, { alreadyDone: false, pending: false, newExpiresAt: plusYears(expiry, 1) });
    assert.deepEqual(
      sandbox.journal({ domain: 'zahlen.de' }).map((e) => [e.command, e.code]),
      [
        ['RenewDomain', 510],
        ['PayDomainRenewal', 200],
      ],
    );
    assert.deepEqual(
      sandbox.charges({ domain: 'zahlen.de' }).map((c) => [c.kind, c.amount]),
      [['pay', '10.00']],
    );
    const before = await registrar.readLifecycle('zahlen.de');
    assert.equal(before.registryExpiresAt, expiry, 'paid, not yet executed at the registry');
    assert.equal(before.displayExpiresAt, plusYears(expiry, 1));

    // retried (lost answer, crashed worker): the guard stops a second payment
    const again = await registrar.renew({
      domain: 'zahlen.de',
      periodYears: 1,
      currentExpiresAt: expiry,
      method: 'pay',
    });
    assert.deepEqual(again, { alreadyDone: true, pending: false });
    assert.equal(sandbox.charges({ domain: 'zahlen.de' }).length, 1);

    sandbox.advanceClock(30 * DAY + 1000); // .de finalizes on the expiry date
    const after = await registrar.readLifecycle('zahlen.de');
    assert.equal(after.phase, 'active');
    assert.equal(after.registryExpiresAt, plusYears(expiry, 1));
  });

  it('PayDomainRenewal refuses (548) when paid more than 10 years ahead', async () => {
    const expiry = seed('far.de', 30, { paidUntil: new Date(plusYears(iso(START.getTime() + 30 * DAY), 10)) });
    await assert.rejects(
      registrar.renew({ domain: 'far.de', periodYears: 1, currentExpiresAt: plusYears(expiry, 10), method: 'pay' }),
      (err: unknown) => err instanceof RegistrarRejectedError && err.details.code === '548',
    );
    assert.equal(sandbox.charges().length, 0);
  });

  it('546: not enough credit is a funds error; nothing charged, nothing renewed', async () => {
    const expiry = seed('broke.com', 30);
    sandbox.setBalance({ amount: '5.00' });
    await assert.rejects(
      registrar.renew({ domain: 'broke.com', periodYears: 1, currentExpiresAt: expiry, method: 'renew' }),
      (err: unknown) => {
        assert.ok(err instanceof RegistrarFundsError);
        assert.equal(err.details.code, '546');
        assert.equal(err.retryable, false);
        return true;
      },
    );
    assert.equal(sandbox.charges().length, 0);
    assert.equal(await balance(), '5.00');
    assert.equal(sandbox.domain('broke.com')?.expiresAt, expiry);
    // a credit limit lets the balance go below zero
    sandbox.setBalance({ amount: '5.00', credit: '10.00' });
    await registrar.renew({ domain: 'broke.com', periodYears: 1, currentExpiresAt: expiry, method: 'renew' });
    assert.equal(await balance(), '-5.00');
  });

  it('the answer is lost after the renewal ran: temporary error, one charge, the retry is alreadyDone', async () => {
    const expiry = seed('lost-answer.com', 30);
    sandbox.loseAnswer({ command: 'RenewDomain', times: 1 });
    const request = { domain: 'lost-answer.com', periodYears: 1, currentExpiresAt: expiry, method: 'renew' as const };
    await assert.rejects(registrar.renew(request), RegistrarTemporaryError);
    assert.equal(sandbox.charges({ domain: 'lost-answer.com' }).length, 1, 'the sandbox did renew and charge');
    assert.equal(sandbox.journal({ command: 'RenewDomain' })[0]?.answerLost, true);

    // the activity retry sends the same request: the guard makes it a no-op
    assert.deepEqual(await registrar.renew(request), { alreadyDone: true, pending: false });
    assert.equal(sandbox.charges({ domain: 'lost-answer.com' }).length, 1, 'exactly once');
    assert.equal(sandbox.domain('lost-answer.com')?.expiresAt, plusYears(expiry, 1));
    assert.equal(await balance(), '990.00');
  });

  it('AUTORENEW renews by itself: charged on ACCOUNTINGDATE, executed on FINALIZATIONDATE', async () => {
    const expiry = seed('self.com', 10, { renewalMode: 'AUTORENEW' });
    sandbox.advanceClock(4 * DAY); // ACCOUNTINGDATE = expiry - 5d = +5d
    assert.equal((await registrar.readLifecycle('self.com')).registryExpiresAt, expiry);
    assert.equal(sandbox.charges().length, 0);
    sandbox.advanceClock(2 * DAY);
    const paid = await registrar.readLifecycle('self.com');
    assert.deepEqual(
      sandbox.charges().map((c) => [c.domain, c.kind, c.command, c.amount, c.at]),
      [['self.com', 'autorenew', 'AUTORENEW', '10.00', iso(Date.parse(expiry) - 5 * DAY)]],
    );
    assert.equal(paid.registryExpiresAt, expiry);
    assert.equal(paid.displayExpiresAt, plusYears(expiry, 1));
    assert.match(paid.registrarStatus ?? '', /NEXTACTION=finalize/);

    sandbox.advanceClock(5 * DAY + 1000); // FINALIZATIONDATE = expiry + 1d
    const done = await registrar.readLifecycle('self.com');
    assert.equal(done.phase, 'active');
    assert.equal(done.registryExpiresAt, plusYears(expiry, 1));
    assert.equal(sandbox.charges().length, 1);
  });

  it('the double-renewal trap is real: AUTORENEW already paid, an unguarded RenewDomain pays a second year', async () => {
    const expiry = seed('trap.com', 10, { renewalMode: 'AUTORENEW' });
    sandbox.advanceClock(6 * DAY);
    // the registry expiry has not moved yet, so the guard cannot tell: only AUTOEXPIRE prevents this
    await registrar.renew({ domain: 'trap.com', periodYears: 1, currentExpiresAt: expiry, method: 'renew' });
    assert.deepEqual(
      sandbox.charges({ domain: 'trap.com' }).map((c) => c.kind),
      ['autorenew', 'renew'],
    );
    assert.equal(sandbox.domain('trap.com')?.paidUntil, plusYears(expiry, 2));
  });
});

describe('restore from hard quarantine', () => {
  it('charges the restore fee (and one year) once; the domain is back with old expiry + 1 year', async () => {
    const expiry = seed('comeback.com', 10);
    sandbox.deleteDomain('comeback.com');
    assert.equal((await registrar.readLifecycle('comeback.com')).phase, 'hard-quarantine');
    const result = await registrar.restore({ domain: 'comeback.com', phase: 'hard-quarantine' });
    assert.deepEqual(result, { alreadyDone: false, pending: false, newExpiresAt: plusYears(expiry, 1) });
    assert.deepEqual(
      sandbox.charges({ domain: 'comeback.com' }).map((c) => [c.kind, c.command, c.amount]),
      [
        ['restore', 'RestoreDomain', '50.00'],
        ['renew', 'RestoreDomain', '10.00'],
      ],
    );
    const life = await registrar.readLifecycle('comeback.com');
    assert.equal(life.phase, 'active');
    assert.equal(life.registryExpiresAt, plusYears(expiry, 1));

    // a retry (lost answer) finds the domain back: no second fee
    const again = await registrar.restore({ domain: 'comeback.com', phase: 'hard-quarantine' });
    assert.equal(again.alreadyDone, true);
    assert.equal(sandbox.charges({ domain: 'comeback.com' }).length, 2);
    assert.equal(await balance(), '940.00');
  });

  it('pending restore: PENDING=1, still quarantined until done; a retry pays nothing', async () => {
    seed('slow.com', 10);
    sandbox.expireDomain('slow.com');
    sandbox.setRestorePolicy({ mode: 'pending', afterMs: 3_600_000 });
    const result = await registrar.restore({ domain: 'slow.com', phase: 'hard-quarantine' });
    assert.equal(result.pending, true);
    assert.equal(result.alreadyDone, false);
    assert.equal((await registrar.readLifecycle('slow.com')).phase, 'hard-quarantine');
    // the retry's 552 is recognised from QueryObjectList's object classes (it has no STATUS column)
    assert.deepEqual(await registrar.restore({ domain: 'slow.com', phase: 'hard-quarantine' }), {
      alreadyDone: true,
      pending: true,
      newExpiresAt: result.newExpiresAt,
    });
    assert.ok(result.newExpiresAt, 'the accepted restore named the new expiry');
    const lookup = sandbox.journal({ command: 'QueryObjectList' }).at(-1)!;
    assert.deepEqual([lookup.params.OBJECTID, lookup.params.WIDE], ['slow.com', '1']);
    assert.equal(sandbox.charges({ domain: 'slow.com' }).filter((c) => c.kind === 'restore').length, 1);
    sandbox.advanceClock(3_600_000);
    assert.equal((await registrar.readLifecycle('slow.com')).phase, 'active');
  });

  it('545 when there is nothing to restore', async () => {
    await assert.rejects(
      registrar.restore({ domain: 'nothing.com', phase: 'hard-quarantine' }),
      (err: unknown) => err instanceof RegistrarRejectedError && err.details.code === '545',
    );
    assert.equal(sandbox.charges().length, 0);
  });

  it('546 when the account cannot pay fee + year: nothing charged, still restorable', async () => {
    seed('pricey.com', 10);
    sandbox.deleteDomain('pricey.com');
    sandbox.setBalance({ amount: '55.00' });
    await assert.rejects(registrar.restore({ domain: 'pricey.com', phase: 'hard-quarantine' }), RegistrarFundsError);
    assert.equal(sandbox.charges().length, 0);
    assert.equal((await registrar.readLifecycle('pricey.com')).phase, 'hard-quarantine');
  });
});

describe('ISPAPI sandbox lifecycle control over HTTP', () => {
  async function control(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const res = await request(`${sandbox.baseUrl}${path}`, {
      method: method as 'GET',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.statusCode, json: await res.body.json() };
  }

  it('clock, account, prices, expire, transfer-out, lose-answer, charges', async () => {
    assert.deepEqual((await control('PUT', '/_sandbox/clock', { offsetMs: DAY })).json, {
      now: iso(START.getTime() + DAY),
      offsetMs: DAY,
    });
    assert.equal(
      ((await control('POST', '/_sandbox/clock/advance', { ms: DAY })).json as { offsetMs: number }).offsetMs,
      2 * DAY,
    );
    assert.deepEqual((await control('PUT', '/_sandbox/account', { amount: '100.00', credit: '0.00' })).json, {
      amount: '100.00',
      credit: '0.00',
      currency: 'USD',
    });
    assert.equal((await control('PUT', '/_sandbox/prices/com', { renew: '12.50' })).status, 200);
    assert.equal(
      (await control('POST', '/_sandbox/domains', { domain: 'http-life.com', nameservers: NS })).status,
      201,
    );
    const expiry = sandbox.domain('http-life.com')!.expiresAt;
    assert.equal((await control('POST', '/_sandbox/faults/lose-answer', { command: 'renewdomain' })).status, 200);
    await assert.rejects(
      registrar.renew({ domain: 'http-life.com', periodYears: 1, currentExpiresAt: expiry, method: 'renew' }),
      RegistrarTemporaryError,
    );
    const charges = (await control('GET', '/_sandbox/charges?domain=http-life.com')).json as Array<{ amount: string }>;
    assert.deepEqual(
      charges.map((c) => c.amount),
      ['12.50'],
    );
    const expired = await control('POST', '/_sandbox/domains/http-life.com/expire');
    assert.equal(expired.status, 200);
    assert.equal((expired.json as { restorePending: boolean }).restorePending, false);
    assert.equal((await control('GET', '/_sandbox/deleted-domains/http-life.com')).status, 200);
    assert.equal((await registrar.readLifecycle('http-life.com')).phase, 'hard-quarantine');

    assert.equal(
      (await control('POST', '/_sandbox/domains', { domain: 'http-gone.com', nameservers: NS })).status,
      201,
    );
    assert.equal((await control('POST', '/_sandbox/domains/http-gone.com/transfer-out', { answer: 531 })).status, 200);
    assert.equal((await registrar.readLifecycle('http-gone.com')).phase, 'transferred-away');
    assert.equal((await control('POST', '/_sandbox/domains/not-there.com/expire')).status, 404);
    assert.equal((await control('PUT', '/_sandbox/restore-policy', { mode: 'pending' })).status, 400);
    assert.equal((await control('PUT', '/_sandbox/tld-periods/com', { failure: 'x' })).status, 400);
  });

  it('per-TLD periods are configurable: a shorter failure period deletes sooner', async () => {
    sandbox.setTldPeriods('net', { failure: 2, deletionRestorable: 5 });
    seed('quick.net', 1);
    sandbox.advanceClock(3 * DAY + 1000);
    assert.equal((await registrar.readLifecycle('quick.net')).phase, 'hard-quarantine');
    sandbox.advanceClock(5 * DAY);
    assert.equal((await registrar.readLifecycle('quick.net')).phase, 'deleted');
  });
});

describe('readLifecycle never takes an empty or epoch date as a value', () => {
  let server: Server;
  let stub: IspapiClient;
  let paidUntil = '0000-00-00 00:00:00';
  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      res.end(
        [
          '[RESPONSE]',
          'CODE=200',
          'DESCRIPTION=Command completed successfully',
          'PROPERTY[STATUS][0]=ACTIVE',
          'PROPERTY[EXPIRATIONDATE][0]=2027-05-20 23:59:59',
          `PROPERTY[PAIDUNTILDATE][0]=${paidUntil}`,
          'PROPERTY[FAILUREDATE][0]=2027-07-03 23:59:59',
          'EOF',
          '',
        ].join('\r\n'),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stub = ispapiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/call.cgi`, {
      login: 'x',
      password: 'y',
      connectTimeoutMs: 500,
      requestTimeoutMs: 500,
    });
  });
  after(async () => {
    await stub.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  for (const bad of ['0000-00-00 00:00:00', '1970-01-01 00:00:00', '']) {
    it(`PAIDUNTILDATE=${JSON.stringify(bad)} is a RegistrarRejectedError naming the field`, async () => {
      paidUntil = bad;
      await assert.rejects(new IspapiRegistrar(stub).readLifecycle('x.com'), (err: unknown) => {
        assert.ok(err instanceof RegistrarRejectedError);
        assert.match(err.message, /PAIDUNTILDATE/);
        return true;
      });
    });
  }
});
