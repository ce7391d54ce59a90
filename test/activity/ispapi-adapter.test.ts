import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { IspapiRegistrar, ispapiDateToIso } from '../../src/registrars/ispapi/adapter';
import {
  RegistrarAuthenticationError,
  RegistrarRejectedError,
  RegistrarTemporaryError,
} from '../../src/registrars/errors';
import { ispapiClient, startIspapi, type IspapiSetup } from '../helpers/registrars';

const OLD_NS = ['ns1.old.example', 'ns2.old.example'];

describe('IspapiRegistrar against the sandbox over HTTP', () => {
  let sandbox: IspapiSandbox;
  let registrar: IspapiRegistrar;
  let setup: IspapiSetup;
  const timeouts = { connectTimeoutMs: 1000, requestTimeoutMs: 2000 };

  before(async () => {
    setup = await startIspapi({ client: timeouts });
    ({ sandbox, adapter: registrar } = setup);
  });
  after(() => setup.close());

  it('checkTransfer: possible, wrong auth code, locked', async () => {
    sandbox.seedExternalDomain({ domain: 'check-ok.com', authCode: 'A1', nameservers: OLD_NS });
    sandbox.seedExternalDomain({ domain: 'check-locked.com', authCode: 'A1', nameservers: OLD_NS, transferLock: true });
    assert.deepEqual(await registrar.checkTransfer('check-ok.com', 'A1'), { possible: true });
    const wrong = await registrar.checkTransfer('check-ok.com', 'nope');
    assert.equal(wrong.possible, false);
    assert.equal(wrong.authInvalid, true);
    assert.match(wrong.reason ?? '', /WRONG AUTH/);
    const locked = await registrar.checkTransfer('check-locked.com', 'A1');
    assert.equal(locked.possible, false);
    assert.equal(locked.locked, true);
  });

  it('requestTransfer is idempotent: a second request sends no second TransferDomain', async () => {
    const domain = 'idempotent.com';
    sandbox.seedExternalDomain({ domain, authCode: 'A2', nameservers: OLD_NS });
    const first = await registrar.requestTransfer({
      domain,
      authCode: 'A2',
      nameservers: ['ns1.new.example', 'ns2.new.example'],
    });
    const second = await registrar.requestTransfer({ domain, authCode: 'A2' });
    assert.deepEqual(first, { alreadyPending: false });
    assert.deepEqual(second, { alreadyPending: true });
    const sent = sandbox.journal({ command: 'TransferDomain', domain });
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.params.AUTH, '***', 'the auth code is masked in the journal');
    assert.equal(sent[0]!.params.NAMESERVER0, 'ns1.new.example');
  });

  it('getTransferStatus: pending, then completed with the OLD nameservers', async () => {
    const domain = 'completes.com';
    sandbox.seedExternalDomain({ domain, authCode: 'A3', nameservers: OLD_NS });
    await registrar.requestTransfer({ domain, authCode: 'A3', nameservers: ['ns1.new.example', 'ns2.new.example'] });
    const pending = await registrar.getTransferStatus(domain);
    assert.equal(pending.state, 'pending');
    assert.ok(pending.registrarStatus);
    assert.equal(await registrar.getDomain(domain), null);
    sandbox.approveTransfer(domain);
    assert.deepEqual(await registrar.getTransferStatus(domain), { state: 'completed', registrarStatus: 'ACTIVE' });
    const info = await registrar.getDomain(domain);
    assert.deepEqual(info?.nameservers, OLD_NS, 'the registry keeps the old nameservers');
    assert.ok(info?.expiresAt && !Number.isNaN(Date.parse(info.expiresAt)));
  });

  it('getTransferStatus: failed, with the reason from the object log', async () => {
    const domain = 'fails.com';
    sandbox.seedExternalDomain({ domain, authCode: 'A4', nameservers: OLD_NS });
    await registrar.requestTransfer({ domain, authCode: 'A4' });
    sandbox.rejectTransfer(domain, 'registrant refused');
    const status = await registrar.getTransferStatus(domain);
    assert.equal(status.state, 'failed');
    assert.match(status.reason ?? '', /registrant refused/);
  });

  it('setNameservers and setTransferLock change the domain', async () => {
    const domain = 'owned.com';
    sandbox.seedDomain({ domain, nameservers: OLD_NS, transferLock: false });
    await registrar.setNameservers(domain, ['ns1.set.example', 'ns2.set.example', 'ns3.set.example']);
    await registrar.setTransferLock(domain, true);
    const info = await registrar.getDomain(domain);
    assert.deepEqual(info?.nameservers, ['ns1.set.example', 'ns2.set.example', 'ns3.set.example']);
    assert.equal(info?.transferLock, true);
    assert.ok(info?.statuses.includes('clientTransferProhibited'));
  });

  it('a change to a domain not in the account is rejected with the registrar code', async () => {
    await assert.rejects(registrar.setNameservers('not-ours.com', OLD_NS), (err: unknown) => {
      assert.ok(err instanceof RegistrarRejectedError);
      assert.equal(err.details.code, '545');
      assert.equal(err.details.operation, 'ModifyDomain');
      return true;
    });
  });

  it('wrong credentials are an authentication error, never retried', async () => {
    const bad = new IspapiRegistrar(ispapiClient(sandbox.url, { ...timeouts, password: 'wrong-password' }));
    await assert.rejects(bad.getDomain('owned.com'), (err: unknown) => {
      assert.ok(err instanceof RegistrarAuthenticationError);
      assert.equal(err.retryable, false);
      assert.equal(err.details.code, '530');
      assert.ok(!err.message.includes('wrong-password'));
      return true;
    });
  });
});

describe('ISPAPI transport failures are temporary errors', () => {
  let server: Server;
  let url = '';
  let behaviour: 'hang' | 'garbage' | 'http500' = 'hang';
  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      if (behaviour === 'hang') return; // never answers
      if (behaviour === 'garbage') res.end('<html>maintenance</html>');
      else {
        res.statusCode = 500;
        res.end('[RESPONSE]\nCODE=200\nDESCRIPTION=ok\nEOF');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/call.cgi`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const clientFor = (target: string) =>
    ispapiClient(target, { login: 'x', password: 'y', connectTimeoutMs: 500, requestTimeoutMs: 500 });

  for (const b of ['hang', 'garbage', 'http500'] as const) {
    it(`server ${b}: RegistrarTemporaryError`, async () => {
      behaviour = b;
      const client = clientFor(url);
      await assert.rejects(client.call({ COMMAND: 'StatusAccount' }), RegistrarTemporaryError);
      await client.close();
    });
  }

  it('nothing listening: RegistrarTemporaryError', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const client = clientFor(`http://127.0.0.1:${port}/api/call.cgi`);
    await assert.rejects(client.call({ COMMAND: 'StatusAccount' }), RegistrarTemporaryError);
    await client.close();
  });
});

describe('ISPAPI dates', () => {
  it('are UTC; the zero date is no date', () => {
    assert.equal(ispapiDateToIso('2026-03-14 10:12:40'), '2026-03-14T10:12:40.000Z');
    assert.equal(ispapiDateToIso('0000-00-00 00:00:00'), undefined);
    assert.equal(ispapiDateToIso('1970-01-01 00:00:00'), undefined);
    assert.equal(ispapiDateToIso(''), undefined);
  });
});
