import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { loadMailConfig } from '../../src/config/mail';
import { getDomainEntity } from '../../src/client/domain';
import { startRegistration } from '../../src/client/register';
import { startRenewal } from '../../src/client/renew';
import { startImport, startSync } from '../../src/client/sync';
import { startTransfer } from '../../src/client/transfer';
import { ValidationError } from '../../src/domain/validation';
import { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import type { Registrar } from '../../src/registrars/registrar';
import { newApiKey } from '../../src/gateway/auth';
import { buildGateway } from '../../src/gateway/server';
import { startPortfolioSide, type PortfolioSide } from '../../src/workers/registrar-queues';
import type { DevEnv } from '../helpers/dev-env';
import { startTwoAccounts, type TwoAccounts, DEFAULT_LOGIN, SECOND_LOGIN, NS, owner } from '../helpers/two-accounts';
import { createTestWorker, testCodec } from '../helpers/temporal';

/** Two ISPAPI accounts at one sandbox, as production configures them (test/helpers/two-accounts.ts). */
describe('registrar accounts: two ISPAPI logins synced, renewed and registered separately (dev server, sandbox over HTTP)', () => {
  let env: DevEnv;
  let sandbox: IspapiSandbox;
  let world: TwoAccounts;
  let config: TwoAccounts['config'];
  let workers: Worker[] = [];
  let running: Promise<void>[] = [];
  let dir: string;
  let taskQueue: string;
  let known: TwoAccounts['known'];
  let defaultAdapter: () => Registrar;
  let portfolioSide: PortfolioSide | undefined;

  const second = () => world.second();
  const callsBy = (login: string, from: number) =>
    sandbox
      .journal()
      .slice(from)
      .filter((e) => e.login === login)
      .map((e) => e.command);

  before(
    async () => {
      world = await startTwoAccounts('accounts');
      ({ env, sandbox, dir, config, known, taskQueue } = world);
      const { registrars, activities } = world;
      defaultAdapter = () => registrars.ispapi!;
      workers = [await createTestWorker(env, { taskQueue, activities })];
      // The list queues and Schedules as the worker process makes them (src/workers/registrar-queues.ts).
      portfolioSide = await startPortfolioSide({
        connection: env.nativeConnection,
        namespace: env.namespace,
        taskQueue,
        registrars,
        mail: loadMailConfig({}),
        backorderPrices: {},
        codec: testCodec(),
        shutdownGraceTime: '1s',
        settings: { ...config.portfolio, syncIntervalMs: 6 * 3_600_000 },
        prices: config.prices,
        namedAccounts: config.accounts,
      });
      running = workers.map((w) => w.run());

      // Each account has its own domains, and both have shared.com (a name two resellers cannot
      // really share, but two entities must not collide even then).
      for (const domain of ['one-a.com', 'one-b.com', 'shared.com']) sandbox.seedDomain({ domain, nameservers: NS });
      for (const domain of ['two-a.com', 'two-b.com', 'shared.com']) second().seedDomain({ domain, nameservers: NS });
    },
    { timeout: 180_000 },
  );

  after(
    async () => {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      portfolioSide?.shutdown();
      await Promise.allSettled([...running, portfolioSide?.running]);
      await world?.close();
    },
    { timeout: 60_000 },
  );

  it('one sync and one catalogue Schedule per account', async () => {
    const ids: string[] = [];
    for await (const schedule of env.client.schedule.list()) ids.push(schedule.scheduleId);
    for (const id of [
      'sync-schedule:ispapi:default',
      'sync-schedule:ispapi:second',
      'catalogue-schedule:ispapi:default',
      'catalogue-schedule:ispapi:second',
    ]) {
      assert.ok(ids.includes(id), `${id} in ${ids.join(' ')}`);
    }
    const second = await env.client.schedule.getHandle('sync-schedule:ispapi:second').describe();
    assert.equal(second.action.type, 'startWorkflow');
    assert.equal(second.action.workflowId, 'sync:ispapi:second');
  });

  it('the configuration lists both accounts; each login sees only its own domains', () => {
    assert.deepEqual(known.ispapi, ['default', 'second']);
    assert.deepEqual(known.openprovider, ['default']);
    assert.equal(sandbox.domain('two-a.com'), undefined);
    assert.ok(second().domain('two-a.com'));
    assert.equal(second().domain('one-a.com'), undefined);
  });

  it('imports and syncs each account separately: own list call, own login, own entities', async () => {
    const from = sandbox.journal().length;
    const one = await (await startImport(env.client, { registrar: 'ispapi' }, { taskQueue })).handle.result();
    const two = await (
      await startImport(env.client, { registrar: 'ispapi', account: 'second' }, { taskQueue, accounts: known })
    ).handle.result();
    assert.equal(one.domainsSeen, 3);
    assert.equal(two.domainsSeen, 3);
    assert.equal(two.account, 'second');
    assert.deepEqual(callsBy(DEFAULT_LOGIN.login, from), ['QueryDomainList']);
    assert.deepEqual(callsBy(SECOND_LOGIN.login, from), ['QueryDomainList']);

    // The same name in two accounts: two entities, default's ID as always.
    const ids = new Set<string>();
    for await (const wf of env.client.workflow.list({ query: `WorkflowType = 'domain'` })) ids.add(wf.workflowId);
    assert.deepEqual([...ids].sort(), [
      'domain:one-a.com',
      'domain:one-b.com',
      'domain:second:shared.com',
      'domain:second:two-a.com',
      'domain:second:two-b.com',
      'domain:shared.com',
    ]);
    const sharedTwo = await getDomainEntity(env.client, 'shared.com', 'second');
    assert.equal(sharedTwo.account, 'second');
    // The registrar answers whole seconds.
    assert.equal(
      sharedTwo.facts.registryExpiresAt?.slice(0, 19),
      second().domain('shared.com')!.expiresAt.slice(0, 19),
    );

    // A sync of the second account after a change there: it sees its own change only, and the
    // default account's entities (not listed by this login) are not called missing.
    second().removeDomain('two-a.com');
    const before = sandbox.journal().length;
    const handle = await startSync(
      env.client,
      { registrar: 'ispapi', account: 'second', sendReport: false },
      { taskQueue, accounts: known },
    );
    assert.match(handle.workflowId, /^sync:ispapi:second:manual-/);
    const synced = await handle.result();
    assert.equal(synced.domainsSeen, 2);
    assert.equal(synced.missingChecked, 1);
    assert.deepEqual(
      (synced.report.phaseChanges ?? []).map((c) => c.domain),
      ['two-a.com'],
    );
    assert.equal(callsBy(DEFAULT_LOGIN.login, before).length, 0, 'no call with the default login');
    const defaultSync = await (
      await startSync(env.client, { registrar: 'ispapi', sendReport: false }, { taskQueue })
    ).result();
    assert.equal(defaultSync.domainsSeen, 3);
    assert.equal(defaultSync.missingChecked, 0, "the second account's entities are not the default's missing domains");
  });

  it('a renewal through account second charges the second account only, under its own workflow ID', async () => {
    const expiresOn = second().domain('shared.com')!.expiresAt.slice(0, 10);
    const defaultBefore = sandbox.charges().length;
    const defaultExpiry = sandbox.domain('shared.com')!.expiresAt;
    const from = sandbox.journal().length;
    const started = await startRenewal(
      env.client,
      { domain: 'shared.com', registrar: 'ispapi', account: 'second', expiresOn },
      { taskQueue, accounts: known },
    );
    assert.equal(started.workflowId, `renew:second:shared.com:${expiresOn}`);
    const result = await started.handle.result();
    assert.equal(result.outcome, 'renewed');
    assert.equal(result.charged, true);
    assert.deepEqual(
      second()
        .charges({ domain: 'shared.com' })
        .map((c) => c.kind),
      ['renew'],
    );
    assert.equal(sandbox.charges().length, defaultBefore, 'the default account paid nothing');
    assert.equal(sandbox.domain('shared.com')!.expiresAt, defaultExpiry);
    assert.ok(callsBy(SECOND_LOGIN.login, from).includes('RenewDomain'));
    assert.equal(callsBy(DEFAULT_LOGIN.login, from).length, 0);
  });

  it("the sandbox's HTTP controls per login: each account's charges, the shared journal, 404 for a stranger", async () => {
    const base = sandbox.baseUrl.replace(/\/$/, '');
    const get = async (pathname: string) => {
      const res = await fetch(`${base}${pathname}`);
      return { status: res.status, body: (await res.json()) as unknown };
    };
    const two = await get(`/_sandbox/logins/${SECOND_LOGIN.login}/charges`);
    assert.equal(two.status, 200);
    assert.deepEqual(
      (two.body as Array<{ domain: string; kind: string }>).map((c) => `${c.kind} ${c.domain}`),
      ['renew shared.com'],
    );
    const one = await get('/_sandbox/charges');
    assert.deepEqual(one.body, [], 'the default account paid nothing');
    const journal = await get(`/_sandbox/logins/${SECOND_LOGIN.login}/journal`);
    assert.equal((journal.body as unknown[]).length, sandbox.journal().length);
    assert.equal((await get('/_sandbox/logins/nobody/charges')).status, 404);
  });

  it('a registration through account second lands in the second account and its own entity', async () => {
    const from = sandbox.journal().length;
    const started = await startRegistration(
      env.client,
      { domain: 'new-two.com', registrar: 'ispapi', account: 'second', contacts: { owner }, nameservers: NS },
      { taskQueue, accounts: known },
    );
    assert.equal(started.workflowId, 'register:second:new-two.com');
    const result = await started.handle.result();
    assert.equal(result.outcome, 'registered', result.reason);
    assert.ok(second().domain('new-two.com'), 'in the second account');
    assert.equal(sandbox.domain('new-two.com'), undefined, 'not in the default account');
    const calls = callsBy(SECOND_LOGIN.login, from);
    assert.ok(calls.includes('CheckDomains') && calls.includes('AddDomain'), calls.join(' '));
    assert.equal(callsBy(DEFAULT_LOGIN.login, from).length, 0);
    // The hand-off to the portfolio reached the second account's entity, not domain:new-two.com.
    const entity = await getDomainEntity(env.client, 'new-two.com', 'second');
    assert.equal(entity.account, 'second');
    // Taken for the other reseller now, as at the real registry.
    const [seen] = await defaultAdapter().checkAvailability(['new-two.com']);
    assert.equal(seen?.status, 'taken');
  });

  it('a transfer through account second is requested and completed by the second login', async () => {
    second().seedExternalDomain({ domain: 'moving.com', authCode: 'Secret-Auth-9', nameservers: NS });
    second().setTransferPolicy({ mode: 'approve', afterMs: 0 });
    const from = sandbox.journal().length;
    const started = await startTransfer(
      env.client,
      {
        domain: 'moving.com',
        authCode: 'Secret-Auth-9',
        registrar: 'ispapi',
        account: 'second',
        polling: { initialInterval: '1s', maxInterval: '2s' },
      },
      { taskQueue, accounts: known },
    );
    assert.equal(started.workflowId, 'transfer:second:moving.com');
    const result = await started.handle.result();
    assert.equal(result.outcome, 'completed', result.reason);
    assert.ok(second().domain('moving.com'), 'in the second account');
    assert.equal(sandbox.domain('moving.com'), undefined, 'not in the default account');
    assert.ok(callsBy(SECOND_LOGIN.login, from).includes('TransferDomain'));
    assert.equal(callsBy(DEFAULT_LOGIN.login, from).length, 0);
    assert.equal((await getDomainEntity(env.client, 'moving.com', 'second')).account, 'second');
  });

  it('an unknown account is refused at the client, naming it, before any call', async () => {
    const from = sandbox.journal().length;
    const workflowsBefore = (await env.client.workflow.count(`TaskQueue = '${taskQueue}'`)).count;
    await assert.rejects(
      startRenewal(
        env.client,
        { domain: 'shared.com', registrar: 'ispapi', account: 'third', expiresOn: '2030-01-01' },
        { taskQueue, accounts: known },
      ),
      (err: unknown) =>
        err instanceof ValidationError &&
        err.fields.includes('account') &&
        /ispapi has no account third \(configured: default, second\)/.test(err.message),
    );
    await assert.rejects(
      startSync(env.client, { registrar: 'openprovider', account: 'second' }, { taskQueue, accounts: known }),
      ValidationError,
    );
    assert.equal(sandbox.journal().length, from, 'no registrar call');
    assert.equal((await env.client.workflow.count(`TaskQueue = '${taskQueue}'`)).count, workflowsBefore);
  });

  it("the gateway refuses an unknown account (400 naming it) and starts a named account's renewal under its ID", async () => {
    const made = newApiKey('ops', ['read', 'operate', 'money']);
    const gateway = await buildGateway({
      client: env.client,
      taskQueue,
      keys: [{ id: 'ops', sha256: made.entry.split(':')[1]!, scopes: new Set(['read', 'operate', 'money']) }],
      ratePerMinute: 1000,
      idempotencyFile: path.join(dir, 'idempotency.jsonl'),
      logLevel: 'warn',
      accounts: known,
    });
    try {
      const post = (payload: object) =>
        gateway.app.inject({
          method: 'POST',
          url: '/v1/renewals',
          headers: { authorization: `Bearer ${made.key}` },
          payload,
        });
      const from = sandbox.journal().length;
      const refused = await post({ domain: 'one-a.com', account: 'third', expiresOn: '2030-01-01' });
      assert.equal(refused.statusCode, 400);
      const problem = refused.json() as { errors: Array<{ field: string; message: string }> };
      assert.deepEqual(
        problem.errors.map((e) => e.field),
        ['account'],
      );
      assert.match(problem.errors[0]!.message, /ispapi has no account third/);
      assert.equal(sandbox.journal().length, from, 'no registrar call');
      const expiresOn = second().domain('two-b.com')!.expiresAt.slice(0, 10);
      const accepted = await post({ domain: 'two-b.com', account: 'second', expiresOn });
      assert.equal(accepted.statusCode, 202, accepted.body);
      assert.equal((accepted.json() as { workflowId: string }).workflowId, `renew:second:two-b.com:${expiresOn}`);
      const result = await env.client.workflow.getHandle(`renew:second:two-b.com:${expiresOn}`).result();
      assert.equal((result as { outcome: string }).outcome, 'renewed');
    } finally {
      await gateway.close();
    }
  });

  it('a worker without the account fails the workflow non-retryably, naming the account', async () => {
    const from = sandbox.journal().length;
    // Started around the client's check, as a worker configured differently from the client would see it.
    const handle = await env.client.workflow.start('renewDomain', {
      taskQueue,
      workflowId: 'renew:ghost:shared.com:2030-01-01',
      args: [{ domain: 'shared.com', registrar: 'ispapi', account: 'ghost', expiresOn: '2030-01-01' }],
    });
    await assert.rejects(handle.result(), (err: unknown) => {
      assert.ok(err instanceof WorkflowFailedError);
      const text = JSON.stringify(err.cause, Object.getOwnPropertyNames(err.cause ?? {}));
      assert.match(String((err.cause as Error).cause ?? err.cause), /ispapi\/ghost is not configured/);
      return text.length > 0;
    });
    assert.equal(sandbox.journal().length, from, 'no registrar call');
  });
});
