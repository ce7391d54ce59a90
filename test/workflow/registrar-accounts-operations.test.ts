import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Worker } from '@temporalio/worker';
import { startBackorder } from '../../src/client/backorder';
import { startBulkChange } from '../../src/client/bulk';
import { startZoneApply, zoneFromText } from '../../src/client/dns';
import { fetchAuthCode, startDeletion } from '../../src/client/domain-operations';
import { runHost } from '../../src/client/hosts';
import { ValidationError } from '../../src/domain/validation';
import { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { newApiKey } from '../../src/gateway/auth';
import { buildGateway } from '../../src/gateway/server';
import { createRegistrarQueueWorkers } from '../../src/workers/registrar-queues';
import type { DevEnv } from '../helpers/dev-env';
import { startTwoAccounts, type TwoAccounts, SECOND_LOGIN, NS, owner } from '../helpers/two-accounts';
import { createTestWorker, testDataConverter } from '../helpers/temporal';

/**
 * The workflows beyond register/transfer/renew/sync take `account` too (docs/accounts.md): two
 * ISPAPI logins at one sandbox, configured as production does (env variables = `default`, the
 * accounts file names `second`). A dev server rather than the time-skipping one: a deletion starts
 * the domain's entity, whose far timers a skipping clock would fire (renewals) while we wait.
 */
describe('registrar accounts: delete, auth code, zone, hosts, bulk and the gateway through account second', () => {
  let env: DevEnv;
  let sandbox: IspapiSandbox;
  let world: TwoAccounts;
  let workers: Worker[] = [];
  let running: Promise<void>[] = [];
  let taskQueue: string;
  let known: TwoAccounts['known'];

  const second = () => world.second();
  const logins = (from: number) =>
    new Set(
      sandbox
        .journal()
        .slice(from)
        .map((e) => e.login),
    );
  const commandsOf = (from: number) =>
    sandbox
      .journal()
      .slice(from)
      .map((e) => e.command);
  const exists = async (workflowId: string) => {
    try {
      await env.client.workflow.getHandle(workflowId).describe();
      return true;
    } catch {
      return false;
    }
  };

  before(
    async () => {
      world = await startTwoAccounts('accounts-ops');
      ({ env, sandbox, known, taskQueue } = world);
      const { activities } = world;
      // The main queue, and the second account's own list queue (the bulk job's permits come from it).
      workers = [
        await createTestWorker(env, { taskQueue, activities }),
        ...(await createRegistrarQueueWorkers({
          connection: env.nativeConnection,
          namespace: env.namespace,
          taskQueue,
          activities,
          dataConverter: testDataConverter(),
          ratePerSecond: {},
          accounts: [{ registrar: 'ispapi', account: 'second', ratePerSecond: 40 }],
          shutdownGraceTime: '1s',
        })),
      ];
      running = workers.map((w) => w.run());
      sandbox.seedDomain({ domain: 'one.com', nameservers: NS });
      second().seedDomain({ domain: 'two.com', nameservers: NS, authCode: 'Two-Code-1!' });
      second().seedDomain({ domain: 'two-b.com', nameservers: NS });
    },
    { timeout: 180_000 },
  );

  after(
    async () => {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await Promise.allSettled(running);
      await world?.close();
    },
    { timeout: 60_000 },
  );

  it('an unknown account is refused at the client, naming account, before Temporal or the registrar', async () => {
    const from = sandbox.journal().length;
    const options = { taskQueue, accounts: known };
    const third = { registrar: 'ispapi' as const, account: 'third' };
    const refusals = [
      startDeletion(env.client, { ...third, domain: 'two.com', confirm: 'two.com' }, options),
      fetchAuthCode(env.client, { ...third, domain: 'two.com' }, options),
      startZoneApply(env.client, { ...third, domain: 'two.com', records: [] }, options),
      runHost(env.client, { ...third, action: 'show', host: 'ns1.two.com' }, options),
      startBulkChange(
        env.client,
        { ...third, jobId: 'x', change: { kind: 'lock', locked: true }, domains: ['two.com'] },
        options,
      ),
      startBackorder(env.client, { ...third, customerId: 'c1', domain: 'drop.com', contacts: { owner } }, options),
    ];
    for (const refusal of refusals) {
      await assert.rejects(refusal, (err: unknown) => {
        assert.ok(err instanceof ValidationError, String(err));
        assert.deepEqual(err.fields, ['account']);
        assert.match(err.message, /ispapi has no account third \(configured: default, second\)/);
        return true;
      });
    }
    assert.equal(sandbox.journal().length, from, 'no registrar call');
    assert.equal(await exists('delete:third:two.com'), false);
  });

  it('auth code, host, zone apply and deletion through second: only the second login is called, IDs carry the account', async () => {
    const from = sandbox.journal().length;
    const options = { taskQueue, accounts: known };
    const at = { registrar: 'ispapi' as const, account: 'second' };

    const code = await fetchAuthCode(env.client, { ...at, domain: 'two.com', requestId: 'r1' }, options);
    assert.equal(code.authCode, 'Two-Code-1!');
    assert.ok(await exists('authcode:second:two.com:r1'));

    const host = await runHost(env.client, { ...at, action: 'create', host: 'ns1.two.com', ips: ['1.2.3.4'] }, options);
    assert.equal(host.changed, true);
    assert.ok(await exists('host:second:ispapi:ns1.two.com'));
    assert.equal(await exists('host:ispapi:ns1.two.com'), false);

    const zone = zoneFromText(
      ['zone: two.com', 'ttl: 3600', 'records:', "  - { name: '@', type: A, value: 192.0.2.10 }"].join('\n'),
      'two.com',
      'yaml',
    );
    const apply = await startZoneApply(env.client, { ...at, domain: 'two.com', records: zone.records }, options);
    assert.equal(apply.workflowId, 'apply-zone:second:two.com');
    assert.equal((await apply.handle.result()).outcome, 'applied');
    // The applied zone is declared to the second account's own DNS sync.
    assert.ok(await exists('sync-dns:second:ispapi'));

    const deletion = await startDeletion(env.client, { ...at, domain: 'two-b.com', confirm: 'two-b.com' }, options);
    assert.equal(deletion.workflowId, 'delete:second:two-b.com');
    const deleted = await deletion.handle.result();
    assert.equal(deleted.outcome, 'deleted');
    assert.equal(deleted.sent, true);
    // The deletion was told to the second account's entity of the name, not to a default one.
    assert.ok(await exists('domain:second:two-b.com'));
    assert.equal(await exists('domain:two-b.com'), false);

    assert.deepEqual([...logins(from)], [SECOND_LOGIN.login], 'the default login made no call');
    const commands = commandsOf(from);
    for (const command of ['AddNameserver', 'UpdateDNSZone', 'DeleteDomain']) {
      assert.ok(commands.includes(command), `${command} in ${commands.join(' ')}`);
    }
    assert.ok(sandbox.domain('one.com'), "the default account's domain is untouched");
  });

  it("a bulk job of second changes each domain through the second account's entity, paced by its own list queue", async () => {
    const from = sandbox.journal().length;
    const started = await startBulkChange(
      env.client,
      {
        jobId: 'lock-two',
        registrar: 'ispapi',
        account: 'second',
        change: { kind: 'lock', locked: true },
        domains: ['two.com'],
        domainsPerSecond: 10,
      },
      { taskQueue, accounts: known },
    );
    assert.equal(started.workflowId, 'bulk:second:lock-two');
    const report = await started.handle.result();
    assert.deepEqual(report.changed, ['two.com']);
    assert.deepEqual(report.failed, []);
    assert.ok(await exists('domain:second:two.com'));
    assert.equal(await exists('domain:two.com'), false);
    assert.equal(second().domain('two.com')!.transferLock, true);
    assert.deepEqual([...logins(from)], [SECOND_LOGIN.login]);
  });

  it('the gateway: a per-domain route takes ?account= (400 naming an unknown one, before any call)', async () => {
    const made = newApiKey('ops', ['read', 'operate']);
    const gateway = await buildGateway({
      client: env.client,
      taskQueue,
      keys: [{ id: 'ops', sha256: made.entry.split(':')[1]!, scopes: new Set(['read', 'operate']) }],
      ratePerMinute: 1000,
      idempotencyFile: path.join(world.dir, 'idempotency.jsonl'),
      logLevel: 'warn',
      accounts: known,
    });
    try {
      const get = (url: string) =>
        gateway.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${made.key}` } });
      const from = sandbox.journal().length;
      const refused = await get('/v1/domains/two.com/hosts?account=third');
      assert.equal(refused.statusCode, 400, refused.body);
      const problem = refused.json() as { errors: Array<{ field: string; message: string }> };
      assert.deepEqual(
        problem.errors.map((e) => e.field),
        ['account'],
      );
      assert.equal(sandbox.journal().length, from, 'no registrar call');
      // Without the account the default entity is addressed: there is none for two.com.
      assert.equal((await get('/v1/domains/two.com/hosts')).statusCode, 404);

      const listed = await get('/v1/domains/two.com/hosts?account=second');
      assert.equal(listed.statusCode, 200, listed.body);
      const hosts = (listed.json() as { hosts: Array<{ host: string; ips: string[] }> }).hosts;
      assert.deepEqual(
        hosts.map((h) => [h.host, h.ips]),
        [['ns1.two.com', ['1.2.3.4']]],
      );
      assert.deepEqual([...logins(from)], [SECOND_LOGIN.login]);
    } finally {
      await gateway.close();
    }
  });
});
