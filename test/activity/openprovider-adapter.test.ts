import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { OpenproviderRegistrar } from '../../src/registrars/openprovider/adapter';
import { OpenproviderClient, type OpenproviderClientOptions } from '../../src/registrars/openprovider/client';
import {
  RegistrarAuthenticationError,
  RegistrarError,
  RegistrarFundsError,
  RegistrarRejectedError,
  RegistrarTemporaryError,
} from '../../src/registrars/errors';
import {
  OpenproviderSandbox,
  SANDBOX_OPENPROVIDER_CREDENTIALS,
  SANDBOX_OPENPROVIDER_DEFAULT_HANDLE,
  type InjectedFault,
} from '../../src/sandbox/openprovider/server';
import { responseProblems } from '../../src/sandbox/openprovider/openapi';
import { openproviderClientOptions, rejectsWithRegistrarError } from '../helpers/registrars';

const LOGIN = 'POST /v1beta/auth/login';
const LIST = 'GET /v1beta/domains';
const GET_ONE = 'GET /v1beta/domains/{id}';
const TRANSFER = 'POST /v1beta/domains/transfer';
const UPDATE = 'PUT /v1beta/domains/{id}';

let sandbox: OpenproviderSandbox;
let clockOffsetMs = 0;
const opened: OpenproviderRegistrar[] = [];

const clientOptions = (overrides: Partial<OpenproviderClientOptions> = {}): OpenproviderClientOptions =>
  openproviderClientOptions(sandbox.baseUrl, overrides);

function registrar(overrides: Partial<OpenproviderClientOptions> = {}, withHandles = true): OpenproviderRegistrar {
  const r = new OpenproviderRegistrar({
    ...clientOptions(overrides),
    handles: withHandles ? { owner: sandbox.defaultHandle } : undefined,
  });
  opened.push(r);
  return r;
}

const count = (route: string, code?: number): number =>
  sandbox.journal({ route }).filter((e) => code === undefined || e.code === code).length;
const lastSeq = (): number => sandbox.journal().at(-1)?.seq ?? 0;
const since = (seq: number) => sandbox.journal().filter((e) => e.seq > seq);

const rejectsWith = <T extends RegistrarError>(
  promise: Promise<unknown>,
  cls: abstract new (...args: never[]) => T,
  code?: string,
): Promise<T> => rejectsWithRegistrarError(promise, cls, 'openprovider', code);

before(async () => {
  sandbox = await OpenproviderSandbox.start({ tokenTtlMs: 60_000, now: () => new Date(Date.now() + clockOffsetMs) });
});
beforeEach(() => {
  sandbox.reset();
  clockOffsetMs = 0;
});
after(async () => {
  await Promise.all(opened.map((r) => r.close()));
  await sandbox.close();
});

