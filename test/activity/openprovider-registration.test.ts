import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Contact } from '../../src/domain/contact';
import { OpenproviderRegistrar } from '../../src/registrars/openprovider/adapter';
import {
  RegistrarAuthenticationError,
  RegistrarError,
  RegistrarRejectedError,
  RegistrarTemporaryError,
} from '../../src/registrars/errors';
import type { RegisterRequest } from '../../src/registrars/registrar';
import { OpenproviderSandbox, SANDBOX_OPENPROVIDER_CREDENTIALS } from '../../src/sandbox/openprovider/server';
import { responseProblems } from '../../src/sandbox/openprovider/openapi';
import { openproviderClientOptions, rejectsWithRegistrarError } from '../helpers/registrars';

const CUSTOMERS = 'GET /v1beta/customers';
const CREATE_CUSTOMER = 'POST /v1beta/customers';
const GET_CUSTOMER = 'GET /v1beta/customers/{handle}';
const UPDATE_CUSTOMER = 'PUT /v1beta/customers/{handle}';
const CHECK = 'POST /v1beta/domains/check';
const CREATE = 'POST /v1beta/domains';
const UPDATE = 'PUT /v1beta/domains/{id}';

let sandbox: OpenproviderSandbox;
let clockOffsetMs = 0;
const opened: OpenproviderRegistrar[] = [];

function registrar(): OpenproviderRegistrar {
  const r = new OpenproviderRegistrar(openproviderClientOptions(sandbox.baseUrl));
  opened.push(r);
  return r;
}

const count = (route: string, code?: number): number =>
  sandbox.journal({ route }).filter((e) => code === undefined || e.code === code).length;

const rejectsWith = <T extends RegistrarError>(
  promise: Promise<unknown>,
  cls: abstract new (...args: never[]) => T,
  code?: string,
): Promise<T> => rejectsWithRegistrarError(promise, cls, 'openprovider', code);

const JANE: Contact = {
  firstName: 'Jane',
  lastName: 'Doe',
  organisation: 'Doe Holding B.V.',
  street: ['Keizersgracht 123a', '3rd floor'],
  city: 'Amsterdam',
  postalCode: '1015 CJ',
  countryCode: 'NL',
  phone: '+31.201234567',
  fax: '+31.207654321',
  email: 'Jane@Example.com',
};

function request(domain: string, owner: string, overrides: Partial<RegisterRequest> = {}): RegisterRequest {
  return {
    domain,
    periodYears: 1,
    nameservers: ['ns1.example.net', 'ns2.example.net'],
    contacts: {
      owner: { handle: owner },
      admin: { handle: owner },
      tech: { handle: owner },
      billing: { handle: owner },
    },
    extras: {},
    ...overrides,
  };
}

before(async () => {
  sandbox = await OpenproviderSandbox.start({ now: () => new Date(Date.now() + clockOffsetMs) });
});
beforeEach(() => {
  sandbox.reset();
  clockOffsetMs = 0;
});
after(async () => {
  await Promise.all(opened.map((r) => r.close()));
  await sandbox.close();
});

