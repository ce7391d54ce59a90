import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { createAllActivities } from '../../src/activities/all';
import { deposit, getAccount } from '../../src/client/account';
import { cancelBackorder, getBackorderState, startBackorder } from '../../src/client/backorder';
import { getDomainEntity } from '../../src/client/domain';
import { loadMailConfig } from '../../src/config/mail';
import type { BackorderPrices } from '../../src/config/backorder-prices';
import type { Contact } from '../../src/domain/contact';
import type { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import type { BackorderInput, BackorderState, BackorderWorkflowStatus } from '../../src/contracts';
import { createDevEnv, type DevEnv } from '../helpers/dev-env';
import { startSmtpListener } from '../helpers/smtp';
import { startIspapi, type IspapiSetup } from '../helpers/registrars';
import { createTestWorker, eventually, uniqueTaskQueue } from '../helpers/temporal';

/**
 * The backorder workflow against the ISPAPI sandbox (real HTTP) on a real dev server: the account
 * reservations and the cancel Update are Updates, which the time-skipping server does not do
 * reliably. Timing is shrunk to seconds and the drops are a few seconds ahead.
 */
const PRICES: BackorderPrices = { 'com:USD': 1_900 };
const TIMING = {
  activateBefore: '3s',
  processBefore: '2s',
  giveUpAfterDrop: '5s',
  recheckEvery: '1s',
  pollEvery: '1s',
};

const contactFor = (first: string, email: string): Contact => ({
  firstName: first,
  lastName: 'Catcher',
  street: ['Dropstraat 1'],
  city: 'Utrecht',
  postalCode: '3511AA',
  countryCode: 'NL',
  phone: '+31.301234567',
  email,
});

describe('backorder workflow over ISPAPI (dev server, real sandbox, real SMTP)', () => {
  let env: DevEnv;
  let sandbox: IspapiSandbox;
  let ispapi: IspapiSetup;
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;
  let taskQueue: string;
  let running: Promise<void>;
  let worker: Worker;

  type Activities = ReturnType<typeof createAllActivities>;
  const makeWorker = async (queue: string, wrap: (activities: Activities) => Activities = (a) => a) =>
    createTestWorker(env, {
      taskQueue: queue,
      activities: wrap(
        createAllActivities({
          registrars: { ispapi: ispapi.adapter },
          mail: loadMailConfig({ DOMAINFLOW_SMTP_URL: smtp.url }),
          backorderPrices: PRICES,
          client: env.client,
          taskQueue: queue,
        }),
      ),
    });

  before(async () => {
    [env, ispapi, smtp] = await Promise.all([createDevEnv(), startIspapi(), startSmtpListener()]);
    sandbox = ispapi.sandbox;
    taskQueue = uniqueTaskQueue('backorder');
    worker = await makeWorker(taskQueue);
    running = worker.run();
  });
  after(async () => {
    worker?.shutdown();
    await running;
    await ispapi?.close();
    await smtp?.close();
    await env?.teardown();
  });

  const usd = async (customerId: string) =>
    (await getAccount(env.client, customerId)).currencies.find((c) => c.currency === 'USD');
  const fund = (customerId: string, amount: number, reference = 'dep-1', queue = taskQueue) =>
    deposit(env.client, customerId, { reference, amount, currency: 'USD' }, { taskQueue: queue });
  const dropIn = (domain: string, ms: number) => sandbox.seedDrop({ domain, dropAt: new Date(Date.now() + ms) });
  const mailsTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email));
  const applications = (domain: string) => sandbox.journal({ command: 'AddDomainApplication', domain });
  const start = (customerId: string, domain: string, extra: Partial<BackorderInput> = {}, queue = taskQueue) =>
    startBackorder(
      env.client,
      {
        customerId,
        domain,
        contacts: { owner: contactFor(customerId, `${customerId}@example.net`) },
        timing: TIMING,
        ...extra,
      },
      { taskQueue: queue },
    );
  const phaseIs = (customerId: string, domain: string, phase: BackorderWorkflowStatus, what = phase) =>
    eventually<BackorderState>(
      async () => {
        const state = await getBackorderState(env.client, customerId, domain);
        return state.phase === phase ? state : undefined;
      },
      30_000,
      `${customerId} ${domain} ${what}`,
    );
  /** the portfolio's `domain:<name>` entity, once the backorder has handed the domain on */
  const entityOf = (domain: string) =>
    eventually(() => getDomainEntity(env.client, domain), 20_000, `the domain entity of ${domain}`);
  /** the phases in order (notes, which keep the phase, left out) */
  const phasesOf = (state: BackorderState) => state.log.filter((e, i) => i === 0 || e.from !== e.to).map((e) => e.to);

  it('happy path: reserved, placed once, SUCCESSFUL -> captured 19.00 of 50.00, won mail', async () => {
    const c = 'bo-happy';
    const domain = 'happy-drop.com';
    await fund(c, 5_000);
    dropIn(domain, 7_000);
    sandbox.setApplicationOutcome(domain, { status: 'SUCCESSFUL', afterMs: 1_000 });
    const { handle } = await start(c, domain);
    const result = await handle.result();
    assert.equal(result.status, 'SUCCESSFUL');
    assert.equal(result.charged, 1_900);
    assert.deepEqual(await usd(c), { currency: 'USD', balance: 3_100, reserved: 0, available: 3_100 });
    assert.equal(applications(domain).length, 1, 'exactly one AddDomainApplication');
    assert.equal(applications(domain)[0]!.params.CLASS, 'BACKORDER');
    const state = await getBackorderState(env.client, c, domain);
    assert.deepEqual(phasesOf(state), ['REQUESTED', 'ACTIVE', 'PROCESSING', 'PENDING-PAYMENT', 'SUCCESSFUL']);
    assert.equal(state.reference, result.reference);
    const mails = mailsTo(`${c}@example.net`);
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.subject, /You caught happy-drop\.com/);
    assert.match(mails[0]!.body, /19\.00 USD was taken/);
    const entity = await entityOf(domain);
    assert.equal(entity.customerId, c);
    assert.equal(entity.observedBy, 'backorder');
  });

  it('the capture done but its answer lost (a killed worker): captured once, the result says charged', async () => {
    const c = 'bo-capture-lost';
    const domain = 'capture-lost-drop.com';
    const queue = uniqueTaskQueue('backorder-capture-lost');
    let lost = 0;
    // The first capture reaches the account and takes the money; its answer never reaches the
    // workflow, as when the worker dies right after. The retry must find the capture done.
    const lossy = await makeWorker(queue, (activities) => ({
      ...activities,
      captureFunds: async (input) => {
        const answer = await activities.captureFunds(input);
        if (lost++ === 0) throw new Error('worker killed after the capture, before its answer');
        return answer;
      },
    }));
    const run = lossy.run();
    try {
      await fund(c, 5_000, 'dep-1', queue);
      dropIn(domain, 7_000);
      sandbox.setApplicationOutcome(domain, { status: 'SUCCESSFUL', afterMs: 1_000 });
      const { handle } = await start(c, domain, {}, queue);
      const result = await handle.result();
      assert.equal(lost, 2, 'the capture ran twice: the lost one and the retry');
      assert.equal(result.status, 'SUCCESSFUL', JSON.stringify(result));
      assert.equal(result.charged, 1_900, 'charged: the capture happened, whichever attempt did it');
      assert.deepEqual(await usd(c), { currency: 'USD', balance: 3_100, reserved: 0, available: 3_100 });
      const captures = (await getAccount(env.client, c)).recentEntries.filter((e) => e.kind === 'capture');
      assert.equal(captures.length, 1, 'one capture in the ledger');
    } finally {
      lossy.shutdown();
      await run;
    }
  });

  it('a status check failing all its attempts is tried again at the next turn, not a failed backorder', async () => {
    const c = 'bo-flaky';
    const domain = 'flaky-check.com';
    await fund(c, 5_000);
    dropIn(domain, 7_000);
    sandbox.setApplicationOutcome(domain, { status: 'SUCCESSFUL', afterMs: 500 });
    // The poll's three attempts (10 s and 20 s apart): each answered "try again".
    sandbox.injectFault({ command: 'StatusDomainApplication', fault: 'code', code: 421, times: 3 });
    const { handle } = await start(c, domain);
    const result = await handle.result();
    assert.equal(sandbox.faults().faults.length, 0, 'all three faults were used');
    assert.equal(result.status, 'SUCCESSFUL', JSON.stringify(result));
    const state = await getBackorderState(env.client, c, domain);
    assert.ok(state.log.some((e) => /status check failed, trying again later/.test(e.why)));
    assert.deepEqual(await usd(c), { currency: 'USD', balance: 3_100, reserved: 0, available: 3_100 });
    assert.equal(applications(domain).length, 1);
  });

  it('the answer to the application lost and the name caught before the retry: found, captured once', async () => {
    const c = 'bo-lost-answer';
    const domain = 'lost-answer-drop.com';
    await fund(c, 5_000);
    dropIn(domain, 7_000);
    // Decided at once: the retry (10 s later) finds a SUCCESSFUL application and the name in the account.
    sandbox.setApplicationOutcome(domain, { status: 'SUCCESSFUL' });
    sandbox.injectFault({ command: 'AddDomainApplication', fault: 'lose-answer' });
    const { handle } = await start(c, domain);
    const result = await handle.result();
    assert.equal(result.status, 'SUCCESSFUL', JSON.stringify(result));
    assert.equal(result.charged, 1_900);
    assert.equal(applications(domain).length, 1, 'not placed again');
    assert.equal(applications(domain)[0]!.answerLost, true);
    assert.deepEqual(await usd(c), { currency: 'USD', balance: 3_100, reserved: 0, available: 3_100 });
  });

  it('insufficient funds: stays REQUESTED with one low-balance mail; a deposit activates it -> SUCCESSFUL', async () => {
    const c = 'bo-short';
    const domain = 'short-drop.com';
    const email = `${c}@example.net`;
    await fund(c, 1_000);
    dropIn(domain, 7_000);
    sandbox.setApplicationOutcome(domain, { status: 'SUCCESSFUL', afterMs: 500 });
    const { handle } = await start(c, domain);
    const waiting = await eventually(
      async () => {
        const s = await getBackorderState(env.client, c, domain);
        return s.lowBalanceMailSent ? s : undefined;
      },
      30_000,
      'the low-balance mail',
    );
    assert.equal(waiting.phase, 'REQUESTED');
    assert.equal(waiting.fundsReserved, false);
    await eventually(async () => (mailsTo(email).length > 0 ? true : undefined), 10_000, 'the mail at the listener');
    // Re-checks run every second: still one mail, still waiting, nothing placed.
    await new Promise((r) => setTimeout(r, 1_200));
    assert.equal((await getBackorderState(env.client, c, domain)).phase, 'REQUESTED');
    assert.equal(applications(domain).length, 0);
    assert.equal(mailsTo(email).length, 1);
    assert.match(mailsTo(email)[0]!.subject, /Add funds to catch short-drop\.com/);
    assert.match(mailsTo(email)[0]!.body, /19\.00 USD \(available now: 10\.00 USD\)/);

    await fund(c, 1_000, 'dep-2');
    const result = await handle.result();
    assert.equal(result.status, 'SUCCESSFUL');
    const state = await getBackorderState(env.client, c, domain);
    assert.deepEqual(phasesOf(state), ['REQUESTED', 'ACTIVE', 'PROCESSING', 'PENDING-PAYMENT', 'SUCCESSFUL']);
    assert.deepEqual(await usd(c), { currency: 'USD', balance: 100, reserved: 0, available: 100 });
    assert.equal(mailsTo(email).filter((m) => /Add funds/.test(m.subject)).length, 1, 'one low-balance mail');
    assert.equal(applications(domain).length, 1);
  });

  it('FAILED at the registrar: the reservation is released, lost mail', async () => {
    const c = 'bo-failed';
    const domain = 'failed-drop.com';
    await fund(c, 5_000);
    dropIn(domain, 7_000);
    sandbox.setApplicationOutcome(domain, { status: 'FAILED', afterMs: 500 });
    const { handle } = await start(c, domain);
    const result = await handle.result();
    assert.equal(result.status, 'FAILED');
    assert.equal(result.charged, 0);
    assert.deepEqual(await usd(c), { currency: 'USD', balance: 5_000, reserved: 0, available: 5_000 });
    const kinds = (await getAccount(env.client, c)).recentEntries.map((e) => e.kind);
    assert.deepEqual(kinds, ['deposit', 'reserve', 'release']);
    assert.equal(applications(domain).length, 1);
    assert.match(mailsTo(`${c}@example.net`)[0]?.subject ?? '', /failed-drop\.com/);
  });

  it('cancel while ACTIVE: CANCELLED, released, no application', async () => {
    const c = 'bo-cancel';
    const domain = 'cancel-drop.com';
    await fund(c, 5_000);
    dropIn(domain, 12_000);
    const { handle } = await start(c, domain, { timing: { ...TIMING, activateBefore: '10s' } });
    const active = await phaseIs(c, domain, 'ACTIVE');
    assert.equal(active.fundsReserved, true);
    assert.deepEqual(await usd(c), { currency: 'USD', balance: 5_000, reserved: 1_900, available: 3_100 });
    assert.deepEqual(await cancelBackorder(env.client, c, domain), { cancelled: true });
    const result = await handle.result();
    assert.equal(result.status, 'CANCELLED');
    assert.deepEqual(await usd(c), { currency: 'USD', balance: 5_000, reserved: 0, available: 5_000 });
    assert.equal(applications(domain).length, 0);
    await assert.rejects(cancelBackorder(env.client, c, domain), 'a finished backorder takes no cancel');
  });

  it('cancel in PROCESSING is rejected with a reason; the backorder runs on', async () => {
    const c = 'bo-late';
    const domain = 'late-cancel.com';
    await fund(c, 5_000);
    dropIn(domain, 7_000);
    sandbox.setApplicationOutcome(domain, { status: 'FAILED', afterMs: 3_000 });
    const { handle } = await start(c, domain);
    await phaseIs(c, domain, 'PROCESSING');
    await assert.rejects(
      cancelBackorder(env.client, c, domain),
      (err: unknown) =>
        err instanceof WorkflowUpdateFailedError &&
        /cannot cancel in PROCESSING: the application is placed/.test(String(err.cause?.message)),
    );
    const result = await handle.result();
    assert.equal(result.status, 'FAILED', 'not CANCELLED: the rejected Update changed nothing');
    assert.deepEqual(await usd(c), { currency: 'USD', balance: 5_000, reserved: 0, available: 5_000 });
  });

  it('two customers on one domain: auction; the winner and the loser are both released, to the cent', async () => {
    const [a, b] = ['bo-bidder-a', 'bo-bidder-b'];
    const domain = 'contested-drop.com';
    await Promise.all([fund(a, 5_000), fund(b, 2_345)]);
    dropIn(domain, 7_000);
    const [runA, runB] = await Promise.all([start(a, domain), start(b, domain)]);
    const [placedA, placedB] = await Promise.all([phaseIs(a, domain, 'PROCESSING'), phaseIs(b, domain, 'PROCESSING')]);
    assert.notEqual(placedA.reference, placedB.reference, 'one application per customer');
    assert.deepEqual(await usd(b), { currency: 'USD', balance: 2_345, reserved: 1_900, available: 445 });
    // The drop: with two backorders the registry auctions the name.
    sandbox.setApplicationOutcome(domain, { status: 'SUCCESSFUL' });
    await Promise.all([phaseIs(a, domain, 'AUCTION-PENDING'), phaseIs(b, domain, 'AUCTION-PENDING')]);
    sandbox.resolveAuction(domain, placedA.reference!);
    const [resultA, resultB] = await Promise.all([runA.handle.result(), runB.handle.result()]);
    assert.equal(resultA.status, 'AUCTION-WON');
    assert.equal(resultB.status, 'AUCTION-LOST');
    assert.equal(resultA.charged, 0, 'the auction is paid at the auction house');
    // The won domain is in the winner's account: the portfolio gets it, as for a caught one.
    const entity = await entityOf(domain);
    assert.equal(entity.customerId, a, 'the winner');
    assert.equal(entity.observedBy, 'backorder');
    assert.deepEqual(await usd(a), { currency: 'USD', balance: 5_000, reserved: 0, available: 5_000 });
    assert.deepEqual(await usd(b), { currency: 'USD', balance: 2_345, reserved: 0, available: 2_345 });
    for (const c of [a, b]) {
      assert.deepEqual(
        (await getAccount(env.client, c)).recentEntries.map((e) => e.kind),
        ['deposit', 'reserve', 'release'],
        `${c}: released, never captured`,
      );
    }
    assert.equal(applications(domain).length, 2);
    const subjects = (c: string) => mailsTo(`${c}@example.net`).map((m) => m.subject);
    assert.equal(subjects(a).length, 2);
    assert.match(subjects(a)[1]!, /You caught contested-drop\.com/);
    assert.equal(subjects(b).length, 2);
    assert.doesNotMatch(subjects(b).join('|'), /You caught/);
  });

  it('no price for the TLD/currency: FAILED at once, nothing asked of the registrar', async () => {
    const c = 'bo-noprice';
    const domain = 'no-price-drop.org';
    dropIn(domain, 60_000);
    const { handle } = await start(c, domain);
    const result = await handle.result();
    assert.equal(result.status, 'FAILED');
    assert.match(result.reason ?? '', /no backorder price for this TLD in USD/);
    assert.equal(sandbox.journal({ domain }).length, 0, 'not even the drop list was read');
  });

  it('the drop passed without processing (worker down over the drop): FAILED and released', async () => {
    const c = 'bo-missed';
    const domain = 'missed-drop.com';
    const queue = uniqueTaskQueue('backorder-missed');
    let second: Worker | undefined;
    let secondRun: Promise<void> | undefined;
    const first = await makeWorker(queue);
    const firstRun = first.run();
    try {
      await fund(c, 5_000, 'dep-1', queue);
      dropIn(domain, 7_000);
      const timing = { ...TIMING, activateBefore: '5s', processBefore: '1s', giveUpAfterDrop: '2s' };
      const { handle } = await start(c, domain, { timing }, queue);
      await phaseIs(c, domain, 'ACTIVE');
      first.shutdown();
      await firstRun;
      // Down until well after drop + giveUpAfterDrop.
      await new Promise((r) => setTimeout(r, 9_000));
      second = await makeWorker(queue);
      secondRun = second.run();
      const result = await handle.result();
      assert.equal(result.status, 'FAILED');
      assert.match(result.reason ?? '', /the drop passed without processing/);
      assert.equal(applications(domain).length, 0);
      assert.deepEqual(await usd(c), { currency: 'USD', balance: 5_000, reserved: 0, available: 5_000 });
      assert.deepEqual(
        (await getAccount(env.client, c)).recentEntries.map((e) => e.kind),
        ['deposit', 'reserve', 'release'],
      );
    } finally {
      if (first.getState() === 'RUNNING') first.shutdown();
      await firstRun.catch(() => undefined);
      second?.shutdown();
      await secondRun;
    }
  });
});
