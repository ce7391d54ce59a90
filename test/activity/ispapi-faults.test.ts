import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import { request } from 'undici';
import { SANDBOX_ISPAPI_CREDENTIALS } from '../../src/config/config';
import type { IspapiRegistrar } from '../../src/registrars/ispapi/adapter';
import type { IspapiClient } from '../../src/registrars/ispapi/client';
import { parseResponse } from '../../src/registrars/ispapi/wire';
import { RegistrarRejectedError, RegistrarTemporaryError } from '../../src/registrars/errors';
import { toApplicationFailure } from '../../src/activities/registrar-errors';
import type { IspapiFault, IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { startIspapi, type IspapiSetup } from '../helpers/registrars';

/**
 * Every fault the ISPAPI sandbox can inject, through the real client and adapter: how it is
 * classified (temporary = retried by Temporal, anything else = the workflow is told at once),
 * whether the registrar executed the command, and that the retry leaves one side effect.
 */
const NS = ['ns1.fault.example', 'ns2.fault.example'];
const NEW_NS = ['ns1.after.example', 'ns2.after.example'];
const DAY = 86_400_000;
const CLIENT_TIMEOUT_MS = 800;

let sandbox: IspapiSandbox;
let client: IspapiClient;
let registrar: IspapiRegistrar;

let setup: IspapiSetup;
before(async () => {
  setup = await startIspapi({
    client: { connectTimeoutMs: 1000, requestTimeoutMs: CLIENT_TIMEOUT_MS },
    adapter: { sandboxClock: true },
  });
  ({ sandbox, client, adapter: registrar } = setup);
});
after(() => setup.close());
beforeEach(() => sandbox.reset());

/** A temporary error, which the activity layer turns into a retryable ApplicationFailure. */
async function rejectsTemporary(promise: Promise<unknown>, code?: string): Promise<RegistrarTemporaryError> {
  let caught: unknown;
  await assert.rejects(promise, (err: unknown) => {
    caught = err;
    return true;
  });
  assert.ok(caught instanceof RegistrarTemporaryError, `expected a temporary error, got ${String(caught)}`);
  assert.equal(caught.retryable, true);
  if (code !== undefined) assert.equal(caught.details.code, code);
  const failure = toApplicationFailure(caught);
  assert.ok(failure instanceof ApplicationFailure);
  assert.equal(failure.nonRetryable, false, 'Temporal retries it');
  return caught;
}

function seedOwned(domain: string, days = 30): string {
  const expiresAt = new Date(Date.parse(sandbox.clock().now) + days * DAY);
  sandbox.seedDomain({ domain, nameservers: NS, expiresAt });
  return expiresAt.toISOString();
}

describe('ISPAPI sandbox faults, as the client and adapter see them', () => {
  it('latency: the normal answer, later; past the client timeout it is a temporary error', async () => {
    seedOwned('slow.com');
    sandbox.injectFault({ command: 'StatusDomain', fault: 'latency', ms: 300 });
    const started = Date.now();
    const info = await registrar.getDomain('slow.com');
    assert.ok(Date.now() - started >= 290, `answered after ${Date.now() - started} ms`);
    assert.deepEqual(info?.nameservers, NS);

    sandbox.injectFault({ command: 'StatusDomain', fault: 'latency', ms: CLIENT_TIMEOUT_MS + 400 });
    await rejectsTemporary(registrar.getDomain('slow.com'), '421');
    assert.deepEqual(
      sandbox.faults().fired.map((f) => [f.fault, f.executed]),
      [
        ['latency', true],
        ['latency', true],
      ],
    );
  });

  it('connection reset: temporary, the TransferDomain never ran; the retry sends exactly one', async () => {
    const domain = 'reset-transfer.com';
    sandbox.seedExternalDomain({ domain, authCode: 'R1', nameservers: NS });
    sandbox.injectFault({ command: 'TransferDomain', fault: 'reset' });
    await rejectsTemporary(registrar.requestTransfer({ domain, authCode: 'R1' }), '421');
    assert.equal(sandbox.journal({ command: 'TransferDomain', domain }).length, 0, 'not executed');
    assert.deepEqual(await registrar.requestTransfer({ domain, authCode: 'R1' }), { alreadyPending: false });
    assert.equal(sandbox.journal({ command: 'TransferDomain', domain }).length, 1);
  });

  it('HTTP 5xx with an HTML page: temporary with the HTTP status, nothing changed', async () => {
    seedOwned('html-error.com');
    sandbox.injectFault({ command: 'ModifyDomain', fault: 'http-error', status: 502 });
    await rejectsTemporary(registrar.setNameservers('html-error.com', NEW_NS), '502');
    assert.deepEqual(sandbox.domain('html-error.com')?.nameservers, NS);
    assert.equal(sandbox.journal({ command: 'ModifyDomain' }).length, 0);
    await registrar.setNameservers('html-error.com', NEW_NS);
    assert.deepEqual(sandbox.domain('html-error.com')?.nameservers, NEW_NS);
  });

  it('hang past the client timeout: temporary; not executed, no charge', async () => {
    const expiry = seedOwned('hang.com');
    sandbox.injectFault({ command: 'RenewDomain', fault: 'timeout' });
    const started = Date.now();
    const renewal = { domain: 'hang.com', periodYears: 1, currentExpiresAt: expiry, method: 'renew' as const };
    await rejectsTemporary(registrar.renew(renewal), '421');
    assert.ok(Date.now() - started < CLIENT_TIMEOUT_MS + 1500, 'the client gave up at its own timeout');
    assert.equal(sandbox.charges({ domain: 'hang.com' }).length, 0);
    const result = await registrar.renew(renewal);
    assert.equal(result.alreadyDone, false);
    assert.equal(sandbox.charges({ domain: 'hang.com' }).length, 1);
  });

  it('accepted, then a hang past the timeout: temporary; the retry pays nothing more', async () => {
    const expiry = seedOwned('hang-after.com');
    sandbox.injectFault({ command: 'RenewDomain', fault: 'timeout', execute: true });
    const renewal = { domain: 'hang-after.com', periodYears: 1, currentExpiresAt: expiry, method: 'renew' as const };
    await rejectsTemporary(registrar.renew(renewal));
    assert.equal(sandbox.charges({ domain: 'hang-after.com' }).length, 1, 'the registrar did renew');
    assert.equal(sandbox.journal({ command: 'RenewDomain' })[0]?.fault, 'timeout');
    assert.deepEqual(await registrar.renew(renewal), { alreadyDone: true, pending: false });
    assert.equal(sandbox.charges({ domain: 'hang-after.com' }).length, 1, 'exactly once');
  });

  it('malformed body: temporary (423, as the SDKs), not executed', async () => {
    seedOwned('garbled.com');
    sandbox.injectFault({ command: 'ModifyDomain', fault: 'malformed' });
    await rejectsTemporary(registrar.setTransferLock('garbled.com', true), '423');
    assert.equal(sandbox.domain('garbled.com')?.transferLock, false);
  });

  it('truncated body: temporary even when CODE and DESCRIPTION survived the cut', async () => {
    seedOwned('cut.com');
    // The cut keeps CODE=200 and DESCRIPTION: a parser alone would accept a StatusDomain without its nameservers.
    const full = await request(sandbox.url, {
      method: 'POST',
      body: new URLSearchParams({
        s_entity: '1234',
        s_login: SANDBOX_ISPAPI_CREDENTIALS.login,
        s_pw: SANDBOX_ISPAPI_CREDENTIALS.password,
        s_command: 'COMMAND=StatusDomain\nDOMAIN=cut.com',
      }).toString(),
    }).then((r) => r.body.text());
    const bytes = full.indexOf('PROPERTY[NAMESERVER]');
    assert.ok(bytes > 0);
    assert.equal(parseResponse(full.slice(0, bytes)).code, 200, 'the cut body still parses');
    sandbox.injectFault({ command: 'StatusDomain', fault: 'truncated', bytes });
    await rejectsTemporary(registrar.getDomain('cut.com'), '423');
    assert.deepEqual((await registrar.getDomain('cut.com'))?.nameservers, NS);
  });

  it('truncated answer to a TransferDomain that ran: temporary; the retry sends none', async () => {
    const domain = 'cut-transfer.com';
    sandbox.seedExternalDomain({ domain, authCode: 'T1', nameservers: NS });
    sandbox.injectFault({ command: 'TransferDomain', fault: 'truncated' });
    await rejectsTemporary(registrar.requestTransfer({ domain, authCode: 'T1' }));
    assert.equal(sandbox.journal({ command: 'TransferDomain', domain })[0]?.fault, 'truncated');
    assert.deepEqual(await registrar.requestTransfer({ domain, authCode: 'T1' }), { alreadyPending: true });
    assert.equal(sandbox.journal({ command: 'TransferDomain', domain }).length, 1);
  });

  for (const code of [421, 423, 425] as const) {
    it(`temporary code ${code}: temporary with that code, not executed`, async () => {
      const domain = `code-${code}.com`;
      seedOwned(domain);
      sandbox.injectFault({ command: 'ModifyDomain', fault: 'code', code });
      await rejectsTemporary(registrar.setNameservers(domain, NEW_NS), String(code));
      assert.deepEqual(sandbox.domain(domain)?.nameservers, NS);
    });
  }

  it('a code that is not temporary stays the registrar\'s "no" (never retried)', async () => {
    seedOwned('refused.com');
    sandbox.injectFault({ command: 'ModifyDomain', fault: 'code', code: 552 });
    await assert.rejects(registrar.setNameservers('refused.com', NEW_NS), (err: unknown) => {
      assert.ok(err instanceof RegistrarRejectedError);
      assert.equal((toApplicationFailure(err) as ApplicationFailure).nonRetryable, true);
      return true;
    });
  });

  it('accepted but the answer lost: temporary; the retry pays nothing more', async () => {
    const expiry = seedOwned('lost.com');
    sandbox.injectFault({ command: 'RenewDomain', fault: 'lose-answer' });
    const renewal = { domain: 'lost.com', periodYears: 1, currentExpiresAt: expiry, method: 'renew' as const };
    await rejectsTemporary(registrar.renew(renewal), '421');
    assert.equal(sandbox.journal({ command: 'RenewDomain' })[0]?.answerLost, true);
    assert.deepEqual(await registrar.renew(renewal), { alreadyDone: true, pending: false });
    assert.equal(sandbox.charges({ domain: 'lost.com' }).length, 1);
  });
});

describe('lookups that answer a temporary code are retried, never read as "not there"', () => {
  it('restore retried after a lost answer, its StatusDomain check answering 421: temporary, not rejected', async () => {
    seedOwned('back-again.com', 10);
    sandbox.deleteDomain('back-again.com');
    sandbox.injectFault({ command: 'RestoreDomain', fault: 'lose-answer' });
    await rejectsTemporary(registrar.restore({ domain: 'back-again.com', phase: 'hard-quarantine' }));
    // The retry: RestoreDomain answers 545 (it is back), the check of StatusDomain fails for now.
    sandbox.injectFault({ command: 'StatusDomain', fault: 'code', code: 421 });
    await rejectsTemporary(registrar.restore({ domain: 'back-again.com', phase: 'hard-quarantine' }), '421');
    const third = await registrar.restore({ domain: 'back-again.com', phase: 'hard-quarantine' });
    assert.equal(third.alreadyDone, true);
    assert.equal(sandbox.charges({ domain: 'back-again.com' }).filter((c) => c.kind === 'restore').length, 1);
  });

  it('the failure reason of a transfer is read again when StatusObjectLog answers 425', async () => {
    const domain = 'refused-transfer.com';
    sandbox.seedExternalDomain({ domain, authCode: 'F1', nameservers: NS });
    await registrar.requestTransfer({ domain, authCode: 'F1' });
    sandbox.rejectTransfer(domain, 'registrant said no');
    sandbox.injectFault({ command: 'StatusObjectLog', fault: 'code', code: 425 });
    await rejectsTemporary(registrar.getTransferStatus(domain), '425');
    const status = await registrar.getTransferStatus(domain);
    assert.equal(status.state, 'failed');
    assert.match(status.reason ?? '', /registrant said no/);
  });
});

describe('fault plan: times, probability with a seed, control routes', () => {
  const api = () =>
    client.call({ COMMAND: 'StatusAccount' }).then(
      () => 'ok',
      () => 'fault',
    );

  it('times counts the hits; "always" lasts until cleared', async () => {
    sandbox.injectFault({ command: 'statusaccount', fault: 'code', code: 421, times: 2 });
    assert.deepEqual([await api(), await api(), await api()], ['fault', 'fault', 'ok']);
    sandbox.injectFault({ fault: 'reset', times: 'always' });
    assert.deepEqual([await api(), await api()], ['fault', 'fault']);
    sandbox.clearFaults();
    assert.equal(await api(), 'ok');
  });

  it('a probability draws from the seeded random source: the same seed hits the same calls', async () => {
    const run = async (seed: number): Promise<string[]> => {
      sandbox.reset();
      sandbox.setFaultSeed(seed);
      sandbox.injectFault({ command: 'StatusAccount', fault: 'code', times: 'always', probability: 0.5 });
      const out: string[] = [];
      for (let i = 0; i < 16; i++) out.push(await api());
      return out;
    };
    const first = await run(42);
    assert.deepEqual(await run(42), first);
    assert.ok(first.includes('ok') && first.includes('fault'), first.join(','));
    assert.notDeepEqual(await run(7), first);
  });

  it('POST /_sandbox/faults (one or a list), GET shows them, PUT seed, DELETE clears; bad input names the field', async () => {
    const control = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) => {
      const res = await request(`${sandbox.baseUrl}/_sandbox/${path}`, {
        method,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
    };
    const faults: IspapiFault[] = [
      { command: 'StatusAccount', fault: 'latency', ms: 10, times: 'always' },
      { command: 'StatusAccount', fault: 'http-error', status: 504 },
    ];
    assert.equal((await control('POST', 'faults', faults)).status, 201);
    assert.equal((await control('PUT', 'faults/seed', { seed: 9 })).status, 200);
    const shown = await control('GET', 'faults');
    assert.equal(shown.body.seed, 9);
    assert.equal((shown.body.faults as unknown[]).length, 2);
    assert.equal(await api(), 'fault');
    assert.equal(await api(), 'ok', 'the latency alone lets the answer through');
    assert.equal(((await control('GET', 'faults')).body.fired as unknown[]).length, 2);
    assert.equal((await control('DELETE', 'faults')).status, 200);
    assert.deepEqual((await control('GET', 'faults')).body.faults, []);

    const bad = await control('POST', 'faults', { fault: 'latency' });
    assert.equal(bad.status, 400);
    assert.match(String(bad.body.error), /\bms: latency needs ms/);
    const unknownKind = await control('POST', 'faults', { fault: 'explode', times: 0 });
    assert.equal(unknownKind.status, 400);
    assert.match(String(unknownKind.body.error), /\bfault: must be one of/);
    assert.match(String(unknownKind.body.error), /\btimes: must be/);
    // the older route still works
    assert.equal((await control('POST', 'faults/lose-answer', { command: 'StatusAccount' })).status, 200);
    assert.equal(await api(), 'fault');
  });
});