describe('token handling', () => {
  it('logs in once and reuses the token for many calls, sequential and concurrent', async () => {
    sandbox.seedDomain({ domain: 'reuse.com', nameservers: ['ns1.example.net', 'ns2.example.net'] });
    const r = registrar();
    for (let i = 0; i < 4; i++) assert.ok(await r.getDomain('reuse.com'));
    await Promise.all(Array.from({ length: 6 }, () => r.getDomain('reuse.com')));
    assert.equal(count(LOGIN), 1);
    assert.equal(count(LIST), 10);
    assert.equal(count(GET_ONE), 10);
  });

  it('concurrent first callers share one login in flight', async () => {
    const r = registrar();
    const results = await Promise.all(Array.from({ length: 8 }, () => r.getDomain('nothing-here.com')));
    assert.deepEqual(results, Array(8).fill(null));
    assert.equal(count(LOGIN), 1);
  });

  it('an expired token (code 196) costs one re-login and one replay', async () => {
    sandbox.seedDomain({ domain: 'expiry.com', nameservers: ['ns1.example.net', 'ns2.example.net'] });
    const r = registrar();
    await r.getDomain('expiry.com');
    const mark = lastSeq();
    clockOffsetMs += 61_000; // past the sandbox's 60 s token lifetime; the client still trusts its 24 h cache
    const info = await r.getDomain('expiry.com');
    assert.equal(info?.domain, 'expiry.com');
    const routes = since(mark).map((e) => `${e.route} ${e.code}`);
    assert.deepEqual(routes, [`${LIST} 196`, `${LOGIN} 0`, `${LIST} 0`, `${GET_ONE} 0`]);
    assert.equal(count(LOGIN), 2);
  });

  it('concurrent calls hitting 196 together share the one re-login', async () => {
    const r = registrar();
    await r.getDomain('a.com');
    sandbox.expireTokens();
    await Promise.all(Array.from({ length: 5 }, () => r.getDomain('a.com')));
    assert.equal(count(LOGIN), 2);
    assert.equal(count(LIST, 196), 5);
  });

  it('196 again after the re-login is an authentication error, not a loop', async () => {
    const r = registrar();
    await r.getDomain('a.com');
    const mark = lastSeq();
    sandbox.injectFault({ route: LIST, code: 196, desc: 'Authentication/Authorization Failed', times: 2 });
    await rejectsWith(r.getDomain('a.com'), RegistrarAuthenticationError, '196');
    assert.deepEqual(
      since(mark).map((e) => e.route),
      [LIST, LOGIN, LIST],
    );
  });

  it('wrong credentials: authentication error, and the failed login is not cached', async () => {
    const r = registrar({ password: 'wrong' });
    const err = await rejectsWith(r.getDomain('a.com'), RegistrarAuthenticationError, '196');
    assert.match(err.message, /Authentication\/Authorization Failed/);
    await rejectsWith(r.getDomain('a.com'), RegistrarAuthenticationError, '196');
    assert.equal(count(LOGIN, 196), 2);
    assert.equal(count(LIST), 0, 'no call is sent without a token');
  });

  it('a rate-limited login (code 50) is temporary and the next call logs in afresh', async () => {
    const r = registrar();
    sandbox.injectFault({ route: LOGIN, code: 50, desc: 'Calls limit has been reached' });
    await rejectsWith(r.getDomain('a.com'), RegistrarTemporaryError, '50');
    assert.equal(await r.getDomain('a.com'), null);
    assert.deepEqual(
      sandbox.journal({ route: LOGIN }).map((e) => e.code),
      [50, 0],
    );
  });
});

