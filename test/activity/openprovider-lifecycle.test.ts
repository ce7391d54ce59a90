import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OpenproviderRegistrar } from '../../src/registrars/openprovider/adapter';
import {
  RegistrarError,
  RegistrarFundsError,
  RegistrarRejectedError,
  RegistrarTemporaryError,
} from '../../src/registrars/errors';
import {
  OpenproviderSandbox,
  PARKING_NAMESERVERS,
  SANDBOX_OPENPROVIDER_CREDENTIALS,
} from '../../src/sandbox/openprovider/server';
import { responseProblems } from '../../src/sandbox/openprovider/openapi';
import { openproviderClientOptions, rejectsWithRegistrarError } from '../helpers/registrars';

const RENEW = 'POST /v1beta/domains/{id}/renew';
const RESTORE = 'POST /v1beta/domains/{id}/restore';
const LIST = 'GET /v1beta/domains';
const TLD = 'GET /v1beta/tlds/{name}';
const DAY = 86_400_000;
/** The sandbox clock starts here in every test (summer time in Amsterdam). */
const START = Date.parse('2026-06-01T10:00:00.000Z');
const NS = ['ns1.example.net', 'ns2.example.net'];

let sandbox: OpenproviderSandbox;
const opened: OpenproviderRegistrar[] = [];

/** An adapter whose clock is the sandbox's (plus `aheadMs`). */
function registrar(aheadMs = 0): OpenproviderRegistrar {
  const r = new OpenproviderRegistrar({
    ...openproviderClientOptions(sandbox.baseUrl),
    now: () => sandbox.now().getTime() + aheadMs,
  });
  opened.push(r);
  return r;
}

const count = (route: string): number => sandbox.journal({ route }).length;
const iso = (ms: number): string => new Date(ms).toISOString();

const rejectsWith = <T extends RegistrarError>(
  promise: Promise<unknown>,
  cls: abstract new (...args: never[]) => T,
  code?: string,
): Promise<T> => rejectsWithRegistrarError(promise, cls, 'openprovider', code);

/** The value at a dotted path of parsed JSON ("data.results.0.id"), undefined when absent. */
function at(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
      value,
    );
}