describe('ensureContact: stateless handle reuse', () => {
  it('the same data twice -> one POST /customers, the same handle, no update', async () => {
    const r = registrar();
    const first = await r.ensureContact(JANE);
    assert.deepEqual(first, { handle: first.handle, reused: false });
    assert.match(first.handle, /^JD\d{6}-NL$/);
    const second = await r.ensureContact({ ...JANE, email: 'jane@example.com' }); // e-mail case does not matter
    assert.deepEqual(second, { handle: first.handle, reused: true });
    assert.equal(count(CREATE_CUSTOMER), 1);
    assert.equal(count(UPDATE_CUSTOMER), 0);
    assert.equal(count(CUSTOMERS), 2);
    assert.equal(count(GET_CUSTOMER), 1, 'the list has no fax: the candidate is confirmed on the full record');
    const stored = sandbox.customer(first.handle)!.data as Record<string, unknown>;
    assert.deepEqual(stored.address, {
      street: 'Keizersgracht',
      number: '123',
      suffix: 'a, 3rd floor',
      zipcode: '1015 CJ',
      city: 'Amsterdam',
      country: 'NL',
    });
    assert.deepEqual(stored.phone, { country_code: '+31', area_code: '201', subscriber_number: '234567' });
    assert.deepEqual(stored.name, { first_name: 'Jane', last_name: 'Doe' });
    assert.equal(stored.company_name, 'Doe Holding B.V.');
  });

  it('a changed phone -> PUT /customers/{handle}, the same handle, the new data stored', async () => {
    const r = registrar();
    const { handle } = await r.ensureContact(JANE);
    const moved = await r.ensureContact({ ...JANE, phone: '+31.109998877', fax: undefined });
    assert.deepEqual(moved, { handle, reused: true });
    assert.equal(count(CREATE_CUSTOMER), 1);
    assert.equal(count(UPDATE_CUSTOMER), 1);
    const stored = sandbox.customer(handle)!.data as Record<string, unknown>;
    assert.deepEqual(stored.phone, { country_code: '+31', area_code: '109', subscriber_number: '998877' });
    assert.equal((stored.fax as { subscriber_number: string }).subscriber_number, '', 'an absent fax clears it');
    const body = sandbox.journal({ route: UPDATE_CUSTOMER })[0]!.body as Record<string, unknown>;
    assert.ok(!('name' in body) && !('company_name' in body), 'name and company never go in a PUT');
    // and now the updated data is identical: no further write
    assert.deepEqual(await r.ensureContact({ ...JANE, phone: '+31.109998877', fax: undefined }), {
      handle,
      reused: true,
    });
    assert.equal(count(UPDATE_CUSTOMER), 1);
  });

  it('a changed last name or company -> a new handle; the old one is left alone', async () => {
    const r = registrar();
    const { handle } = await r.ensureContact(JANE);
    const married = await r.ensureContact({ ...JANE, lastName: 'Smith' });
    assert.equal(married.reused, false);
    assert.notEqual(married.handle, handle);
    const otherCompany = await r.ensureContact({ ...JANE, organisation: undefined });
    assert.equal(otherCompany.reused, false);
    assert.notEqual(otherCompany.handle, handle);
    assert.equal(count(CREATE_CUSTOMER), 3);
    assert.equal(count(UPDATE_CUSTOMER), 0);
    assert.equal((sandbox.customer(handle)!.data as { name: { last_name: string } }).name.last_name, 'Doe');
  });

  it('a handle of the same person with other data (another city) is updated, not duplicated', async () => {
    const r = registrar();
    const a = await r.ensureContact({ ...JANE, city: 'Utrecht' });
    const b = await r.ensureContact({ ...JANE, lastName: 'Doe-Other' });
    assert.notEqual(a.handle, b.handle);
    // Jane Doe moves back to Amsterdam: the Utrecht handle is updated, not a new one made.
    assert.deepEqual(await r.ensureContact(JANE), { handle: a.handle, reused: true });
    assert.equal((sandbox.customer(a.handle)!.data as { address: { city: string } }).address.city, 'Amsterdam');
  });

  it('a phone that is not +CC.NUMBER is refused before any call', async () => {
    const r = registrar();
    await rejectsWith(r.ensureContact({ ...JANE, phone: '020-1234567' }), RegistrarRejectedError);
    assert.equal(sandbox.journal().length, 0);
  });
});

