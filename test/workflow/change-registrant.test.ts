import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createAllActivities } from '../../src/activities/all';
import {
  cancelRegistrantChange,
  getRegistrantChangeState,
  resendRegistrantConfirmation,
  startRegistrantChange,
} from '../../src/client/change-registrant';
import { loadMailConfig } from '../../src/config/mail';
import type { Contact } from '../../src/domain/contact';
import { ValidationError } from '../../src/domain/validation';
import { RegistrarRejectedError } from '../../src/registrars/errors';
import type { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import type { OpenproviderSandbox } from '../../src/sandbox/openprovider/server';
import { type ChangeRegistrantInput, changeRegistrantWorkflowId } from '../../src/contracts';
import { startIspapi, startOpenprovider, type IspapiSetup, type OpenproviderSetup } from '../helpers/registrars';
import { workerPerTest, createTimeSkippingEnv, eventually, rejectsWith } from '../helpers/temporal';

const OLD: Contact = {
  firstName: 'Jan',
  lastName: 'Jansen',
  organisation: 'Jansen BV',
  street: ['Keizersgracht 1'],
  city: 'Amsterdam',
  postalCode: '1015 CJ',
  countryCode: 'NL',
  phone: '+31.201234567',
  email: 'jan@example.nl',
};
const NEW: Contact = { ...OLD, firstName: 'Eva', lastName: 'Smit', organisation: 'Smit BV', email: 'eva@example.nl' };
/** The same person, moved house: no material change. */
const MOVED: Contact = { ...OLD, street: ['Herengracht 99'], postalCode: '1017 BS', email: 'JAN@example.nl' };
const IT_EXTRAS = {
  pin: 'SMTVEA80A41H501X',
  entityType: '1',
  consentForPublishing: '0',
  acceptSection3: '1',
  acceptSection5: '1',
  acceptSection6: '1',
  acceptSection7: '1',
};
const NS = ['ns1.example.net', 'ns2.example.net'];
const DAY = 86_400_000;
/** ISPAPI inline contact fields, as the sandbox stores them */
const ispapiFields = (c: Contact): Record<string, string> => ({
  FIRSTNAME: c.firstName,
  LASTNAME: c.lastName,
  ...(c.organisation ? { ORGANIZATION: c.organisation } : {}),
  STREET: c.street.join(' , '),
  CITY: c.city,
  ZIP: c.postalCode,
  COUNTRY: c.countryCode,
  PHONE: c.phone,
  EMAIL: c.email,
});

/** Signals and 14-day waits on the time-skipping server, against both sandboxes over HTTP. */
describe('changeRegistrant (time-skipping server, real sandboxes)', () => {
  let env: TestWorkflowEnvironment;
  let sandbox: IspapiSandbox;
  let opSandbox: OpenproviderSandbox;
  let ispapi: IspapiSetup;
  let op: OpenproviderSetup;

  before(async () => {
    [env, ispapi, op] = await Promise.all([createTimeSkippingEnv(), startIspapi(), startOpenprovider()]);
    ({ sandbox } = ispapi);
    opSandbox = op.sandbox;
  });
  after(async () => {
    await ispapi?.close();
    await op?.close();
    await env?.teardown();
  });
  beforeEach(() => sandbox.reset());

  // A worker per test on one queue for the file, no workflow cache (test/helpers/temporal.ts).
  const withWorker = workerPerTest(
    () => env,
    'registrant',
    (taskQueue) =>
      createAllActivities({
        registrars: { ispapi: ispapi.adapter, openprovider: op.adapter },
        mail: loadMailConfig({}),
        backorderPrices: {},
        client: env.client,
        taskQueue,
      }),
  );

  const seed = (domain: string, owner: Contact = OLD) =>
    sandbox.seedDomain({ domain, nameservers: NS, owner: ispapiFields(owner) });
  const input = (domain: string, extra: Partial<ChangeRegistrantInput> = {}): ChangeRegistrantInput => ({
    domain,
    registrant: NEW,
    ...extra,
  });
  const ownerOf = (domain: string) => sandbox.contact(sandbox.domain(domain)!.contacts.owner);
  const trades = (domain: string) => sandbox.journal({ command: 'TradeDomain', domain });
  /** Real time: the trade reaches the sandbox while workflow time stands still. */
  const requested = (domain: string) =>
    eventually(async () => sandbox.trades().find((t) => t.domain === domain), 20_000, `the trade of ${domain}`);
  const startedAtOf = async (handle: { describe(): Promise<{ startTime: Date }> }) =>
    (await handle.describe()).startTime.getTime();

  it('designated agent (default): one immediate trade with both DA flags, then the 60-day lock (unlock answers 552)', async () => {
    const domain = 'example-da.com';
    seed(domain);
    const result = await withWorker(async (taskQueue) => {
      const { handle } = await startRegistrantChange(env.client, input(domain, { customerId: 'cust-7' }), {
        taskQueue,
      });
      const done = await handle.result();
      const state = await getRegistrantChangeState(env.client, domain);
      assert.equal(state.procedure, 'designated-agent-trade');
      assert.match(state.why ?? '', /designated agent/);
      assert.deepEqual(state.materialFields, ['firstName', 'lastName', 'organisation', 'email']);
      assert.ok(state.log.some((l) => l.to === 'completed'));
      assert.equal(state.statusChecks, 0, 'nothing to poll');
      return done;
    });
    assert.equal(result.outcome, 'completed');
    assert.equal(result.procedure, 'designated-agent-trade');
    const [trade, ...more] = trades(domain);
    assert.equal(more.length, 0, 'one TradeDomain');
    assert.equal(trade!.params['X-CONFIRM-DA-OLD-REGISTRANT'], '1');
    assert.equal(trade!.params['X-CONFIRM-DA-NEW-REGISTRANT'], '1');
    assert.equal(trade!.params['X-REQUEST-OPT-OUT-TRANSFERLOCK'], '0');
    assert.equal(trade!.params.OWNERCONTACT0FIRSTNAME, 'Eva');
    assert.equal(trade!.description, 'Command completed successfully; realtime domain trade succeeded');
    assert.equal(ownerOf(domain)?.EMAIL, 'eva@example.nl', 'the registry holds the new registrant');
    assert.deepEqual(sandbox.charges({ domain }), [], 'an IRTP change costs nothing');
    const lockDays = (Date.parse(result.transferLockUntil!) - Date.parse(sandbox.clock().now)) / DAY;
    assert.ok(lockDays > 59.9 && lockDays <= 60, `60-day lock recorded (${lockDays})`);
    // ISPAPI dates have second precision.
    const reported = new Date(Math.floor(Date.parse(sandbox.tradeLockUntil(domain)!) / 1000) * 1000).toISOString();
    assert.equal(result.transferLockUntil, reported, 'the date the registrar reports');
    await rejectsWith(
      ispapi.adapter.setTransferLock(domain, false),
      RegistrarRejectedError,
      /^ModifyDomain: 552 .*TRANSFERLOCK in place until/,
    );
    sandbox.advanceClock(61 * DAY);
    await ispapi.adapter.setTransferLock(domain, false);
    assert.equal(sandbox.domain(domain)?.transferLock, false, 'unlocking works after 60 days');
  });

  it('opt-out of the lock: the flag is sent and no lock date is recorded', async () => {
    const domain = 'example-optout.net';
    seed(domain);
    const result = await withWorker(async (taskQueue) => {
      const { handle } = await startRegistrantChange(env.client, input(domain, { optOutTransferLock: true }), {
        taskQueue,
      });
      // Spec 3.3: with the opt-out HEXONET waits for the old registrant's confirmation.
      await requested(domain);
      sandbox.confirmTrade(domain);
      return handle.result();
    });
    assert.equal(result.outcome, 'completed');
    assert.equal(trades(domain)[0]!.params['X-REQUEST-OPT-OUT-TRANSFERLOCK'], '1');
    assert.equal(result.transferLockUntil, undefined);
    assert.equal(sandbox.tradeLockUntil(domain), undefined);
  });

  it('registrant confirmation: waits, resends on signal, confirmed on day 9', async () => {
    const domain = 'example-confirm.org';
    seed(domain);
    const result = await withWorker(async (taskQueue) => {
      const { handle } = await startRegistrantChange(env.client, input(domain, { mode: 'registrant-confirmation' }), {
        taskQueue,
      });
      const startedAt = await startedAtOf(handle);
      const trade = await requested(domain);
      assert.equal(trade.status, 'PENDING');
      assert.equal(trade.needsConfirmation, true);
      await env.sleep('9 days');
      const pending = await getRegistrantChangeState(env.client, domain);
      assert.equal(pending.phase, 'pending');
      assert.equal(pending.procedure, 'registrant-confirmation');
      assert.match(pending.why ?? '', /within 14 days/);
      assert.equal(pending.confirmBy?.slice(0, 10), trade.dueAt?.slice(0, 10), 'the due date the registrar reports');
      assert.ok(pending.statusChecks >= 30, `checked every 6 hours (${pending.statusChecks})`);
      await resendRegistrantConfirmation(env.client, domain);
      await eventually(async () => (sandbox.trades()[0]!.resends === 1 ? true : undefined), 20_000, 'the resend');
      sandbox.confirmTrade(domain);
      const done = await handle.result();
      const days = (Date.parse(done.finishedAt) - startedAt) / DAY;
      assert.ok(days >= 9 && days < 9.5, `completed on day 9 (${days})`);
      return done;
    });
    assert.equal(result.outcome, 'completed');
    const trade = trades(domain)[0]!;
    assert.equal(
      trade.params['X-CONFIRM-DA-OLD-REGISTRANT'],
      undefined,
      'the old registrant confirms, not the reseller',
    );
    assert.equal(trade.params['X-CONFIRM-DA-NEW-REGISTRANT'], '1');
    assert.equal(sandbox.journal({ command: 'ResendDomainTransferConfirmationEmails', domain }).length, 1);
    assert.ok(result.transferLockUntil, 'the 60-day lock is recorded');
    assert.equal(ownerOf(domain)?.FIRSTNAME, 'Eva');
  });

  it('registrant confirmation denied: ends denied, the registrant stays', async () => {
    const domain = 'example-deny.org';
    seed(domain);
    const result = await withWorker(async (taskQueue) => {
      const { handle } = await startRegistrantChange(env.client, input(domain, { mode: 'registrant-confirmation' }), {
        taskQueue,
      });
      await requested(domain);
      await env.sleep('2 days');
      sandbox.denyTrade(domain);
      return handle.result();
    });
    assert.equal(result.outcome, 'denied');
    assert.match(result.reason ?? '', /denied/);
    assert.equal(ownerOf(domain)?.FIRSTNAME, 'Jan');
    assert.equal(result.transferLockUntil, undefined);
  });

  it('registrant confirmation never given: expired on day 14, the change withdrawn', async () => {
    const domain = 'example-expire.org';
    seed(domain);
    const result = await withWorker(async (taskQueue) => {
      const { handle } = await startRegistrantChange(env.client, input(domain, { mode: 'registrant-confirmation' }), {
        taskQueue,
      });
      const startedAt = await startedAtOf(handle);
      await requested(domain);
      const done = await handle.result();
      const days = (Date.parse(done.finishedAt) - startedAt) / DAY;
      assert.ok(days >= 14 && days < 14.1, `ended on day 14 (${days})`);
      return done;
    });
    assert.equal(result.outcome, 'expired');
    assert.match(result.reason ?? '', /did not confirm within 14 days/);
    const cancels = trades(domain).filter((e) => e.params.ACTION === 'cancel');
    assert.equal(cancels.length, 1, 'withdrawn at the registrar');
    assert.equal(ownerOf(domain)?.FIRSTNAME, 'Jan');
  });

  it('the registry lets the confirmation lapse (14 days on the sandbox clock): expired', async () => {
    const domain = 'example-lapse.org';
    seed(domain);
    const result = await withWorker(async (taskQueue) => {
      const { handle } = await startRegistrantChange(env.client, input(domain, { mode: 'registrant-confirmation' }), {
        taskQueue,
      });
      await requested(domain);
      await env.sleep('13 days');
      sandbox.advanceClock(14 * DAY);
      return handle.result();
    });
    assert.equal(result.outcome, 'expired');
    assert.match(result.reason ?? '', /did not confirm within 14 days/);
    assert.equal(sandbox.trades()[0]!.status, 'FAILED');
    assert.equal(trades(domain).filter((e) => e.params.ACTION === 'cancel').length, 0, 'nothing left to withdraw');
  });

  it('cancel signal: the pending change is withdrawn and the workflow ends cancelled', async () => {
    const domain = 'example-cancel.org';
    seed(domain);
    const result = await withWorker(async (taskQueue) => {
      const { handle } = await startRegistrantChange(env.client, input(domain, { mode: 'registrant-confirmation' }), {
        taskQueue,
      });
      await requested(domain);
      await cancelRegistrantChange(env.client, domain);
      return handle.result();
    });
    assert.equal(result.outcome, 'cancelled');
    assert.equal(sandbox.trades().length, 0, 'the registrar no longer has the trade');
  });

  it('non-material change (address, e-mail case): a plain contact update, no trade', async () => {
    const domain = 'example-moved.com';
    seed(domain);
    const result = await withWorker(async (taskQueue) => {
      const { handle } = await startRegistrantChange(env.client, input(domain, { registrant: MOVED }), { taskQueue });
      return handle.result();
    });
    assert.equal(result.outcome, 'completed');
    assert.equal(result.procedure, 'contact-update');
    assert.match(result.why, /no material change/);
    assert.equal(result.transferLockUntil, undefined);
    const changing = sandbox
      .journal({ domain })
      .filter((e) => !['StatusDomain', 'StatusContact'].includes(e.command))
      .map((e) => e.command);
    assert.deepEqual(changing, ['ModifyDomain'], 'ModifyDomain only');
    assert.equal(ownerOf(domain)?.STREET, 'Herengracht 99');
  });

  it('stale current registrant: the registry answers 506 and the workflow falls back to an update', async () => {
    const domain = 'example-stale.com';
    seed(domain, NEW);
    const result = await withWorker(async (taskQueue) => {
      const { handle } = await startRegistrantChange(
        env.client,
        input(domain, { currentRegistrant: OLD, registrant: { ...NEW, street: ['Dam 1'] } }),
        { taskQueue },
      );
      return handle.result();
    });
    assert.equal(result.outcome, 'completed');
    assert.equal(result.fellBackToUpdate, true);
    assert.equal(trades(domain)[0]!.code, 506);
    assert.equal(sandbox.journal({ command: 'ModifyDomain', domain }).length, 1);
    assert.equal(result.transferLockUntil, undefined, 'an update leaves no lock');
  });

  it('.it trade: pending at the registry, then successful; the .it fields are sent', async () => {
    const domain = 'example-trade.it';
    seed(domain);
    sandbox.setTradePolicy({ mode: 'pending' });
    const result = await withWorker(async (taskQueue) => {
      const { handle } = await startRegistrantChange(env.client, input(domain, { extras: IT_EXTRAS }), { taskQueue });
      await requested(domain);
      await env.sleep('2 days');
      const state = await getRegistrantChangeState(env.client, domain);
      assert.equal(state.phase, 'pending');
      assert.equal(state.procedure, 'registry-trade');
      assert.equal(ownerOf(domain)?.FIRSTNAME, 'Jan', 'unchanged while pending');
      assert.equal(sandbox.charges({ domain }).length, 0, 'nothing charged while pending');
      sandbox.confirmTrade(domain);
      return handle.result();
    });
    assert.equal(result.outcome, 'completed');
    assert.equal(result.procedure, 'registry-trade');
    const trade = trades(domain)[0]!;
    assert.equal(trade.description, 'Command completed successfully; trade pending - non-real-time');
    assert.equal(trade.params['X-IT-PIN'], '***', 'the PIN is masked in the journal');
    assert.equal(sandbox.trades()[0]!.extras['X-IT-PIN'], IT_EXTRAS.pin, 'and reached the registry');
    assert.equal(trade.params['X-IT-ACCEPT-EXPLICIT-TAC'], '1');
    assert.equal(trade.params['X-IT-REGISTRANT-ENTITY-TYPE'], IT_EXTRAS.entityType);
    assert.equal(trade.params['X-IT-CONSENTFORPUBLISHING'], undefined, 'not a TradeDomain parameter');
    assert.equal(trade.params['X-CONFIRM-DA-OLD-REGISTRANT'], undefined, 'no IRTP flags on a ccTLD trade');
    assert.equal(trade.params['X-REQUEST-OPT-OUT-TRANSFERLOCK'], undefined);
    assert.equal(ownerOf(domain)?.FIRSTNAME, 'Eva');
    assert.equal(result.transferLockUntil, undefined, 'no IRTP lock on .it');
    assert.deepEqual(
      sandbox.charges({ domain }).map((c) => `${c.command}:${c.kind}:${c.amount}`),
      ['TradeDomain:trade:10.00'],
      'the registry trade is charged once, when it succeeds',
    );
  });

  it('the answer to a .it TradeDomain is lost: the retry finds the trade done, no second trade or charge', async () => {
    const domain = 'example-lost.it';
    seed(domain);
    sandbox.setPrices('it', { trade: '25.00' });
    sandbox.loseAnswer({ command: 'TradeDomain', times: 1 });
    const result = await withWorker(async (taskQueue) => {
      const { handle } = await startRegistrantChange(env.client, input(domain, { extras: IT_EXTRAS }), { taskQueue });
      return handle.result();
    });
    assert.equal(result.outcome, 'completed');
    assert.equal(result.procedure, 'registry-trade');
    assert.equal(result.fellBackToUpdate, false);
    const sent = trades(domain);
    assert.equal(sent.length, 1, 'one TradeDomain: the retry sent none');
    assert.equal(sent[0]!.answerLost, true, 'and its answer was the one lost');
    assert.ok(
      sandbox.journal({ command: 'StatusDomainTrade', domain }).length >= 2,
      'each attempt looked for a running trade first',
    );
    assert.equal(sandbox.trades().filter((t) => t.domain === domain).length, 1);
    assert.deepEqual(
      sandbox.charges({ domain }).map((c) => `${c.command}:${c.kind}:${c.amount}`),
      ['TradeDomain:trade:25.00'],
      'charged once',
    );
    assert.equal(ownerOf(domain)?.FIRSTNAME, 'Eva');
  });

  it('.ca name change is refused with a clear error before any registrar call', async () => {
    const domain = 'example-name.ca';
    seed(domain);
    const before = sandbox.journal().length;
    const ca = input(domain, { currentRegistrant: OLD, extras: { legalType: 'CCO' } });
    await rejectsWith(
      startRegistrantChange(env.client, ca),
      ValidationError,
      /registrant\.firstName: cannot change for \.ca: the registry \(CIRA\)/,
    );
    const failure = await withWorker(async (taskQueue) => {
      const handle = await env.client.workflow.start('changeRegistrant', {
        taskQueue,
        workflowId: changeRegistrantWorkflowId(domain),
        args: [ca],
      });
      return handle.result().then(
        () => assert.fail('must not succeed'),
        (err: unknown) => err,
      );
    });
    assert.ok(failure instanceof WorkflowFailedError);
    assert.ok(failure.cause instanceof ApplicationFailure);
    assert.equal(failure.cause.type, 'InvalidInput');
    assert.match(failure.cause.message, /CIRA/);
    assert.equal(sandbox.journal().length, before, 'the journal is untouched');
  });

  it('.ca without the current registrant: read first, then refused before any change', async () => {
    const domain = 'example-read.ca';
    seed(domain);
    const failure = await withWorker(async (taskQueue) => {
      const { handle } = await startRegistrantChange(env.client, input(domain, { extras: { legalType: 'CCO' } }), {
        taskQueue,
      });
      return handle.result().then(
        () => assert.fail('must not succeed'),
        (err: unknown) => err,
      );
    });
    assert.ok(failure instanceof WorkflowFailedError);
    assert.ok(failure.cause instanceof ApplicationFailure);
    assert.equal(failure.cause.type, 'RegistrantChangeRefused');
    assert.match(failure.cause.message, /CIRA/);
    const commands = new Set(sandbox.journal().map((e) => e.command));
    assert.deepEqual([...commands].sort(), ['QueryDomainOptions', 'StatusContact', 'StatusDomain'], 'reads only');
  });

  it('.ca address change: contact update with the legal type', async () => {
    const domain = 'example-addr.ca';
    seed(domain);
    const result = await withWorker(async (taskQueue) => {
      const { handle } = await startRegistrantChange(
        env.client,
        input(domain, { registrant: MOVED, extras: { legalType: 'CCO' } }),
        { taskQueue },
      );
      return handle.result();
    });
    assert.equal(result.procedure, 'contact-update');
    const [modify] = sandbox.journal({ command: 'ModifyDomain', domain });
    assert.equal(modify?.params['X-CA-LEGALTYPE'], 'CCO');
    assert.equal(sandbox.domain(domain)?.extras['X-CA-LEGALTYPE'], 'CCO');
  });

  it('Openprovider: owner handle swapped by update (.com), trade for .it', async () => {
    opSandbox.seedDomain({ domain: 'op-owner.com', nameservers: NS });
    opSandbox.seedDomain({ domain: 'op-owner.it', nameservers: NS });
    const [com, it] = await withWorker(async (taskQueue) => {
      const a = await startRegistrantChange(env.client, input('op-owner.com', { registrar: 'openprovider' }), {
        taskQueue,
      });
      const first = await a.handle.result();
      const b = await startRegistrantChange(
        env.client,
        input('op-owner.it', { registrar: 'openprovider', extras: IT_EXTRAS }),
        { taskQueue },
      );
      return [first, await b.handle.result()];
    });
    assert.equal(com!.outcome, 'completed');
    assert.equal(com!.procedure, 'contact-update');
    assert.match(com!.why, /modify_owner_allowed=true/);
    assert.equal(it!.outcome, 'completed');
    assert.equal(it!.procedure, 'registry-trade');
    const owners = ['op-owner.com', 'op-owner.it'].map((d) => opSandbox.domain(d)!.handles.owner);
    assert.equal(owners[0], owners[1], 'one reused customer handle for the same new owner');
    assert.equal(opSandbox.customer(owners[0]!)?.data.email, 'eva@example.nl');
    const routes = opSandbox.journal().map((e) => e.route);
    assert.equal(routes.filter((r) => r === 'POST /v1beta/domains/trade').length, 1);
    assert.equal(routes.filter((r) => r === 'POST /v1beta/customers').length, 1);
    const puts = opSandbox.journal({ route: 'PUT /v1beta/domains/{id}', domain: 'op-owner.com' });
    assert.equal(puts.length, 1);
  });
});
