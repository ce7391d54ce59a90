import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { SANDBOX_ISPAPI_CREDENTIALS } from '../../src/config/config';
import { encodeCommand, parseResponse, type Command, type IspapiResponse } from '../../src/registrars/ispapi/wire';
import { IspapiSandbox } from '../../src/sandbox/ispapi/server';

const START = new Date('2026-02-01T08:00:00Z');
let clock = new Date(START);
const advance = (ms: number): void => {
  clock = new Date(clock.getTime() + ms);
};

const ROLE_PASSWORD = 'role-pass';
let sandbox: IspapiSandbox;

before(async () => {
  sandbox = await IspapiSandbox.start({
    now: () => clock,
    accounts: [
      {
        ...SANDBOX_ISPAPI_CREDENTIALS,
        roles: { readonly: { password: ROLE_PASSWORD, commands: ['StatusAccount', 'statusdomain'] } },
      },
    ],
  });
});

after(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.reset();
  clock = new Date(START);
});

interface CallOptions {
  login?: string;
  password?: string;
  entity?: string;
}

async function postForm(
  fields: Record<string, string>,
  contentType = 'application/x-www-form-urlencoded',
): Promise<{ status: number; text: string }> {
  const res = await request(sandbox.url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.statusCode, text: await res.body.text() };
}

async function callRaw(commandText: string, options: CallOptions = {}): Promise<IspapiResponse> {
  const { status, text } = await postForm({
    s_entity: options.entity ?? '1234',
    s_login: options.login ?? SANDBOX_ISPAPI_CREDENTIALS.login,
    s_pw: options.password ?? SANDBOX_ISPAPI_CREDENTIALS.password,
    s_command: commandText,
  });
  assert.equal(status, 200);
  assert.match(text, /^\[RESPONSE\]\r\n[\s\S]*\r\nEOF\r\n$/);
  return parseResponse(text);
}

function call(command: Command, options: CallOptions = {}): Promise<IspapiResponse> {
  return callRaw(encodeCommand(command), options);
}