describe('transfers', () => {
  const OLD_NS = ['ns1.old-registrar.net', 'ns2.old-registrar.net'];
  const NEW_NS = ['ns1.openprovider.nl', 'ns2.openprovider.be'];

  it('request -> pending -> approve -> completed with the OLD name servers -> set new ones', async () => {
    sandbox.seedExternalDomain({ domain: 'moving.com', authCode: 'Xa9#kP2m!q', nameservers: OLD_NS });
    const r = registrar();
    assert.deepEqual(await r.checkTransfer('moving.com', 'Xa9#kP2m!q'), { possible: true });
    const requested = await r.requestTransfer({ domain: 'moving.com', authCode: 'Xa9#kP2m!q' });
    assert.equal(requested.alreadyPending, false);
    assert.equal(requested.reference, String(sandbox.domain('moving.com')?.id));
    assert.deepEqual(await r.getTransferStatus('moving.com'), { state: 'pending', registrarStatus: 'REQ' });

    sandbox.approveTransfer('moving.com');
    assert.deepEqual(await r.getTransferStatus('moving.com'), { state: 'completed', registrarStatus: 'ACT' });
    const completed = await r.getDomain('moving.com');
    assert.ok(completed);
    assert.deepEqual(completed.nameservers, OLD_NS);
    assert.equal(completed.transferLock, true);
    assert.ok(completed.statuses.includes('ACT'));
    assert.ok(completed.statuses.includes('clientTransferProhibited'));
    assert.match(completed.expiresAt ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
    assert.ok(Date.parse(completed.expiresAt!) > Date.now() + 365 * 86_400_000, 'a year added on transfer');

    await r.setNameservers('moving.com', NEW_NS);
    assert.deepEqual((await r.getDomain('moving.com'))?.nameservers, NEW_NS);
    assert.deepEqual(sandbox.domain('moving.com')?.nameservers, NEW_NS);
    const put = sandbox.journal({ route: UPDATE }).at(-1);
    assert.deepEqual(put?.body, {
      name_servers: [
        { name: NEW_NS[0], seq_nr: 0 },
        { name: NEW_NS[1], seq_nr: 1 },
      ],
      remove_nses: true,
    });
  });

  it('sends the configured handles and the ASCII split of multi-level IDN names', async () => {
    const r = registrar();
    await r.requestTransfer({ domain: 'bücher.co.uk', authCode: 'any-code' });
    const post = sandbox.journal({ route: TRANSFER }).at(-1);
    assert.equal(post?.domain, 'xn--bcher-kva.co.uk');
    const body = post?.body as Record<string, unknown>;
    assert.deepEqual(body.domain, { name: 'xn--bcher-kva', extension: 'co.uk' });
    assert.equal(body.owner_handle, sandbox.defaultHandle);
    assert.equal(body.billing_handle, sandbox.defaultHandle);
    assert.equal(body.auth_code, '***', 'the journal masks auth codes');
    assert.equal(body.name_servers, undefined, 'no name servers substituted');
    assert.equal(sandbox.domain('xn--bcher-kva.co.uk')?.status, 'REQ');
  });

  it('reject -> failed with the reason, and it stays failed', async () => {
    const r = registrar();
    await r.requestTransfer({ domain: 'refused.com', authCode: 'code' });
    sandbox.rejectTransfer('refused.com', 'Transfer refused by the losing registrar: domain locked');
    for (let i = 0; i < 2; i++) {
      assert.deepEqual(await r.getTransferStatus('refused.com'), {
        state: 'failed',
        registrarStatus: 'FAI',
        reason: 'Transfer refused by the losing registrar: domain locked',
      });
    }
  });

  it('scripted policy: approve / reject after a delay on the sandbox clock', async () => {
    const r = registrar();
    sandbox.setTransferPolicy({ mode: 'approve', afterMs: 5_000 });
    await r.requestTransfer({ domain: 'later.com', authCode: 'code' });
    assert.equal((await r.getTransferStatus('later.com')).state, 'pending');
    clockOffsetMs += 5_001;
    assert.equal((await r.getTransferStatus('later.com')).state, 'completed');

    sandbox.setTransferPolicy({ mode: 'reject', afterMs: 0, reason: 'registry said no' });
    await r.requestTransfer({ domain: 'never.com', authCode: 'code' });
    assert.deepEqual(await r.getTransferStatus('never.com'), {
      state: 'failed',
      registrarStatus: 'FAI',
      reason: 'registry said no',
    });
  });

  it('requestTransfer twice -> one POST /domains/transfer', async () => {
    const r = registrar();
    const first = await r.requestTransfer({ domain: 'twice.com', authCode: 'code' });
    const second = await r.requestTransfer({ domain: 'twice.com', authCode: 'code' });
    assert.equal(first.alreadyPending, false);
    assert.deepEqual(second, { alreadyPending: true, reference: first.reference });
    assert.equal(count(TRANSFER), 1);
    // a retry after the transfer completed reports it too, still without a second POST
    sandbox.approveTransfer('twice.com');
    assert.deepEqual(await r.requestTransfer({ domain: 'twice.com', authCode: 'code' }), second);
    assert.equal(count(TRANSFER), 1);
  });

  it('wrong auth code for a seeded domain -> rejected with code 318', async () => {
    sandbox.seedExternalDomain({ domain: 'guarded.com', authCode: 'right-code', nameservers: OLD_NS });
    const r = registrar();
    const err = await rejectsWith(
      r.requestTransfer({ domain: 'guarded.com', authCode: 'wrong-code' }),
      RegistrarRejectedError,
      '318',
    );
    assert.match(err.message, /authorization code/i);
    assert.equal(sandbox.domain('guarded.com'), undefined);
    assert.equal(sandbox.journal({ route: TRANSFER }).at(-1)?.code, 318);
  });

  it('a free name cannot be transferred (313), nor can a domain already in the account', async () => {
    const r = registrar();
    await rejectsWith(
      r.requestTransfer({ domain: 'unregistered-name.com', authCode: 'x' }),
      RegistrarRejectedError,
      '313',
    );
    sandbox.seedDomain({ domain: 'mine.com', nameservers: OLD_NS });
    await rejectsWith(r.requestTransfer({ domain: 'mine.com', authCode: 'x' }), RegistrarRejectedError, '326');
    assert.equal(count(TRANSFER), 1, 'the account lookup stops the second one before any POST');
  });

  it('without an owner handle nothing is sent', async () => {
    const r = registrar({}, false);
    await rejectsWith(r.requestTransfer({ domain: 'nohandle.com', authCode: 'x' }), RegistrarRejectedError);
    assert.equal(count(TRANSFER), 0);
  });

  it('checkTransfer answers from the account and POST /domains/check', async () => {
    const r = registrar();
    assert.deepEqual(await r.checkTransfer('elsewhere.com', 'any'), { possible: true });
    const free = await r.checkTransfer('unregistered-thing.com', 'any');
    assert.equal(free.possible, false);
    assert.match(free.reason ?? '', /not registered/);
    sandbox.seedDomain({ domain: 'owned.com', nameservers: OLD_NS });
    const owned = await r.checkTransfer('owned.com', 'any');
    assert.equal(owned.possible, false);
    assert.match(owned.reason ?? '', /already in this Openprovider account/);
    const mark = lastSeq();
    assert.deepEqual(await r.checkTransfer('elsewhere.com', ' '), {
      possible: false,
      authInvalid: true,
      reason: 'the auth code is empty',
    });
    assert.equal(since(mark).length, 0, 'an empty auth code is refused without a call');
    assert.equal(count('POST /v1beta/domains/check'), 2);
  });

  it('getTransferStatus of a domain that was never requested ends as failed', async () => {
    const status = await registrar().getTransferStatus('ghost.com');
    assert.equal(status.state, 'failed');
  });
});

describe('domain reads and updates', () => {
  it('getDomain: null when absent; fields mapped when present', async () => {
    const r = registrar();
    assert.equal(await r.getDomain('absent.com'), null);
    sandbox.seedDomain({
      domain: 'present.co.uk',
      nameservers: ['NS1.Example.net', 'ns2.example.net'],
      expiresAt: new Date('2027-06-30T22:00:00Z'),
      transferLock: false,
    });
    assert.deepEqual(await r.getDomain('present.co.uk'), {
      domain: 'present.co.uk',
      state: 'active',
      statuses: ['ACT'],
      nameservers: ['ns1.example.net', 'ns2.example.net'],
      transferLock: false,
      expiresAt: '2027-06-30T22:00:00.000Z',
      privacy: false,
      reference: String(sandbox.domain('present.co.uk')!.id),
    });
  });

  it('setTransferLock sends is_locked and the domain follows', async () => {
    sandbox.seedDomain({ domain: 'lockme.com', nameservers: ['ns1.example.net'], transferLock: false });
    const r = registrar();
    await r.setTransferLock('lockme.com', true);
    assert.equal(sandbox.domain('lockme.com')?.transferLock, true);
    assert.deepEqual(sandbox.journal({ route: UPDATE }).at(-1)?.body, { is_locked: true });
    assert.ok((await r.getDomain('lockme.com'))?.statuses.includes('clientTransferProhibited'));
    await r.setTransferLock('lockme.com', false);
    assert.equal(sandbox.domain('lockme.com')?.transferLock, false);
    assert.equal((await r.getDomain('lockme.com'))?.transferLock, false);
  });

  it('updates of a domain outside the account are rejected (320) without a PUT', async () => {
    const r = registrar();
    await rejectsWith(r.setNameservers('stranger.com', ['ns1.example.net']), RegistrarRejectedError, '320');
    await rejectsWith(r.setTransferLock('stranger.com', true), RegistrarRejectedError, '320');
    assert.equal(count(UPDATE), 0);
  });

  it('updates of a pending transfer are refused by the API (366)', async () => {
    const r = registrar();
    await r.requestTransfer({ domain: 'inflight.com', authCode: 'x' });
    await rejectsWith(r.setTransferLock('inflight.com', false), RegistrarRejectedError, '366');
  });
});

describe('error classification over HTTP (by code, not HTTP status)', () => {
  const cases: Array<[string, InjectedFault, abstract new (...args: never[]) => RegistrarError, string]> = [
    ['maintenance: true with code 0', { route: LIST, code: 0, maintenance: true }, RegistrarTemporaryError, '0'],
    [
      'rate limit 50 / HTTP 500',
      { route: LIST, code: 50, desc: 'Calls limit has been reached' },
      RegistrarTemporaryError,
      '50',
    ],
    ['registry down 10 / HTTP 200', { route: LIST, code: 10, httpStatus: 200 }, RegistrarTemporaryError, '10'],
    ['4007 excessive use', { route: LIST, code: 4007 }, RegistrarTemporaryError, '4007'],
    [
      'IP blacklisted 10005 / HTTP 200',
      { route: LIST, code: 10005, httpStatus: 200 },
      RegistrarAuthenticationError,
      '10005',
    ],
    ['funds 920 / HTTP 500', { route: LIST, code: 920 }, RegistrarFundsError, '920'],
    ['unknown domain error 399', { route: LIST, code: 399 }, RegistrarRejectedError, '399'],
    ['not in account 320 / HTTP 200', { route: LIST, code: 320, httpStatus: 200 }, RegistrarRejectedError, '320'],
    [
      'truncated JSON / HTTP 200',
      { route: LIST, rawBody: '{"code":0,"desc":"","data":{"resu', httpStatus: 200 },
      RegistrarTemporaryError,
      '200',
    ],
    [
      'HTML 502 page',
      { route: LIST, rawBody: '<html>Bad Gateway</html>', httpStatus: 502 },
      RegistrarTemporaryError,
      '502',
    ],
    ['empty 500', { route: LIST, rawBody: '', httpStatus: 500 }, RegistrarTemporaryError, '500'],
  ];
  for (const [name, fault, cls, code] of cases) {
    it(name, async () => {
      const r = registrar();
      sandbox.injectFault(fault);
      await rejectsWith(r.getDomain('classify.com'), cls, code);
      assert.equal(await r.getDomain('classify.com'), null, 'the next call is unaffected');
    });
  }

  it('funds on the transfer POST (310) are a funds error', async () => {
    const r = registrar();
    sandbox.injectFault({ route: TRANSFER, code: 310, desc: 'Your credit is not enough' });
    await rejectsWith(r.requestTransfer({ domain: 'pricey.com', authCode: 'x' }), RegistrarFundsError, '310');
  });

  it('196 with HTTP 200 still triggers the re-login', async () => {
    const r = registrar();
    await r.getDomain('a.com');
    sandbox.injectFault({ route: LIST, code: 196, httpStatus: 200 });
    assert.equal(await r.getDomain('a.com'), null);
    assert.equal(count(LOGIN), 2);
  });

  it('connection refused is temporary', async () => {
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((done) => probe.close(() => done()));
    const r = registrar({ baseUrl: `http://127.0.0.1:${port}` });
    await rejectsWith(r.getDomain('a.com'), RegistrarTemporaryError);
  });

  it('a server that never answers times out as temporary', async () => {
    const hanging: Server = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((done) => hanging.listen(0, '127.0.0.1', done));
    const port = (hanging.address() as AddressInfo).port;
    try {
      const r = registrar({ baseUrl: `http://127.0.0.1:${port}`, requestTimeoutMs: 300 });
      const started = Date.now();
      await rejectsWith(r.getDomain('a.com'), RegistrarTemporaryError);
      assert.ok(Date.now() - started < 3_000);
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((done) => hanging.close(() => done()));
    }
  });
});

describe('logging', () => {
  it('masks the password, the bearer token and auth codes', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ level: 'trace' }, sink);
    const r = registrar({ logger });
    await r.requestTransfer({ domain: 'logged.com', authCode: 'S3cret-Auth!Code' });
    await r.getDomain('logged.com');
    const text = lines.join('');
    assert.ok(lines.length >= 4, 'calls were logged');
    assert.ok(!text.includes(SANDBOX_OPENPROVIDER_CREDENTIALS.password), 'password leaked');
    assert.ok(!text.includes('S3cret-Auth!Code'), 'auth code leaked');
    assert.doesNotMatch(text, /Bearer [0-9a-f]{32}/, 'token leaked');
    assert.match(text, /Bearer \*\*\*/);
    assert.match(text, /"auth_code":"\*\*\*"/);
    assert.ok(!JSON.stringify(sandbox.journal()).includes('S3cret-Auth!Code'), 'journal leaked the auth code');
  });
});