describe('checkAvailability', () => {
  it('maps free, active, reserved, premium and unsupported, in the order asked', async () => {
    sandbox.seedDomain({ domain: 'taken-here.com', nameservers: ['ns1.a.net'] });
    sandbox.seedExternalDomain({ domain: 'taken-elsewhere.nl', authCode: 'x', nameservers: ['ns1.a.net'] });
    const r = registrar();
    const result = await r.checkAvailability([
      'unregistered-one.com',
      'taken-here.com',
      'taken-elsewhere.nl',
      'reserved-name.org',
      'premium-shop.com',
      'agency.gov',
      'unregistered-two.co.uk',
    ]);
    assert.deepEqual(result, [
      { domain: 'unregistered-one.com', status: 'available' },
      { domain: 'taken-here.com', status: 'taken', reason: 'Domain exists' },
      { domain: 'taken-elsewhere.nl', status: 'taken', reason: 'Domain exists' },
      { domain: 'reserved-name.org', status: 'reserved', reason: 'Domain is reserved' },
      { domain: 'premium-shop.com', status: 'premium', premiumPrice: { amount: '120.00', currency: 'USD' } },
      { domain: 'agency.gov', status: 'unsupported', reason: 'Invalid domain extension' },
      { domain: 'unregistered-two.co.uk', status: 'available' },
    ]);
    const checks = sandbox.journal({ route: CHECK });
    assert.equal(checks[0]!.code, 307, 'the batch was refused for the .gov name');
    assert.equal(checks.length, 1 + 7, 'then asked one by one');
    for (const c of checks) assert.equal((c.body as { with_price: boolean }).with_price, true);
  });

  it('asks in batches of 20', async () => {
    const names = Array.from({ length: 45 }, (_, i) => `unregistered-${i}.com`);
    const result = await registrar().checkAvailability(names);
    assert.equal(result.length, 45);
    assert.ok(result.every((a, i) => a.domain === names[i] && a.status === 'available'));
    assert.deepEqual(
      sandbox.journal({ route: CHECK }).map((e) => (e.body as { domains: unknown[] }).domains.length),
      [20, 20, 5],
    );
  });

  it('rate limit (code 50) on the check is temporary', async () => {
    sandbox.injectFault({ route: CHECK, code: 50, desc: 'Calls limit has been reached' });
    await rejectsWith(registrar().checkAvailability(['unregistered-x.com']), RegistrarTemporaryError, '50');
  });
});