/** A raw API call with a fresh token (to see the wire strings the sandbox writes). */
async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const login = await fetch(`${sandbox.baseUrl}/v1beta/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(SANDBOX_OPENPROVIDER_CREDENTIALS),
  });
  const token = ((await login.json()) as { data: { token: string } }).data.token;
  const res = await fetch(`${sandbox.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

async function wireDomain(fullName: string, deleted = false): Promise<Record<string, unknown> | undefined> {
  const { json } = await api('GET', `/v1beta/domains?full_name=${fullName}${deleted ? '&is_deleted=true' : ''}`);
  return at(json, 'data.results.0') as Record<string, unknown> | undefined;
}

before(async () => {
  sandbox = await OpenproviderSandbox.start({ now: () => new Date(START) });
});
beforeEach(() => sandbox.reset());
after(async () => {
  await Promise.all(opened.map((r) => r.close()));
  await sandbox.close();
});

describe('readLifecycle: one phase per registrar state', () => {
  it('ACT before renewal_date is active, with the registry date beside the renewal date', async () => {
    sandbox.seedDomain({
      domain: 'active-one.com',
      nameservers: NS,
      expiresAt: new Date('2027-06-01T10:00:00Z'),
      registryExpiresAt: new Date('2027-06-03T10:00:00Z'),
    });
    const life = await registrar().readLifecycle('active-one.com');
    assert.deepEqual(life, {
      domain: 'active-one.com',
      phase: 'active',
      renewalMethod: 'renew',
      registrarStatus: 'ACT',
      registryExpiresAt: '2027-06-03T10:00:00.000Z',
      displayExpiresAt: '2027-05-30T10:00:00.000Z', // renewal_date = expiration_date - 2 days
    });
  });

  it('ACT past renewal_date (Openprovider has not acted yet) is expired-grace', async () => {
    sandbox.seedDomain({
      domain: 'grace.com',
      nameservers: NS,
      expiresAt: new Date(START + 4 * DAY),
      autorenew: 'off',
    });
    assert.equal((await registrar().readLifecycle('grace.com')).phase, 'active');
    // The adapter's clock is 3 days ahead: renewal_date (START + 2 d) has passed for it, not for the sandbox.
    const life = await registrar(3 * DAY).readLifecycle('grace.com');
    assert.equal(life.phase, 'expired-grace');
    assert.equal(life.registrarStatus, 'ACT');
  });

  it('a registration not completed yet (REQ) is pending-create', async () => {
    sandbox.seedDomain({ domain: 'ordered.com', nameservers: NS, status: 'REQ' });
    const life = await registrar().readLifecycle('ordered.com');
    assert.equal(life.phase, 'pending-create');
    assert.equal(life.registrarStatus, 'REQ');
    assert.equal(life.registryExpiresAt, undefined);
  });

  it('autorenew off: past renewal_date -> soft quarantine, then hard, then purged (deleted)', async () => {
    const expires = START + 10 * DAY;
    sandbox.seedDomain({ domain: 'lapse.com', nameservers: NS, expiresAt: new Date(expires), autorenew: 'off' });
    const r = registrar();
    const renewal = expires - 2 * DAY;

    sandbox.advanceClock(9 * DAY); // past renewal_date (day 8), before expiration_date (day 10)
    const soft = await r.readLifecycle('lapse.com');
    assert.equal(soft.phase, 'soft-quarantine');
    assert.equal(soft.registrarStatus, 'DEL');
    assert.equal(soft.softQuarantineUntil, iso(renewal + 30 * DAY));
    assert.equal(soft.hardQuarantineUntil, iso(renewal + 60 * DAY));
    assert.equal(soft.displayExpiresAt, iso(renewal));
    assert.deepEqual(sandbox.domain('lapse.com')?.nameservers, PARKING_NAMESERVERS);
    assert.deepEqual(sandbox.charges(), [], 'nothing renewed, nothing charged');

    sandbox.advanceClock(30 * DAY); // past the soft quarantine
    const hard = await r.readLifecycle('lapse.com');
    assert.equal(hard.phase, 'hard-quarantine');
    assert.deepEqual(hard.restoreFee, { amount: '50.00', currency: 'EUR' });
    assert.equal(hard.hardQuarantineUntil, iso(renewal + 60 * DAY));

    sandbox.advanceClock(30 * DAY); // past the hard quarantine
    const mark = count(LIST);
    const gone = await r.readLifecycle('lapse.com');
    assert.equal(gone.phase, 'deleted');
    assert.match(gone.registrarStatus ?? '', /is_deleted/);
    assert.equal(count(LIST) - mark, 2, 'a plain search, then one with is_deleted=true');
    assert.equal(await wireDomain('lapse.com'), undefined, 'the plain search no longer finds it');
    assert.equal((await wireDomain('lapse.com', true))?.is_deleted, true);
  });

  it('the restore fee follows the TLD price, and is undefined when GET /tlds fails', async () => {
    sandbox.seedDomain({ domain: 'fee.org', nameservers: NS });
    sandbox.deleteDomain('fee.org');
    sandbox.setTld('org', { prices: { restore: 75.5 } });
    assert.deepEqual((await registrar().readLifecycle('fee.org')).restoreFee, { amount: '75.50', currency: 'EUR' });
    sandbox.injectFault({ route: TLD, code: 17, desc: 'Error communicating with the registry' });
    const life = await registrar().readLifecycle('fee.org');
    assert.equal(life.phase, 'hard-quarantine');
    assert.equal(life.restoreFee, undefined);
  });

  it('explicit delete and ccTLDs (no soft quarantine) go straight to hard quarantine', async () => {
    sandbox.seedDomain({ domain: 'deleted-now.com', nameservers: NS });
    sandbox.deleteDomain('deleted-now.com');
    const explicit = await registrar().readLifecycle('deleted-now.com');
    assert.equal(explicit.phase, 'hard-quarantine');
    assert.equal(explicit.softQuarantineUntil, undefined);
    assert.equal(explicit.hardQuarantineUntil, iso(START + 30 * DAY));
    assert.equal((await wireDomain('deleted-now.com'))?.soft_quarantine_expiry_date, '');

    sandbox.seedDomain({ domain: 'dutch.nl', nameservers: NS, autorenew: 'off' });
    sandbox.expireDomain('dutch.nl');
    const nl = await registrar().readLifecycle('dutch.nl');
    assert.equal(nl.phase, 'hard-quarantine');
    assert.equal(nl.softQuarantineUntil, undefined);

    sandbox.seedDomain({ domain: 'soft-delete.com', nameservers: NS });
    sandbox.deleteDomain('soft-delete.com', { soft: true });
    assert.equal((await registrar().readLifecycle('soft-delete.com')).phase, 'soft-quarantine');
  });

  it('a domain that left the account (no record at all) is transferred-away; a purged one is deleted', async () => {
    sandbox.seedDomain({ domain: 'moved.com', nameservers: NS });
    sandbox.transferOut('moved.com');
    const life = await registrar().readLifecycle('moved.com');
    assert.equal(life.phase, 'transferred-away');
    assert.equal(await wireDomain('moved.com', true), undefined, 'no deleted record either');
    const [availability] = await registrar().checkAvailability(['moved.com']);
    assert.equal(availability?.status, 'taken', 'registered elsewhere');
  });

  it('garbage dates are errors, never guesses', async () => {
    sandbox.seedDomain({ domain: 'bad-date.com', nameservers: NS });
    sandbox.injectFault({
      route: LIST,
      code: 0,
      // A raw envelope whose renewal_date is the zero date and registry date the epoch.
      rawBody: JSON.stringify({
        code: 0,
        desc: '',
        data: {
          total: 1,
          results: [
            {
              id: 1,
              domain: { name: 'bad-date', extension: 'com' },
              status: 'ACT',
              expiration_date: '1970-01-01 01:00:00',
              registry_expiration_date: '',
              renewal_date: '0000-00-00 00:00:00',
            },
          ],
        },
      }),
    });
    await rejectsWith(registrar().readLifecycle('bad-date.com'), RegistrarRejectedError);
  });
});

describe('renew: exactly one charge', () => {
  async function seeded(domain: string, expiresAt = START + 200 * DAY) {
    sandbox.seedDomain({ domain, nameservers: NS, expiresAt: new Date(expiresAt), autorenew: 'off' });
    const r = registrar();
    const life = await r.readLifecycle(domain);
    assert.equal(life.registryExpiresAt, iso(expiresAt));
    return { r, life, expiresAt };
  }

  it('renews once, charges the TLD price per year, and a repeat with the same guard pays nothing', async () => {
    const { r, life, expiresAt } = await seeded('renew-me.com');
    const result = await r.renew({
      domain: 'renew-me.com',
      periodYears: 2,
      currentExpiresAt: life.registryExpiresAt!,
      method: 'renew',
    });
    const twoYearsLater = new Date(expiresAt);
    twoYearsLater.setUTCFullYear(twoYearsLater.getUTCFullYear() + 2);
    assert.deepEqual(result, { alreadyDone: false, pending: false, newExpiresAt: twoYearsLater.toISOString() });
    const charges = sandbox.charges({ domain: 'renew-me.com' });
    assert.deepEqual(
      charges.map((c) => [c.kind, c.amount, c.currency, c.route]),
      [['renew', '20.00', 'EUR', RENEW]],
    );
    assert.equal(sandbox.balance(), '99980.00');

    const again = await r.renew({
      domain: 'renew-me.com',
      periodYears: 2,
      currentExpiresAt: life.registryExpiresAt!,
      method: 'renew',
    });
    assert.deepEqual(again, { alreadyDone: true, pending: false, newExpiresAt: twoYearsLater.toISOString() });
    assert.equal(count(RENEW), 1, 'the second call never reached POST renew');
    assert.equal(sandbox.charges().length, 1);
  });

  it('answer lost after the renewal: RegistrarTemporaryError, one charge; the retry is alreadyDone', async () => {
    const { r, life, expiresAt } = await seeded('lost-renew.com');
    sandbox.loseAnswer({ route: RENEW, times: 1 });
    const request = {
      domain: 'lost-renew.com',
      periodYears: 1,
      currentExpiresAt: life.registryExpiresAt!,
      method: 'renew' as const,
    };
    await rejectsWith(r.renew(request), RegistrarTemporaryError);
    assert.equal(sandbox.journal({ route: RENEW })[0]?.lost, true);
    assert.equal(sandbox.charges().length, 1, 'executed and charged although the answer was lost');

    const retry = await r.renew(request);
    const nextYear = new Date(expiresAt);
    nextYear.setUTCFullYear(nextYear.getUTCFullYear() + 1);
    assert.deepEqual(retry, { alreadyDone: true, pending: false, newExpiresAt: nextYear.toISOString() });
    assert.equal(count(RENEW), 1);
    assert.equal(sandbox.charges().length, 1, 'still one charge');
  });

  it('Openprovider autorenew on renews by itself (kind autorenew); our renewal then pays nothing', async () => {
    const expiresAt = START + 10 * DAY;
    sandbox.seedDomain({ domain: 'self-renew.com', nameservers: NS, expiresAt: new Date(expiresAt), autorenew: 'on' });
    const r = registrar();
    const life = await r.readLifecycle('self-renew.com');

    sandbox.advanceClock(9 * DAY); // renewal_date passed: Openprovider renewed and charged
    const charges = sandbox.charges({ domain: 'self-renew.com' });
    assert.deepEqual(
      charges.map((c) => [c.kind, c.amount, c.route, c.at]),
      [['autorenew', '10.00', 'clock', iso(expiresAt - 2 * DAY)]],
    );
    const result = await r.renew({
      domain: 'self-renew.com',
      periodYears: 1,
      currentExpiresAt: life.registryExpiresAt!,
      method: 'renew',
    });
    assert.equal(result.alreadyDone, true, 'the double-renewal trap is avoided');
    assert.equal(count(RENEW), 0);
    assert.equal(sandbox.charges().length, 1);
    assert.equal((await r.readLifecycle('self-renew.com')).phase, 'active');
  });

  it('autorenew "default" follows the reseller setting', async () => {
    sandbox.setResellerAutorenew(true);
    sandbox.seedDomain({ domain: 'inherit-on.com', nameservers: NS, expiresAt: new Date(START + 5 * DAY) });
    sandbox.advanceClock(4 * DAY);
    assert.equal((await registrar().readLifecycle('inherit-on.com')).phase, 'active');
    assert.equal(sandbox.charges()[0]?.kind, 'autorenew');

    sandbox.reset();
    sandbox.seedDomain({ domain: 'inherit-off.com', nameservers: NS, expiresAt: new Date(START + 5 * DAY) });
    sandbox.advanceClock(4 * DAY);
    assert.equal((await registrar().readLifecycle('inherit-off.com')).phase, 'soft-quarantine');
    assert.deepEqual(sandbox.charges(), []);
  });

  it('short balance: RegistrarFundsError (310), nothing charged, nothing extended', async () => {
    const { r, life } = await seeded('poor.com');
    sandbox.setBalance('5.00');
    await rejectsWith(
      r.renew({ domain: 'poor.com', periodYears: 1, currentExpiresAt: life.registryExpiresAt!, method: 'renew' }),
      RegistrarFundsError,
      '310',
    );
    assert.deepEqual(sandbox.charges(), []);
    assert.equal(sandbox.balance(), '5.00');
    assert.equal((await r.readLifecycle('poor.com')).registryExpiresAt, life.registryExpiresAt);
  });

  it('a deleted domain is not renewed (327: restore it); an older caller view than the registry is refused', async () => {
    const { r, life } = await seeded('no-renew.com');
    await rejectsWith(
      r.renew({
        domain: 'no-renew.com',
        periodYears: 1,
        currentExpiresAt: iso(Date.parse(life.registryExpiresAt!) + DAY),
        method: 'renew',
      }),
      RegistrarRejectedError,
    );
    sandbox.expireDomain('no-renew.com');
    await rejectsWith(
      r.renew({ domain: 'no-renew.com', periodYears: 1, currentExpiresAt: life.registryExpiresAt!, method: 'renew' }),
      RegistrarRejectedError,
      '327',
    );
    assert.equal(count(RENEW), 0);
    // The sandbox itself answers 327 too (spec 8).
    const id = (await wireDomain('no-renew.com'))?.id;
    const raw = await api('POST', `/v1beta/domains/${id}/renew`, { id, period: 1 });
    assert.equal(at(raw.json, 'code'), 327);
    assert.deepEqual(sandbox.charges(), []);
  });
});

describe('restore', () => {
  it('soft quarantine: restored for the normal fee once; a repeat is alreadyDone', async () => {
    sandbox.seedDomain({ domain: 'come-back.com', nameservers: NS, expiresAt: new Date(START + 100 * DAY) });
    sandbox.expireDomain('come-back.com');
    const r = registrar();
    const life = await r.readLifecycle('come-back.com');
    assert.equal(life.phase, 'soft-quarantine');
    const oldExpiry = Date.parse(life.registryExpiresAt!);

    const result = await r.restore({ domain: 'come-back.com', phase: 'soft-quarantine' });
    assert.equal(result.alreadyDone, false);
    assert.equal(result.pending, false);
    const restored = new Date(oldExpiry);
    restored.setUTCFullYear(restored.getUTCFullYear() + 1);
    assert.equal(result.newExpiresAt, restored.toISOString());
    assert.deepEqual(
      sandbox.charges().map((c) => [c.kind, c.amount, c.route]),
      [['soft-restore', '10.00', RESTORE]],
    );
    assert.deepEqual(sandbox.domain('come-back.com')?.nameservers, NS, 'parking name servers replaced again');
    assert.equal((await r.readLifecycle('come-back.com')).phase, 'active');

    const again = await r.restore({ domain: 'come-back.com', phase: 'soft-quarantine' });
    assert.equal(again.alreadyDone, true);
    assert.equal(count(RESTORE), 1);
    assert.equal(sandbox.charges().length, 1);
  });

  it('answer lost after the restore: one charge, the retry is alreadyDone', async () => {
    sandbox.seedDomain({ domain: 'lost-restore.com', nameservers: NS });
    sandbox.expireDomain('lost-restore.com');
    sandbox.loseAnswer({ route: RESTORE });
    const r = registrar();
    await rejectsWith(r.restore({ domain: 'lost-restore.com', phase: 'soft-quarantine' }), RegistrarTemporaryError);
    const retry = await r.restore({ domain: 'lost-restore.com', phase: 'soft-quarantine' });
    assert.equal(retry.alreadyDone, true);
    assert.equal(count(RESTORE), 1);
    assert.equal(sandbox.charges().length, 1);
  });

  it('hard quarantine: restore fee plus one year, charged once; a soft restore asked too late is refused', async () => {
    sandbox.seedDomain({ domain: 'redeem.com', nameservers: NS });
    sandbox.expireDomain('redeem.com');
    sandbox.advanceClock(31 * DAY);
    const r = registrar();
    assert.equal((await r.readLifecycle('redeem.com')).phase, 'hard-quarantine');

    const refused = await rejectsWith(
      r.restore({ domain: 'redeem.com', phase: 'soft-quarantine' }),
      RegistrarRejectedError,
    );
    assert.match(refused.message, /hard quarantine/);
    assert.equal(count(RESTORE), 0);

    const result = await r.restore({ domain: 'redeem.com', phase: 'hard-quarantine' });
    assert.equal(result.alreadyDone, false);
    assert.deepEqual(
      sandbox.charges().map((c) => [c.kind, c.amount]),
      [['restore', '60.00']],
    );
    assert.equal(sandbox.domain('redeem.com')?.status, 'ACT');
  });

  it('purged: refused (376) without a call; short balance: RegistrarFundsError', async () => {
    sandbox.seedDomain({ domain: 'too-late.com', nameservers: NS });
    sandbox.deleteDomain('too-late.com');
    sandbox.setBalance('10.00');
    await rejectsWith(
      registrar().restore({ domain: 'too-late.com', phase: 'hard-quarantine' }),
      RegistrarFundsError,
      '310',
    );
    sandbox.advanceClock(31 * DAY);
    await rejectsWith(
      registrar().restore({ domain: 'too-late.com', phase: 'hard-quarantine' }),
      RegistrarRejectedError,
      '376',
    );
    assert.equal(count(RESTORE), 1, 'only the refused-for-funds attempt reached the API');
    assert.deepEqual(sandbox.charges(), []);
  });
});

describe('Europe/Amsterdam dates across DST', () => {
  it('quarantine days are Amsterdam calendar days; the adapter reads the zone-less strings correctly', async () => {
    // renewal_date 2026-10-10 12:00 CEST (10:00Z); the clocks go back on 2026-10-25.
    sandbox.seedDomain({
      domain: 'autumn.com',
      nameservers: NS,
      expiresAt: new Date('2026-10-12T10:00:00Z'),
      renewalDate: new Date('2026-10-10T10:00:00Z'),
      autorenew: 'off',
    });
    // renewal_date 2027-03-15 12:00 CET (11:00Z); the clocks go forward on 2027-03-28.
    sandbox.seedDomain({
      domain: 'spring.com',
      nameservers: NS,
      expiresAt: new Date('2027-03-17T11:00:00Z'),
      renewalDate: new Date('2027-03-15T11:00:00Z'),
      autorenew: 'off',
    });
    const before = await wireDomain('autumn.com');
    assert.equal(before?.renewal_date, '2026-10-10 12:00:00');
    assert.equal(before?.expiration_date, '2026-10-12 12:00:00');

    sandbox.advanceClock(Date.parse('2026-10-11T00:00:00Z') - START);
    const autumn = await wireDomain('autumn.com');
    assert.equal(autumn?.soft_quarantine_expiry_date, '2026-11-09 12:00:00');
    assert.equal(autumn?.hard_quarantine_expiry_date, '2026-12-09 12:00:00');
    const life = await registrar().readLifecycle('autumn.com');
    assert.equal(life.phase, 'soft-quarantine');
    assert.equal(life.displayExpiresAt, '2026-10-10T10:00:00.000Z');
    assert.equal(life.softQuarantineUntil, '2026-11-09T11:00:00.000Z', 'CET: UTC+1');
    assert.equal(life.hardQuarantineUntil, '2026-12-09T11:00:00.000Z');

    sandbox.advanceClock(Date.parse('2027-03-16T00:00:00Z') - sandbox.now().getTime());
    const spring = await registrar().readLifecycle('spring.com');
    assert.equal((await wireDomain('spring.com'))?.soft_quarantine_expiry_date, '2027-04-14 12:00:00');
    assert.equal(spring.softQuarantineUntil, '2027-04-14T10:00:00.000Z', 'CEST: UTC+2');
  });
});

describe('sandbox lifecycle routes', () => {
  it('renew, restore, delete, tlds and resellers answer in the swagger shapes', async () => {
    const problems: string[] = [];
    const expectValid = (method: string, path: string, json: unknown, status: '200' | 'default' = '200') => {
      for (const p of responseProblems(method, path, json, status)) problems.push(`${method} ${path} [${status}] ${p}`);
    };
    sandbox.seedDomain({ domain: 'shape.com', nameservers: NS });
    const id = (await wireDomain('shape.com'))?.id as number;

    const renew = await api('POST', `/v1beta/domains/${id}/renew`, { id, period: 1 });
    assert.deepEqual(renew.json, { code: 0, desc: '', data: { status: 'ACT' } });
    expectValid('POST', '/v1beta/domains/{id}/renew', renew.json);
    const del = await api('DELETE', `/v1beta/domains/${id}`);
    assert.equal(at(del.json, 'data.status'), 'DEL');
    expectValid('DELETE', '/v1beta/domains/{id}', del.json);
    const renewDel = await api('POST', `/v1beta/domains/${id}/renew`, { id, period: 1 });
    expectValid('POST', '/v1beta/domains/{id}/renew', renewDel.json, 'default');
    const restore = await api('POST', `/v1beta/domains/${id}/restore`, {
      id,
      domain: { name: 'shape', extension: 'com' },
    });
    assert.equal(at(restore.json, 'data.status'), 'ACT');
    expectValid('POST', '/v1beta/domains/{id}/restore', restore.json);
    const tld = await api('GET', '/v1beta/tlds/com?with_price=true');
    assert.equal(at(tld.json, 'data.soft_quarantine_period'), 30);
    assert.equal(at(tld.json, 'data.prices.restore_price.reseller.price'), 50);
    expectValid('GET', '/v1beta/tlds/{name}', tld.json);
    assert.equal(at((await api('GET', '/v1beta/tlds/nl')).json, 'data.soft_quarantine_period'), 0);
    const reseller = await api('GET', '/v1beta/resellers');
    assert.equal(at(reseller.json, 'data.balance'), 99930);
    expectValid('GET', '/v1beta/resellers', reseller.json);
    const list = await api('GET', '/v1beta/domains?full_name=shape.com');
    expectValid('GET', '/v1beta/domains', list.json);
    assert.deepEqual(problems, []);
  });

  it('the control surface drives clock, money and lifecycle over HTTP', async () => {
    async function control(method: string, path: string, body?: unknown) {
      const res = await fetch(`${sandbox.baseUrl}/_sandbox${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json()) as unknown };
    }
    const seeded = await control('POST', '/domains', {
      domain: 'ctl-life.com',
      nameservers: NS,
      expiresAt: '2026-06-20T10:00:00Z',
      autorenew: 'on',
    });
    assert.equal(seeded.status, 201);
    assert.equal(at(seeded.json, 'domain.renewalDate'), '2026-06-18T10:00:00.000Z');
    assert.equal(at((await control('PUT', '/reseller', { balance: '12.34' })).json, 'balance'), '12.34');
    assert.equal(at((await control('PUT', '/tlds/com', { prices: { renew: 2 } })).json, 'tld.prices.renew'), 2);
    const clock = await control('POST', '/clock', { advanceMs: 18 * DAY });
    assert.equal(at(clock.json, 'now'), '2026-06-19T10:00:00.000Z');
    const charges = await control('GET', '/charges?domain=ctl-life.com');
    assert.deepEqual(
      (at(charges.json, 'charges') as Array<{ kind: string; amount: string }>).map((c) => [c.kind, c.amount]),
      [['autorenew', '2.00']],
    );
    assert.equal(at((await control('GET', '/reseller')).json, 'balance'), '10.34');
    const expired = await control('POST', '/domains/ctl-life.com/expire');
    assert.equal(at(expired.json, 'domain.status'), 'DEL');
    assert.ok(at(expired.json, 'domain.softQuarantineUntil'));
    assert.equal((await control('POST', '/domains/ctl-life.com/delete')).status, 409, 'already deleted');
    assert.equal((await control('POST', '/lose-answer', { route: RENEW })).status, 201);
    assert.equal((await control('POST', '/domains/ctl-life.com/transfer-out')).status, 200);
    assert.equal((await control('GET', '/domains/ctl-life.com?includeDeleted=true')).status, 404);
    assert.equal((await control('POST', '/clock', { advanceMs: 1.5 })).status, 400);
    assert.equal((await control('PUT', '/reseller', { balance: 'lots' })).status, 400);
  });
});