describe('OpenAPI conformance of sandbox responses', () => {
  async function api(method: string, path: string, body?: unknown, token?: string) {
    const res = await fetch(`${sandbox.baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  it('every implemented route answers in the swagger response shape', async () => {
    const problems: string[] = [];
    const expectValid = (method: string, path: string, json: unknown, status: '200' | 'default' = '200') => {
      for (const p of responseProblems(method, path, json, status)) problems.push(`${method} ${path} [${status}] ${p}`);
    };

    const login = await api('POST', '/v1beta/auth/login', { ...SANDBOX_OPENPROVIDER_CREDENTIALS, ip: '0.0.0.0' });
    expectValid('POST', '/v1beta/auth/login', login.json);
    const token = (login.json.data as { token: string }).token;
    const badLogin = await api('POST', '/v1beta/auth/login', { username: 'x', password: 'y' });
    assert.equal(badLogin.json.code, 196);
    expectValid('POST', '/v1beta/auth/login', badLogin.json, 'default');

    const customer = await api(
      'POST',
      '/v1beta/customers',
      {
        name: { first_name: 'Jane', last_name: 'Doe' },
        address: { street: 'Main', number: '1', zipcode: '1011AA', city: 'Amsterdam', country: 'nl' },
        phone: { country_code: '+31', area_code: '20', subscriber_number: '5551234' },
        email: 'jane@example.com',
        company_name: 'Doe BV',
      },
      token,
    );
    expectValid('POST', '/v1beta/customers', customer.json);
    const handle = (customer.json.data as { handle: string }).handle;
    assert.match(handle, /^JD\d{6}-NL$/);
    expectValid(
      'GET',
      '/v1beta/customers/{handle}',
      (await api('GET', `/v1beta/customers/${handle}`, undefined, token)).json,
    );
    const updated = await api('PUT', `/v1beta/customers/${handle}`, { email: 'jane@example.org' }, token);
    expectValid('PUT', '/v1beta/customers/{handle}', updated.json);
    assert.equal(sandbox.customer(handle)?.data.email, 'jane@example.org');
    const rename = await api(
      'PUT',
      `/v1beta/customers/${handle}`,
      { name: { first_name: 'J', last_name: 'D' } },
      token,
    );
    assert.notEqual(rename.json.code, 0, 'names change only through a new handle');
    assert.match(String(rename.json.data), /name/);

    sandbox.seedExternalDomain({
      domain: 'conform.com',
      authCode: 'code',
      nameservers: ['ns1.old.net', 'ns2.old.net'],
    });
    const check = await api(
      'POST',
      '/v1beta/domains/check',
      {
        domains: [
          { name: 'conform', extension: 'com' },
          { name: 'unregistered-x', extension: 'com' },
        ],
        with_price: true,
      },
      token,
    );
    expectValid('POST', '/v1beta/domains/check', check.json);
    const created = await api(
      'POST',
      '/v1beta/domains',
      {
        domain: { name: 'unregistered-new', extension: 'com' },
        period: 1,
        owner_handle: handle,
        name_servers: [{ name: 'ns1.example.net' }],
      },
      token,
    );
    expectValid('POST', '/v1beta/domains', created.json);
    assert.equal((created.json.data as { status: string }).status, 'ACT');
    const transfer = await api(
      'POST',
      '/v1beta/domains/transfer',
      { domain: { name: 'conform', extension: 'com' }, auth_code: 'code', owner_handle: handle },
      token,
    );
    expectValid('POST', '/v1beta/domains/transfer', transfer.json);
    const id = (transfer.json.data as { id: number }).id;
    sandbox.rejectTransfer('conform.com', 'for the history');
    expectValid(
      'GET',
      '/v1beta/domains/{id}',
      (await api('GET', `/v1beta/domains/${id}?with_history=true&with_registry_statuses=true`, undefined, token)).json,
    );
    const list = await api(
      'GET',
      '/v1beta/domains?domain_name_pattern=*&limit=10&with_registry_statuses=true',
      undefined,
      token,
    );
    expectValid('GET', '/v1beta/domains', list.json);
    assert.equal((list.json.data as { total: number }).total, 2);
    const empty = await api('GET', '/v1beta/domains?full_name=nothing.com', undefined, token);
    expectValid('GET', '/v1beta/domains', empty.json);
    const createdId = (created.json.data as { id: number }).id;
    const put = await api(
      'PUT',
      `/v1beta/domains/${createdId}`,
      {
        name_servers: [{ name: 'ns9.example.net', seq_nr: 0 }],
        is_locked: false,
        autorenew: 'off',
        is_private_whois_enabled: true,
        owner_handle: handle,
      },
      token,
    );
    expectValid('PUT', '/v1beta/domains/{id}', put.json);
    const notFound = await api('GET', '/v1beta/domains/999', undefined, token);
    assert.equal(notFound.json.code, 320);
    expectValid('GET', '/v1beta/domains/{id}', notFound.json, 'default');
    const expired = await api('GET', '/v1beta/domains', undefined, 'not-a-token');
    assert.equal(expired.json.code, 196);

    assert.deepEqual(problems, []);
  });

  it('the checker itself catches wrong types and undeclared fields', () => {
    const problems = responseProblems('GET', '/v1beta/domains/{id}', {
      code: '0',
      data: { id: 'forty', is_locked: 'yes', name_servers: [{ name: 'ns1', seq_nr: 1.5 }], nameservers: [] },
    });
    assert.deepEqual(problems.sort(), [
      '$.code: must be integer',
      '$.data.id: must be integer',
      '$.data.is_locked: must be boolean',
      '$.data.name_servers.0.seq_nr: must be integer',
      '$.data.nameservers: not declared by the schema',
    ]);
  });
});

describe('sandbox control surface', () => {
  async function control(method: string, path: string, body?: unknown) {
    const res = await fetch(`${sandbox.baseUrl}/_sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  it('seeds, approves, reports and validates bodies with errors naming the field', async () => {
    const bad = await control('POST', '/external-domains', { domain: 'x.com', nameservers: ['ns1.a.net'] });
    assert.equal(bad.status, 400);
    assert.match(String(bad.json.error), /authCode/);
    const badPolicy = await control('PUT', '/transfer-policy', { mode: 'approve' });
    assert.equal(badPolicy.status, 400);
    assert.match(String(badPolicy.json.error), /afterMs/);
    const badDomain = await control('POST', '/domains', { domain: 'not a domain', nameservers: ['ns1.a.net'] });
    assert.equal(badDomain.status, 400);
    assert.match(String(badDomain.json.error), /domain/);

    assert.equal(
      (await control('POST', '/external-domains', { domain: 'ctl.com', authCode: 'c', nameservers: ['ns1.a.net'] }))
        .status,
      201,
    );
    assert.equal((await control('POST', '/transfers/ctl.com/approve')).status, 409, 'nothing pending yet');
    await registrar().requestTransfer({ domain: 'ctl.com', authCode: 'c' });
    const approved = await control('POST', '/transfers/ctl.com/approve');
    assert.equal(approved.status, 200);
    assert.equal((approved.json.domain as { status: string }).status, 'ACT');
    const journal = await control('GET', `/journal?route=${encodeURIComponent(TRANSFER)}`);
    assert.equal((journal.json.entries as unknown[]).length, 1);
    assert.equal((await control('GET', '/domains/ctl.com')).status, 200);

    const reset = await control('POST', '/reset');
    assert.equal(reset.json.defaultHandle, sandbox.defaultHandle);
    assert.equal((await control('GET', '/domains/ctl.com')).status, 404);
    assert.equal(sandbox.journal().length, 0);
  });
});

describe('sandbox search and updates', () => {
  async function list(query: string): Promise<{ total: number; names: string[] }> {
    const login = await fetch(`${sandbox.baseUrl}/v1beta/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(SANDBOX_OPENPROVIDER_CREDENTIALS),
    });
    const token = ((await login.json()) as { data: { token: string } }).data.token;
    const res = await fetch(`${sandbox.baseUrl}/v1beta/domains?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const json = (await res.json()) as {
      code: number;
      data: { total: number; results?: Array<{ domain: { name: string; extension: string } }> };
    };
    assert.equal(json.code, 0);
    return {
      total: json.data.total,
      names: (json.data.results ?? []).map((d) => `${d.domain.name}.${d.domain.extension}`),
    };
  }

  it('filters by pattern, extension, full name, status, is_deleted, with limit/offset and total', async () => {
    assert.equal(sandbox.defaultHandle, SANDBOX_OPENPROVIDER_DEFAULT_HANDLE);
    for (const d of ['alpha.com', 'alphabet.nl', 'beta.com', 'gamma.co.uk'])
      sandbox.seedDomain({ domain: d, nameservers: ['ns1.a.net'] });
    await registrar().requestTransfer({ domain: 'delta.com', authCode: 'x' });
    assert.deepEqual(await list('domain_name_pattern=alpha*'), { total: 2, names: ['alpha.com', 'alphabet.nl'] });
    assert.deepEqual(await list('domain_name_pattern=ALPHA'), { total: 1, names: ['alpha.com'] });
    assert.deepEqual(await list('extension=co.uk'), { total: 1, names: ['gamma.co.uk'] });
    assert.deepEqual(await list('full_name=beta.com'), { total: 1, names: ['beta.com'] });
    assert.deepEqual(await list('status=REQ'), { total: 1, names: ['delta.com'] });
    assert.deepEqual(await list('limit=2&offset=1'), { total: 5, names: ['alphabet.nl', 'beta.com'] });
    assert.deepEqual(await list('is_deleted=true'), { total: 0, names: [] });
    sandbox.seedDomain({ domain: 'beta.com', nameservers: ['ns2.a.net'] }); // re-seeding replaces: the old record is deleted
    assert.deepEqual(await list('is_deleted=true'), { total: 1, names: ['beta.com'] });
  });

  it('PUT /domains/{id} applies autorenew, privacy and handles; refuses bad values', async () => {
    sandbox.seedDomain({ domain: 'settings.com', nameservers: ['ns1.a.net'] });
    const client = new OpenproviderClient(clientOptions());
    try {
      const id = sandbox.domain('settings.com')!.id;
      const { z } = await import('zod');
      await client.call('PUT', `/domains/${id}`, z.unknown(), {
        body: { autorenew: 'off', is_private_whois_enabled: true },
      });
      assert.equal(sandbox.domain('settings.com')?.autorenew, 'off');
      assert.equal(sandbox.domain('settings.com')?.isPrivateWhoisEnabled, true);
      await rejectsWith(
        client.call('PUT', `/domains/${id}`, z.unknown(), { body: { autorenew: 'sometimes' } }),
        RegistrarRejectedError,
        '347',
      );
      await rejectsWith(
        client.call('PUT', `/domains/${id}`, z.unknown(), { body: { owner_handle: 'NO000000-XX' } }),
        RegistrarRejectedError,
        '101',
      );
      await rejectsWith(
        client.call('PUT', `/domains/${id}`, z.unknown(), {
          body: { name_servers: [{ name: 'ns1.a.net', ip: null }] },
        }),
        RegistrarRejectedError,
        '399',
      );
      assert.equal(sandbox.domain('settings.com')?.handles.owner, SANDBOX_OPENPROVIDER_DEFAULT_HANDLE);
    } finally {
      await client.close();
    }
  });
});

describe('client options', () => {
  it('accepts a base URL with /v1beta and shares a client between registrars', async () => {
    const client = new OpenproviderClient(clientOptions({ baseUrl: `${sandbox.baseUrl}/v1beta/` }));
    const a = new OpenproviderRegistrar({ client, handles: { owner: sandbox.defaultHandle } });
    const b = new OpenproviderRegistrar({ client });
    assert.equal(a.name, 'openprovider');
    assert.equal(await a.getDomain('shared.com'), null);
    assert.equal(await b.getDomain('shared.com'), null);
    assert.equal(count(LOGIN), 1);
    await client.close();
  });
});