describe('register', () => {
  it('registers with the handles, autorenew off and the name servers; the domain is active', async () => {
    const r = registrar();
    const { handle } = await r.ensureContact(JANE);
    const tech = (await r.ensureContact({ ...JANE, firstName: 'Tom', lastName: 'Tech', organisation: undefined }))
      .handle;
    const result = await r.register({
      ...request('unregistered-new.com', handle),
      contacts: { owner: { handle }, admin: { handle }, tech: { handle: tech }, billing: { handle } },
      periodYears: 2,
    });
    const view = sandbox.domain('unregistered-new.com')!;
    assert.equal(result.state, 'active');
    assert.equal(result.alreadyRegistered, false);
    assert.equal(result.reference, String(view.id));
    // Openprovider dates have whole seconds
    assert.equal(result.expiresAt, new Date(Math.floor(Date.parse(view.expiresAt!) / 1000) * 1000).toISOString());
    const years = (Date.parse(result.expiresAt!) - Date.now()) / (365.25 * 86_400_000);
    assert.ok(years > 1.9 && years < 2.1, `expires in about 2 years, got ${years}`);
    const body = sandbox.journal({ route: CREATE })[0]!.body as Record<string, unknown>;
    assert.equal(body.autorenew, 'off');
    assert.equal(body.period, 2);
    assert.equal(body.owner_handle, handle);
    assert.equal(body.tech_handle, tech);
    assert.equal(body.billing_handle, handle);
    assert.ok(!('accept_premium_fee' in body));
    assert.deepEqual(view.handles, { owner: handle, admin: handle, tech, billing: handle });
    assert.equal(view.autorenew, 'off');
    assert.deepEqual(view.nameservers, ['ns1.example.net', 'ns2.example.net']);
    const info = await r.getDomain('unregistered-new.com');
    assert.equal(info?.state, 'active');
    assert.equal(info?.reference, String(view.id));
  });

  it('twice -> one POST /domains; the second reports the first', async () => {
    const r = registrar();
    const first = await r.register(request('unregistered-twice.com', sandbox.defaultHandle));
    const second = await r.register(request('unregistered-twice.com', sandbox.defaultHandle));
    assert.equal(count(CREATE), 1);
    assert.deepEqual(second, { ...first, alreadyRegistered: true });
  });

  it('an answer lost after the POST (326 on the retry) is found, not failed', async () => {
    const r = registrar();
    // The first lookup misses (as if the earlier POST had not landed yet), then the POST says 326.
    sandbox.injectFault({ route: 'GET /v1beta/domains', rawBody: '{"code":0,"desc":"","data":{"total":0}}' });
    sandbox.seedDomain({ domain: 'unregistered-race.com', nameservers: ['ns1.a.net'] });
    const result = await r.register(request('unregistered-race.com', sandbox.defaultHandle));
    assert.equal(result.alreadyRegistered, true);
    assert.equal(count(CREATE, 326), 1);
  });

  it('pending (REQ) first, active after the policy delay on the sandbox clock', async () => {
    sandbox.setRegistrationPolicy({ mode: 'pending', afterMs: 60_000 });
    const r = registrar();
    const result = await r.register(request('unregistered-slow.com', sandbox.defaultHandle));
    assert.equal(result.state, 'pending');
    assert.equal(result.expiresAt, undefined);
    assert.equal(sandbox.domain('unregistered-slow.com')?.status, 'REQ');
    const pending = await r.getDomain('unregistered-slow.com');
    assert.equal(pending?.state, 'pending');
    const again = await r.register(request('unregistered-slow.com', sandbox.defaultHandle));
    assert.deepEqual(again, { state: 'pending', alreadyRegistered: true, reference: result.reference });
    clockOffsetMs += 61_000;
    const active = await r.getDomain('unregistered-slow.com');
    assert.equal(active?.state, 'active');
    assert.ok(active?.expiresAt);
    assert.equal(count(CREATE), 1);
  });

  it('activateRegistration (and its control route) completes a pending registration at once', async () => {
    const control = (method: string, path: string, body?: unknown) =>
      fetch(`${sandbox.baseUrl}/_sandbox${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    assert.equal((await control('PUT', '/registration-policy', { mode: 'pending' })).status, 400);
    assert.equal((await control('PUT', '/registration-policy', { mode: 'pending', afterMs: 3_600_000 })).status, 200);
    const r = registrar();
    assert.equal((await r.register(request('unregistered-manual.com', sandbox.defaultHandle))).state, 'pending');
    const activated = await control('POST', '/registrations/unregistered-manual.com/activate');
    assert.equal(activated.status, 200);
    assert.equal(((await activated.json()) as { domain: { status: string } }).domain.status, 'ACT');
    assert.equal((await control('POST', '/registrations/unregistered-manual.com/activate')).status, 409);
    assert.equal((await r.getDomain('unregistered-manual.com'))?.state, 'active');
    sandbox.reset();
    assert.equal(
      (await registrar().register(request('unregistered-after.com', sandbox.defaultHandle))).state,
      'active',
    );
  });

  it('premium: refused (379) without a price, refused without a POST at a wrong price, accepted at the quote', async () => {
    const r = registrar();
    const owner = sandbox.defaultHandle;
    const refused = await rejectsWith(r.register(request('premium-cars.com', owner)), RegistrarRejectedError, '379');
    assert.match(refused.message, /premium/);
    assert.equal(sandbox.domain('premium-cars.com'), undefined);
    await rejectsWith(
      r.register(request('premium-cars.com', owner, { premiumPrice: { amount: '99.00', currency: 'USD' } })),
      RegistrarRejectedError,
      '379',
    );
    assert.equal(count(CREATE), 1, 'the wrong price never reached POST /domains');
    const [quote] = await r.checkAvailability(['premium-cars.com']);
    const ok = await r.register(request('premium-cars.com', owner, { premiumPrice: quote!.premiumPrice }));
    assert.equal(ok.state, 'active');
    assert.equal((sandbox.journal({ route: CREATE }).at(-1)!.body as Record<string, unknown>).accept_premium_fee, 120);
    assert.equal(sandbox.domain('premium-cars.com')?.acceptedPremiumFee, 120);
  });

  it('a price for a name that is not premium is not sent', async () => {
    const r = registrar();
    await r.register(
      request('unregistered-plain.com', sandbox.defaultHandle, { premiumPrice: { amount: '120.00', currency: 'USD' } }),
    );
    assert.ok(!('accept_premium_fee' in (sandbox.journal({ route: CREATE })[0]!.body as object)));
  });

  it('.ca: extras.legalType goes out as additional_data.legal_type; without it the registry refuses', async () => {
    const r = registrar();
    await r.register(request('unregistered-maple.ca', sandbox.defaultHandle, { extras: { legalType: 'CCO' } }));
    assert.deepEqual((sandbox.journal({ route: CREATE })[0]!.body as Record<string, unknown>).additional_data, {
      legal_type: 'CCO',
    });
    assert.deepEqual(sandbox.domain('unregistered-maple.ca')?.additionalData, { legal_type: 'CCO' });
    await rejectsWith(r.register(request('unregistered-other.ca', sandbox.defaultHandle)), RegistrarRejectedError);
    await rejectsWith(
      r.register(request('unregistered-x.com', sandbox.defaultHandle, { extras: { legalType: 'CCO' } })),
      RegistrarRejectedError,
    );
    assert.equal(count(CREATE), 2, 'an extra the TLD does not use is refused before the POST');
  });

  it('inline contacts, unknown handles, taken and reserved names are rejected', async () => {
    const r = registrar();
    await rejectsWith(
      r.register({
        ...request('unregistered-inline.com', sandbox.defaultHandle),
        contacts: {
          owner: { contact: JANE },
          admin: { handle: sandbox.defaultHandle },
          tech: { handle: sandbox.defaultHandle },
          billing: { handle: sandbox.defaultHandle },
        },
      }),
      RegistrarRejectedError,
    );
    assert.equal(sandbox.journal().length, 0, 'nothing sent for an inline contact');
    await rejectsWith(r.register(request('unregistered-nobody.com', 'NO000000-XX')), RegistrarRejectedError, '101');
    sandbox.seedExternalDomain({ domain: 'someone-elses.com', authCode: 'x', nameservers: ['ns1.a.net'] });
    await rejectsWith(r.register(request('someone-elses.com', sandbox.defaultHandle)), RegistrarRejectedError, '311');
    await rejectsWith(r.register(request('reserved-x.com', sandbox.defaultHandle)), RegistrarRejectedError, '311');
    assert.equal(sandbox.domain('unregistered-nobody.com'), undefined);
  });
});

describe('setPrivacy and error classes on the new calls', () => {
  it('setPrivacy sends is_private_whois_enabled; getDomain reports it', async () => {
    const r = registrar();
    await r.register(request('unregistered-private.com', sandbox.defaultHandle));
    await r.setPrivacy('unregistered-private.com', true);
    assert.equal(sandbox.domain('unregistered-private.com')?.privacy, true);
    assert.equal((await r.getDomain('unregistered-private.com'))?.privacy, true);
    await r.setPrivacy('unregistered-private.com', false);
    assert.equal((await r.getDomain('unregistered-private.com'))?.privacy, false);
    assert.deepEqual(
      sandbox.journal({ route: UPDATE }).map((e) => e.body),
      [{ is_private_whois_enabled: true }, { is_private_whois_enabled: false }],
    );
    await rejectsWith(r.setPrivacy('not-mine.com', true), RegistrarRejectedError, '320');
  });

  it('rate limit (50) on POST /domains is temporary; 196 twice on GET /customers is an authentication failure', async () => {
    const r = registrar();
    sandbox.injectFault({ route: CREATE, code: 50, desc: 'Calls limit has been reached' });
    await rejectsWith(r.register(request('unregistered-rl.com', sandbox.defaultHandle)), RegistrarTemporaryError, '50');
    sandbox.injectFault({ route: CUSTOMERS, code: 196, desc: 'Authentication/Authorization Failed', times: 2 });
    await rejectsWith(r.ensureContact(JANE), RegistrarAuthenticationError, '196');
    assert.equal(count(CREATE_CUSTOMER), 0);
  });
});

describe('sandbox customers', () => {
  async function call(method: string, path: string, body?: unknown) {
    const login = await fetch(`${sandbox.baseUrl}/v1beta/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(SANDBOX_OPENPROVIDER_CREDENTIALS),
    });
    const token = ((await login.json()) as { data: { token: string } }).data.token;
    const res = await fetch(`${sandbox.baseUrl}/v1beta${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as { code: number; data: unknown };
  }

  it('GET /customers: patterns with *, case-insensitive, limit/offset and total', async () => {
    const r = registrar();
    await r.ensureContact(JANE);
    await r.ensureContact({ ...JANE, lastName: 'Doerak', email: 'doerak@example.org', organisation: 'Other' });
    await r.ensureContact({ ...JANE, firstName: 'John', lastName: 'Smith', email: 'john@example.org' });
    const handles = async (query: string) => {
      const json = await call('GET', `/customers?${query}`);
      assert.equal(json.code, 0);
      const data = json.data as { total: number; results?: Array<{ handle: string; name: { last_name: string } }> };
      return { total: data.total, names: (data.results ?? []).map((c) => c.name.last_name) };
    };
    assert.deepEqual(await handles('last_name_pattern=doe'), { total: 1, names: ['Doe'] });
    assert.deepEqual(await handles('last_name_pattern=Doe*'), { total: 2, names: ['Doe', 'Doerak'] });
    assert.deepEqual(await handles('email_pattern=*@example.org'), { total: 2, names: ['Doerak', 'Smith'] });
    assert.deepEqual(await handles('company_name_pattern=doe*'), { total: 2, names: ['Doe', 'Smith'] });
    assert.deepEqual(await handles('limit=2&offset=1'), { total: 4, names: ['Doe', 'Doerak'] });
    assert.deepEqual(await handles('last_name_pattern=nobody'), { total: 0, names: [] });
    assert.equal(sandbox.customers({ lastName: 'Doe*' }).length, 2);
  });

  it('PUT /customers/{handle} refuses name and company changes', async () => {
    const { handle } = await registrar().ensureContact(JANE);
    const rename = await call('PUT', `/customers/${handle}`, { company_name: 'New Name B.V.' });
    assert.notEqual(rename.code, 0);
    assert.match(String(rename.data), /company_name/);
    assert.equal((sandbox.customer(handle)!.data as { company_name: string }).company_name, 'Doe Holding B.V.');
  });
});

describe('OpenAPI conformance of the registration routes', () => {
  it('check, create (ACT, REQ, premium, extras), get with additional data and customer search', async () => {
    const problems: string[] = [];
    const login = await fetch(`${sandbox.baseUrl}/v1beta/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(SANDBOX_OPENPROVIDER_CREDENTIALS),
    });
    const token = ((await login.json()) as { data: { token: string } }).data.token;
    async function expectValid(method: string, template: string, path: string, body?: unknown) {
      const res = await fetch(`${sandbox.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json()) as { code: number; data: Record<string, unknown> };
      const status = json.code === 0 ? '200' : 'default';
      for (const p of responseProblems(method, template, json, status))
        problems.push(`${method} ${path} [${status}] ${p}`);
      return json;
    }

    const r = registrar();
    const { handle } = await r.ensureContact(JANE);
    await expectValid('GET', '/v1beta/customers', '/v1beta/customers?last_name_pattern=Doe&limit=10');
    await expectValid('GET', '/v1beta/customers', '/v1beta/customers?email_pattern=nobody*');
    await expectValid('GET', '/v1beta/customers/{handle}', `/v1beta/customers/${handle}`);
    const check = await expectValid('POST', '/v1beta/domains/check', '/v1beta/domains/check', {
      domains: [
        { name: 'premium-x', extension: 'com' },
        { name: 'reserved-x', extension: 'com' },
        { name: 'unregistered-x', extension: 'com' },
      ],
      with_price: true,
    });
    assert.equal((check.data.results as Array<{ is_premium: boolean }>)[0]!.is_premium, true);
    await expectValid('POST', '/v1beta/domains/check', '/v1beta/domains/check', {
      domains: [{ name: 'x', extension: 'gov' }],
    });
    const base = { period: 1, owner_handle: handle, autorenew: 'off', name_servers: [{ name: 'ns1.example.net' }] };
    const premium = await expectValid('POST', '/v1beta/domains', '/v1beta/domains', {
      ...base,
      domain: { name: 'premium-x', extension: 'com' },
    });
    assert.equal(premium.code, 379);
    const ca = await expectValid('POST', '/v1beta/domains', '/v1beta/domains', {
      ...base,
      domain: { name: 'unregistered-x', extension: 'ca' },
      additional_data: { legal_type: 'CCO' },
    });
    assert.equal(ca.code, 0);
    sandbox.setRegistrationPolicy({ mode: 'pending', afterMs: 1000 });
    const req = await expectValid('POST', '/v1beta/domains', '/v1beta/domains', {
      ...base,
      domain: { name: 'premium-x', extension: 'com' },
      accept_premium_fee: 120,
    });
    assert.equal(req.data.status, 'REQ');
    await expectValid(
      'GET',
      '/v1beta/domains/{id}',
      `/v1beta/domains/${String(ca.data.id)}?with_additional_data=true&with_history=true`,
    );
    await expectValid('GET', '/v1beta/domains', '/v1beta/domains?domain_name_pattern=*&with_additional_data=true');
    assert.deepEqual(problems, []);
  });
});