async function control(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown; text: string }> {
  const res = await request(`${sandbox.baseUrl}${path}`, {
    method: method as 'GET',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, json, text };
}

async function logEntries(domain: string, type: string, status: string): Promise<IspapiResponse> {
  return call({
    COMMAND: 'QueryObjectLogList',
    OBJECTCLASS: 'DOMAIN',
    OBJECTID: domain,
    OPERATIONTYPE: type,
    OPERATIONSTATUS: status,
    ORDERBY: 'LOGDATEDESC',
    USERDEPTH: 'SELF',
    LIMIT: 1,
  });
}

const NEW_NS = ['ns1.newdns.example', 'ns2.newdns.example'];
const OLD_NS = ['ns1.old-dns.example', 'ns2.old-dns.example'];
const AUTH = 'S3cret#Auth!';

function seedTransferable(domain = 'moving.com'): void {
  sandbox.seedExternalDomain({ domain, authCode: AUTH, nameservers: OLD_NS, registrar: 'LOSING-REGISTRAR' });
}

function requestTransfer(domain = 'moving.com', auth = AUTH): Promise<IspapiResponse> {
  return call({ COMMAND: 'TransferDomain', DOMAIN: domain, AUTH: auth, PERIOD: 1, NAMESERVER: NEW_NS });
}

describe('ISPAPI sandbox: envelope, credentials and parsing', () => {
  it('answers 530 for a wrong password, an unknown login and a role with the wrong password', async () => {
    assert.equal((await call({ COMMAND: 'StatusAccount' }, { password: 'nope' })).code, 530);
    const unknown = await call({ COMMAND: 'StatusAccount' }, { login: 'someone-else' });
    assert.equal(unknown.code, 530);
    assert.equal(unknown.description, 'Authentication failed');
    const badRole = await call(
      { COMMAND: 'StatusAccount' },
      { login: `${SANDBOX_ISPAPI_CREDENTIALS.login}!readonly`, password: SANDBOX_ISPAPI_CREDENTIALS.password },
    );
    assert.equal(badRole.code, 530);
    const noSuchRole = await call(
      { COMMAND: 'StatusAccount' },
      { login: `${SANDBOX_ISPAPI_CREDENTIALS.login}!ghost`, password: ROLE_PASSWORD },
    );
    assert.equal(noSuchRole.code, 530);
  });

  it('answers 502 for an entity other than 54cd/1234 and accepts both valid ones', async () => {
    const bad = await call({ COMMAND: 'StatusAccount' }, { entity: 'abcd' });
    assert.equal(bad.code, 502);
    assert.equal(bad.description, 'Invalid entity value');
    assert.equal((await call({ COMMAND: 'StatusAccount' }, { entity: '54cd' })).code, 200);
    assert.equal((await call({ COMMAND: 'StatusAccount' }, { entity: '1234' })).code, 200);
  });

  it('answers 500 for an unknown command and 504 naming a missing DOMAIN', async () => {
    const unknown = await call({ COMMAND: 'FrobnicateDomain', DOMAIN: 'x.com' });
    assert.equal(unknown.code, 500);
    assert.equal(unknown.description, 'Invalid command name');
    const missing = await call({ COMMAND: 'StatusDomain' });
    assert.equal(missing.code, 504);
    assert.equal(missing.description, 'Missing required attribute; DOMAIN');
  });

  it('limits a role user to its command allow-list (531 ACL) and lets it run allowed commands', async () => {
    const role = { login: `${SANDBOX_ISPAPI_CREDENTIALS.login}!readonly`, password: ROLE_PASSWORD };
    const allowed = await call({ COMMAND: 'statusaccount' }, role);
    assert.equal(allowed.code, 200);
    const forbidden = await call({ COMMAND: 'TransferDomain', DOMAIN: 'x.com', AUTH: 'a' }, role);
    assert.equal(forbidden.code, 531);
    assert.equal(forbidden.description, 'Authorization failed; Operation forbidden by ACL');
    assert.equal(sandbox.pendingTransfers().length, 0);
  });

  it('StatusAccount reports the balance columns', async () => {
    const res = await call({ COMMAND: 'StatusAccount' });
    assert.equal(res.code, 200);
    assert.deepEqual(res.properties.AMOUNT, ['1000.00']);
    assert.deepEqual(res.properties.CURRENCY, ['USD']);
    for (const column of ['CREDIT', 'DEPOSIT', 'VAT']) assert.ok(res.properties[column], column);
  });

  it('tolerates CRLF, spaces around =, lower-case keys and command names', async () => {
    sandbox.seedDomain({ domain: 'spaced.com', nameservers: ['ns1.spaced.example'] });
    const res = await callRaw('  command = sTaTuSdOmAiN \r\n\r\n domain =  spaced.com  \r\nnot a key line\r\n');
    assert.equal(res.code, 200);
    assert.deepEqual(res.properties.NAMESERVER, ['ns1.spaced.example']);
    assert.equal(sandbox.journal()[0]?.command, 'StatusDomain');
  });

  it('parses the body as a form whatever the Content-Type, and accepts a top-level command field', async () => {
    const { text } = await postForm(
      {
        s_entity: '1234',
        s_login: SANDBOX_ISPAPI_CREDENTIALS.login,
        s_pw: SANDBOX_ISPAPI_CREDENTIALS.password,
        command: 'checkdomains',
        domain0: 'unregistered-name.com',
      },
      'text/html; charset=UTF-8',
    );
    const res = parseResponse(text);
    assert.equal(res.code, 200);
    assert.deepEqual(res.properties.DOMAINCHECK, ['210 Available']);
  });

  it('CheckDomains and AddDomain: available, registered, then 554 for a second registration', async () => {
    const check = await call({ COMMAND: 'CheckDomains', DOMAIN: ['unregistered-name.com', 'taken-elsewhere.com'] });
    assert.deepEqual(check.properties.DOMAINCHECK, ['210 Available', '211 Domain name not available']);
    // The reference lists all four contact roles with Min 1 for AddDomain.
    const jo = { FIRSTNAME: 'Jo', LASTNAME: 'Doe', EMAIL: 'jo@example.com' };
    const contacts = { OWNERCONTACT0: jo, ADMINCONTACT0: jo, TECHCONTACT0: jo, BILLINGCONTACT0: jo };
    const add = await call({
      COMMAND: 'AddDomain',
      DOMAIN: 'unregistered-name.com',
      PERIOD: 2,
      NAMESERVER: ['ns1.fresh.example', 'ns2.fresh.example'],
      ...contacts,
      TRANSFERLOCK: 1,
    });
    assert.equal(add.code, 200);
    assert.deepEqual(add.properties.STATUS, ['ACTIVE']);
    assert.deepEqual(add.properties.REGISTRATIONEXPIRATIONDATE, ['2028-02-01 08:00:00']);
    assert.equal((await call({ COMMAND: 'AddDomain', DOMAIN: 'unregistered-name.com', ...contacts })).code, 554);
    assert.equal((await call({ COMMAND: 'AddDomain', DOMAIN: 'taken-elsewhere.com', ...contacts })).code, 554);
    const status = await call({ COMMAND: 'StatusDomain', DOMAIN: 'unregistered-name.com' });
    assert.deepEqual(status.properties.STATUS, ['ACTIVE', 'clientTransferProhibited']);
    assert.match(status.properties.OWNERCONTACT?.[0] ?? '', /^P-/);
  });
});

describe('ISPAPI sandbox: CheckDomainTransfer', () => {
  it('answers 218 with the losing side details for a valid code', async () => {
    seedTransferable();
    const res = await call({ COMMAND: 'CheckDomainTransfer', DOMAIN: 'moving.com', AUTH });
    assert.equal(res.code, 218);
    assert.equal(res.description, 'Request is available');
    assert.deepEqual(res.properties.AUTHISVALID, ['1']);
    assert.deepEqual(res.properties.TRANSFERLOCK, ['0']);
    assert.deepEqual(res.properties.USERTRANSFERREQUIRED, ['0']);
    assert.deepEqual(res.properties.REGISTRAR, ['LOSING-REGISTRAR']);
    assert.deepEqual(res.properties.NAMESERVER, OLD_NS);
    assert.match(res.properties.EXPIRATIONDATE?.[0] ?? '', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it('answers 219 BY WRONG AUTH with AUTHISVALID 0 for a seeded domain and the wrong code', async () => {
    seedTransferable();
    const res = await call({ COMMAND: 'CheckDomainTransfer', DOMAIN: 'moving.com', AUTH: 'wrong' });
    assert.equal(res.code, 219);
    assert.equal(res.description, 'Request is not available; DOMAIN TRANSFER IS PROHIBITED BY WRONG AUTH');
    assert.deepEqual(res.properties.AUTHISVALID, ['0']);
  });

  it('answers 219 BY STATUS (clientTransferProhibited) with TRANSFERLOCK 1 when locked', async () => {
    sandbox.seedExternalDomain({ domain: 'locked.com', authCode: AUTH, nameservers: OLD_NS, transferLock: true });
    const res = await call({ COMMAND: 'CheckDomainTransfer', DOMAIN: 'locked.com', AUTH });
    assert.equal(res.code, 219);
    assert.equal(
      res.description,
      'Request is not available; DOMAIN TRANSFER IS PROHIBITED BY STATUS (clientTransferProhibited)',
    );
    assert.deepEqual(res.properties.TRANSFERLOCK, ['1']);
    assert.deepEqual(res.properties.AUTHISVALID, ['1']);
  });

  it('treats unseeded names as held elsewhere (any code), "unregistered" names as nowhere, own ones as 540', async () => {
    const anyCode = await call({ COMMAND: 'CheckDomainTransfer', DOMAIN: 'never-seeded.net', AUTH: 'whatever' });
    assert.equal(anyCode.code, 218);
    assert.deepEqual(anyCode.properties.REGISTRAR, ['OTHER-REGISTRAR']);
    assert.deepEqual(anyCode.properties.NAMESERVER, ['ns1.old-registrar.example', 'ns2.old-registrar.example']);
    const nowhere = await call({ COMMAND: 'CheckDomainTransfer', DOMAIN: 'unregistered-name.com', AUTH: 'x' });
    assert.equal(nowhere.code, 219);
    assert.match(nowhere.description, /not registered/i);
    sandbox.seedDomain({ domain: 'mine.com', nameservers: OLD_NS });
    const own = await call({ COMMAND: 'CheckDomainTransfer', DOMAIN: 'mine.com', AUTH: 'x' });
    assert.equal(own.code, 540);
    assert.equal(own.description, 'Attribute value is not unique; DOMAIN is already assigned to your account');
    sandbox.removeDomain('never-seeded.net');
    assert.equal((await call({ COMMAND: 'CheckDomainTransfer', DOMAIN: 'never-seeded.net', AUTH: 'x' })).code, 219);
  });
});

describe('ISPAPI sandbox: transfer lifecycle', () => {
  it('request -> pending -> approve: domain keeps its OLD nameservers, transfer object gone, log written', async () => {
    seedTransferable();
    const req = await requestTransfer();
    assert.equal(req.code, 200);
    assert.equal(req.description, 'Command completed successfully; domain transfer initiated');
    assert.equal(req.pending, true);

    const pending = await call({ COMMAND: 'StatusDomainTransfer', DOMAIN: 'moving.com' });
    assert.equal(pending.code, 200);
    assert.deepEqual(pending.properties.TRANSFERSTATUS, ['REQUESTED']);
    assert.deepEqual(pending.properties.TRANSFERTYPE, ['INCOMING']);
    assert.equal(pending.properties.TRANSFERLOG?.length, 2);
    assert.deepEqual(pending.properties.CREATEDDATE, ['2026-02-01 08:00:00']);
    assert.equal((await call({ COMMAND: 'StatusDomain', DOMAIN: 'moving.com' })).code, 545);
    assert.deepEqual(sandbox.pendingTransfers(), [
      { domain: 'moving.com', requestedAt: START.toISOString(), requestedNameservers: NEW_NS },
    ]);

    advance(3_600_000);
    sandbox.approveTransfer('moving.com');
    assert.throws(() => sandbox.approveTransfer('moving.com'), /no pending transfer/);

    const gone = await call({ COMMAND: 'StatusDomainTransfer', DOMAIN: 'moving.com' });
    assert.equal(gone.code, 545);
    assert.equal(gone.description, 'Object not found');

    const status = await call({ COMMAND: 'StatusDomain', DOMAIN: 'moving.com' });
    assert.equal(status.code, 200);
    assert.deepEqual(status.properties.NAMESERVER, OLD_NS);
    assert.deepEqual(status.properties.TRANSFERDATE, ['2026-02-01 09:00:00']);
    assert.deepEqual(status.properties.SUBCLASS, ['COM']);
    assert.deepEqual(status.properties.CLASS, ['DOMAIN']);
    assert.deepEqual(status.properties.RENEWALMODE, ['AUTOEXPIRE']);
    assert.deepEqual(status.properties.PEERUSER, ['']);
    assert.equal(sandbox.domain('moving.com')?.nameservers.join(','), OLD_NS.join(','));

    const requestLog = await logEntries('moving.com', 'TRANSFER', 'REQUEST');
    assert.deepEqual(requestLog.properties.COUNT, ['1']);
    assert.deepEqual(requestLog.properties.OBJECTID, ['moving.com']);
    const success = await logEntries('moving.com', 'INBOUND_TRANSFER', 'SUCCESSFUL');
    assert.deepEqual(success.properties.COUNT, ['1']);
    assert.deepEqual(success.properties.LOGDATE, ['2026-02-01 09:00:00']);
    assert.deepEqual((await logEntries('moving.com', 'INBOUND_TRANSFER', 'FAILED')).properties.COUNT, ['0']);

    // A second request for a domain now in the account is refused.
    assert.equal((await requestTransfer()).code, 540);
  });

  it('StatusObjectLog of the request carries the requested NAMESERVERn and a masked AUTH', async () => {
    seedTransferable();
    await requestTransfer();
    const list = await logEntries('moving.com', 'TRANSFER', 'REQUEST');
    const index = list.properties.LOGINDEX?.[0];
    assert.ok(index);
    const entry = await call({ COMMAND: 'StatusObjectLog', LOGINDEX: index });
    assert.equal(entry.code, 200);
    assert.deepEqual(entry.properties.OPERATIONTYPE, ['TRANSFER']);
    assert.deepEqual(entry.properties.OPERATIONSTATUS, ['REQUEST']);
    const info = entry.properties.OPERATIONINFO ?? [];
    const text = info.join('\r\n');
    // Extract the command block the way the reseller module does: [COMMAND] up to the next EOF.
    const block = text.slice(text.indexOf('[COMMAND]'), text.indexOf('EOF', text.indexOf('[COMMAND]')));
    assert.match(block, /^COMMAND=TransferDomain$/m);
    assert.match(block, /^DOMAIN=moving\.com$/m);
    assert.match(block, /^NAMESERVER0=ns1\.newdns\.example$/m);
    assert.match(block, /^NAMESERVER1=ns2\.newdns\.example$/m);
    assert.match(block, /^AUTH=\*\*\*$/m);
    assert.ok(!text.includes(AUTH), 'the auth code must not be in the object log');
    assert.ok(info.includes('[RESPONSE]') && info.includes('CODE=200'));
    assert.equal(info[0], '[HEADER]');
    assert.equal(info[1], `user=${SANDBOX_ISPAPI_CREDENTIALS.login}`);

    const unknown = await call({ COMMAND: 'StatusObjectLog', LOGINDEX: 1 });
    assert.equal(unknown.code, 545);
  });

  it('refuses a second request while pending (536, the code the reference lists) and a wrong code at request time (219, nothing pending)', async () => {
    seedTransferable();
    const wrong = await requestTransfer('moving.com', 'wrong-code');
    assert.equal(wrong.code, 219);
    assert.match(wrong.description, /WRONG AUTH/);
    assert.equal(sandbox.pendingTransfers().length, 0);
    assert.equal((await call({ COMMAND: 'StatusDomainTransfer', DOMAIN: 'moving.com' })).code, 545);

    assert.equal((await requestTransfer()).code, 200);
    const again = await requestTransfer();
    // TransferDomain's codes in the reference: 536 "Object already flagged for transfer"; no 553.
    assert.equal(again.code, 536);
    assert.equal(again.description, 'Object already flagged for transfer');
    const check = await call({ COMMAND: 'CheckDomainTransfer', DOMAIN: 'moving.com', AUTH });
    assert.equal(check.code, 219);
    assert.match(check.description, /BY STATUS \(requested\)$/);
    assert.equal(sandbox.pendingTransfers().length, 1);
  });

  it('reject -> INBOUND_TRANSFER/FAILED with the reason, transfer object gone, domain not ours', async () => {
    seedTransferable();
    await requestTransfer();
    sandbox.rejectTransfer('moving.com', 'losing registrar denied: customer objection');
    assert.equal((await call({ COMMAND: 'StatusDomainTransfer', DOMAIN: 'moving.com' })).code, 545);
    assert.equal((await call({ COMMAND: 'StatusDomain', DOMAIN: 'moving.com' })).code, 545);
    const failed = await logEntries('moving.com', 'INBOUND_TRANSFER', 'FAILED');
    assert.deepEqual(failed.properties.COUNT, ['1']);
    const entry = await call({ COMMAND: 'StatusObjectLog', LOGINDEX: failed.properties.LOGINDEX?.[0] ?? '' });
    assert.ok(entry.properties.OPERATIONINFO?.some((l) => l.includes('customer objection')));
    // Still at the losing registrar: a new attempt is possible.
    assert.equal((await call({ COMMAND: 'CheckDomainTransfer', DOMAIN: 'moving.com', AUTH })).code, 218);
  });

  it('ACTION=CANCEL ends a pending transfer and logs it as failed', async () => {
    await requestTransfer('cancel-me.org', 'any-code');
    const cancel = await call({ COMMAND: 'TransferDomain', DOMAIN: 'cancel-me.org', ACTION: 'CANCEL' });
    assert.equal(cancel.code, 200);
    assert.equal(sandbox.pendingTransfers().length, 0);
    assert.deepEqual((await logEntries('cancel-me.org', 'INBOUND_TRANSFER', 'FAILED')).properties.COUNT, ['1']);
    assert.equal((await call({ COMMAND: 'TransferDomain', DOMAIN: 'cancel-me.org', ACTION: 'CANCEL' })).code, 545);
  });

  it('policy approve afterMs completes the transfer lazily once now() passes the delay', async () => {
    sandbox.setTransferPolicy({ mode: 'approve', afterMs: 5 * 60_000 });
    seedTransferable();
    await requestTransfer();
    advance(4 * 60_000);
    assert.equal((await call({ COMMAND: 'StatusDomainTransfer', DOMAIN: 'moving.com' })).code, 200);
    advance(2 * 60_000);
    assert.equal((await call({ COMMAND: 'StatusDomainTransfer', DOMAIN: 'moving.com' })).code, 545);
    const status = await call({ COMMAND: 'StatusDomain', DOMAIN: 'moving.com' });
    assert.equal(status.code, 200);
    assert.deepEqual(status.properties.NAMESERVER, OLD_NS);
    assert.deepEqual(status.properties.TRANSFERDATE, ['2026-02-01 08:05:00']);
    const success = await logEntries('moving.com', 'INBOUND_TRANSFER', 'SUCCESSFUL');
    assert.deepEqual(success.properties.LOGDATE, ['2026-02-01 08:05:00']);
  });

  it('policy reject (set over HTTP) fails the transfer with the scripted reason', async () => {
    const put = await control('PUT', '/_sandbox/transfer-policy', { mode: 'reject', afterMs: 0, reason: 'no ack' });
    assert.equal(put.status, 200);
    await requestTransfer('refused.net', 'x');
    assert.equal((await call({ COMMAND: 'StatusDomainTransfer', DOMAIN: 'refused.net' })).code, 545);
    const failed = await logEntries('refused.net', 'INBOUND_TRANSFER', 'FAILED');
    const entry = await call({ COMMAND: 'StatusObjectLog', LOGINDEX: failed.properties.LOGINDEX?.[0] ?? '' });
    assert.ok(entry.properties.OPERATIONINFO?.includes('REASON=no ack'));
  });
});

describe('ISPAPI sandbox: StatusDomain and ModifyDomain', () => {
  it('reports the date model, lock and nameservers of a seeded domain', async () => {
    sandbox.seedDomain({
      domain: 'dated.com',
      nameservers: ['ns1.a.example'],
      expiresAt: new Date('2026-03-14T10:12:40Z'),
      transferLock: true,
      authCode: 'known-auth',
    });
    const res = await call({ COMMAND: 'StatusDomain', DOMAIN: 'DATED.com' });
    assert.equal(res.code, 200);
    assert.deepEqual(res.properties.EXPIRATIONDATE, ['2026-03-14 10:12:40']);
    assert.deepEqual(res.properties.REGISTRATIONEXPIRATIONDATE, ['2026-03-14 10:12:40']);
    assert.deepEqual(res.properties.PAIDUNTILDATE, ['2026-03-14 10:12:40']);
    assert.deepEqual(res.properties.ACCOUNTINGDATE, ['2026-03-09 10:12:40']);
    assert.deepEqual(res.properties.FINALIZATIONDATE, ['2026-03-15 10:12:40']);
    assert.deepEqual(res.properties.FAILUREDATE, ['2026-04-27 10:12:40']);
    assert.deepEqual(res.properties.STATUS, ['ACTIVE', 'clientTransferProhibited']);
    assert.deepEqual(res.properties.TRANSFERLOCK, ['1']);
    assert.deepEqual(res.properties.AUTH, ['known-auth']);
    assert.deepEqual(res.properties.REPOSITORY, ['COM-1API']);
    // never transferred: the reference's example value (TRANSFERDATE is Min 1)
    assert.deepEqual(res.properties.TRANSFERDATE, ['0000-00-00 00:00:00']);
  });

  it('ModifyDomain replaces nameservers and sets TRANSFERLOCK, both visible in StatusDomain', async () => {
    sandbox.seedDomain({ domain: 'modify.com', nameservers: OLD_NS, transferLock: false });
    const res = await call({
      COMMAND: 'ModifyDomain',
      DOMAIN: 'modify.com',
      NAMESERVER: ['NS1.NewDNS.example', 'ns2.newdns.example', 'ns3.newdns.example'],
      TRANSFERLOCK: 1,
    });
    assert.equal(res.code, 200);
    const status = await call({ COMMAND: 'StatusDomain', DOMAIN: 'modify.com' });
    assert.deepEqual(status.properties.NAMESERVER, ['ns1.newdns.example', 'ns2.newdns.example', 'ns3.newdns.example']);
    assert.deepEqual(status.properties.TRANSFERLOCK, ['1']);
    assert.deepEqual(status.properties.STATUS, ['ACTIVE', 'clientTransferProhibited']);

    await call({ COMMAND: 'ModifyDomain', DOMAIN: 'modify.com', TRANSFERLOCK: 0 });
    const unlocked = sandbox.domain('modify.com');
    assert.equal(unlocked?.transferLock, false);
    assert.deepEqual(unlocked?.statuses, ['ACTIVE']);
    assert.equal(unlocked?.nameservers.length, 3, 'a lock-only change keeps the nameservers');
  });

  it('ModifyDomain rejects 14 nameservers (505), a bad lock value (505) and foreign domains (545)', async () => {
    sandbox.seedDomain({ domain: 'strict.com', nameservers: OLD_NS });
    const many = Array.from({ length: 14 }, (_, i) => `ns${i}.example.net`);
    assert.equal((await call({ COMMAND: 'ModifyDomain', DOMAIN: 'strict.com', NAMESERVER: many })).code, 505);
    assert.equal((await call({ COMMAND: 'ModifyDomain', DOMAIN: 'strict.com', TRANSFERLOCK: 'yes' })).code, 505);
    assert.deepEqual(sandbox.domain('strict.com')?.nameservers, OLD_NS);
    const foreign = await call({ COMMAND: 'ModifyDomain', DOMAIN: 'someone-elses.com', TRANSFERLOCK: 1 });
    assert.equal(foreign.code, 545);
  });
});

describe('ISPAPI sandbox: journal', () => {
  it('records every call in order, masks AUTH and never stores s_pw', async () => {
    seedTransferable();
    await call({ COMMAND: 'StatusAccount' }, { password: 'wrong-password' });
    await requestTransfer();
    await call({ command: 'statusdomaintransfer', domain: 'moving.com' } as unknown as Command);
    const all = sandbox.journal();
    assert.deepEqual(
      all.map((e) => [e.seq, e.command, e.code]),
      [
        [1, 'StatusAccount', 530],
        [2, 'TransferDomain', 200],
        [3, 'StatusDomainTransfer', 200],
      ],
    );
    const transfer = sandbox.journal({ command: 'transferdomain', domain: 'MOVING.COM' });
    assert.equal(transfer.length, 1);
    assert.equal(transfer[0]?.params.AUTH, '***');
    assert.equal(transfer[0]?.params.NAMESERVER0, 'ns1.newdns.example');
    assert.equal(transfer[0]?.login, SANDBOX_ISPAPI_CREDENTIALS.login);
    assert.equal(transfer[0]?.at, START.toISOString());
    const serialized = JSON.stringify(all);
    assert.ok(!serialized.includes(AUTH));
    assert.ok(!serialized.includes(SANDBOX_ISPAPI_CREDENTIALS.password));
    assert.ok(!serialized.includes('wrong-password'));

    const overHttp = await control('GET', '/_sandbox/journal?command=TransferDomain&domain=moving.com');
    assert.equal(overHttp.status, 200);
    assert.equal((overHttp.json as unknown[]).length, 1);
    assert.ok(!overHttp.text.includes(AUTH));
  });
});

describe('ISPAPI sandbox: control surface', () => {
  it('seeds external and own domains, reads them back, approves over HTTP', async () => {
    const ext = await control('POST', '/_sandbox/external-domains', {
      domain: 'http-seeded.com',
      authCode: 'code-1',
      nameservers: OLD_NS,
    });
    assert.equal(ext.status, 201);
    assert.equal((await call({ COMMAND: 'CheckDomainTransfer', DOMAIN: 'http-seeded.com', AUTH: 'nope' })).code, 219);

    const own = await control('POST', '/_sandbox/domains', {
      domain: 'http-own.com',
      nameservers: ['ns1.own.example'],
      expiresAt: '2027-01-01T00:00:00Z',
      transferLock: true,
    });
    assert.equal(own.status, 201);
    const read = await control('GET', '/_sandbox/domains/http-own.com');
    assert.equal(read.status, 200);
    assert.deepEqual(read.json, {
      domain: 'http-own.com',
      nameservers: ['ns1.own.example'],
      transferLock: true,
      expiresAt: '2027-01-01T00:00:00.000Z',
      paidUntil: '2027-01-01T00:00:00.000Z',
      statuses: ['ACTIVE', 'clientTransferProhibited'],
      privacy: false,
      renewalMode: 'AUTOEXPIRE',
      contacts: { owner: 'P-SBX00001', admin: 'P-SBX00001', tech: 'P-SBX00001', billing: 'P-SBX00001' },
      extras: {},
      roid: '0000000001_DOMAIN_COM-SBX',
    });
    assert.equal((await control('GET', '/_sandbox/domains/not-mine.com')).status, 404);

    await call({ COMMAND: 'TransferDomain', DOMAIN: 'http-seeded.com', AUTH: 'code-1' });
    const transfers = await control('GET', '/_sandbox/transfers');
    assert.deepEqual(
      (transfers.json as Array<{ domain: string }>).map((t) => t.domain),
      ['http-seeded.com'],
    );
    assert.equal((await control('POST', '/_sandbox/transfers/http-seeded.com/approve')).status, 200);
    assert.equal((await control('POST', '/_sandbox/transfers/http-seeded.com/approve')).status, 404);
    assert.deepEqual(sandbox.domain('http-seeded.com')?.nameservers, OLD_NS);
  });

  it('rejects over HTTP with a reason', async () => {
    await requestTransfer('reject-http.com', 'x');
    const res = await control('POST', '/_sandbox/transfers/reject-http.com/reject', { reason: 'expired auth' });
    assert.equal(res.status, 200);
    const failed = await logEntries('reject-http.com', 'INBOUND_TRANSFER', 'FAILED');
    const entry = await call({ COMMAND: 'StatusObjectLog', LOGINDEX: failed.properties.LOGINDEX?.[0] ?? '' });
    assert.ok(entry.properties.OPERATIONINFO?.includes('REASON=expired auth'));
  });

  it('answers 400 naming the bad field, 404 for unknown routes, and resets', async () => {
    const bad = await control('POST', '/_sandbox/external-domains', {
      domain: 'x.com',
      authCode: 'a',
      nameservers: 'ns1.x.com',
    });
    assert.equal(bad.status, 400);
    assert.match((bad.json as { error: string }).error, /nameservers/);
    const badPolicy = await control('PUT', '/_sandbox/transfer-policy', { mode: 'approve' });
    assert.equal(badPolicy.status, 400);
    assert.match((badPolicy.json as { error: string }).error, /afterMs/);
    const badDomain = await control('POST', '/_sandbox/domains', { domain: 'not a domain', nameservers: [] });
    assert.equal(badDomain.status, 400);
    assert.match((badDomain.json as { error: string }).error, /^domain:/);
    const notJson = await request(`${sandbox.baseUrl}/_sandbox/domains`, { method: 'POST', body: '{oops' });
    assert.equal(notJson.statusCode, 400);
    await notJson.body.text();
    assert.throws(() => sandbox.seedDomain({ domain: 'ok.com', nameservers: ['bad name'] }), /nameservers\.0/);

    assert.equal((await control('GET', '/_sandbox/nothing-here')).status, 404);
    assert.equal((await control('GET', '/elsewhere')).status, 404);

    sandbox.seedDomain({ domain: 'wiped.com', nameservers: OLD_NS });
    await call({ COMMAND: 'StatusAccount' });
    assert.equal((await control('POST', '/_sandbox/reset')).status, 200);
    assert.equal(sandbox.domain('wiped.com'), undefined);
    assert.deepEqual(sandbox.journal(), []);
  });
});
