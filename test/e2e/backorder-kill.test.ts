import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startDevServer, type DevServer } from '../../scripts/lib/dev-server';
import { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { deposit, getAccount } from '../../src/client/account';
import { startBackorder } from '../../src/client/backorder';
import { eventually, testCodecKeysEnv, testDataConverter } from '../helpers/temporal';

const REPO = path.resolve(__dirname, '../..');

/**
 * The worker process is SIGKILLed as soon as the registrar has answered "caught": between that
 * answer and the capture of the customer's money. After a restart the money must be taken once.
 */
describe('backorder survives a worker killed between the registrar answer and the capture', () => {
  let dev: DevServer;
  let sandbox: IspapiSandbox;
  let worker: ChildProcess | undefined;
  let connection: Connection;
  let client: Client;
  const taskQueue = `backorder-kill-${process.pid}`;

  before(async () => {
    [dev, sandbox] = await Promise.all([startDevServer({ uiPort: false }), IspapiSandbox.start()]);
    connection = await Connection.connect({ address: dev.address });
    client = new Client({ connection, namespace: dev.namespace, dataConverter: testDataConverter() });
  });
  after(async () => {
    worker?.kill('SIGKILL');
    await connection?.close();
    await sandbox?.close();
    await dev?.stop();
  });

  const startWorker = (): ChildProcess =>
    spawn(process.execPath, ['--import', 'tsx', 'src/workers/main.ts'], {
      cwd: REPO,
      stdio: 'ignore',
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: dev.address,
        TEMPORAL_NAMESPACE: dev.namespace,
        DOMAINFLOW_TASK_QUEUE: taskQueue,
        ISPAPI_ENV: 'sandbox',
        ISPAPI_URL: sandbox.url,
        DOMAINFLOW_LOG_LEVEL: 'warn',
        DOMAINFLOW_CODEC_KEYS: testCodecKeysEnv(),
        DOMAINFLOW_METRICS_ADDRESS: 'off',
        DOMAINFLOW_HEALTH_ADDRESS: 'off',
        DOMAINFLOW_BACKORDER_PRICES: 'com:USD:19.00',
      },
    });

  it('captures 19.00 exactly once', async () => {
    const customerId = 'kill-cust';
    const domain = 'dropping-kill.com';
    worker = startWorker();
    await deposit(client, customerId, { reference: 'dep-1', amount: 50_00, currency: 'USD' }, { taskQueue });
    sandbox.seedDrop({ domain, dropAt: new Date(Date.now() + 8_000) });
    sandbox.setApplicationOutcome(domain, { status: 'SUCCESSFUL' });
    const { handle } = await startBackorder(
      client,
      {
        customerId,
        domain,
        contacts: {
          owner: {
            firstName: 'Kim',
            lastName: 'Kill',
            street: ['Main Street 1'],
            city: 'Zurich',
            postalCode: '8000',
            countryCode: 'CH',
            phone: '+41.441234567',
            email: 'kim@kill.example',
          },
        },
        timing: {
          activateBefore: '6s',
          processBefore: '4s',
          giveUpAfterDrop: '60s',
          recheckEvery: '1h',
          pollEvery: '1s',
        },
      },
      { taskQueue },
    );
    const caught = () =>
      sandbox
        .journal({ command: 'StatusDomainApplication' })
        .some((entry) => entry.code === 200 && entry.description !== undefined);
    await eventually(async () => (caught() ? true : undefined), 90_000, 'the registrar to answer');
    worker.kill('SIGKILL');
    await new Promise((resolve) => worker!.once('exit', resolve));
    worker = startWorker();
    const result = await handle.result();
    assert.equal(result.status, 'SUCCESSFUL');
    assert.equal(result.charged, 19_00);
    const usd = (await getAccount(client, customerId)).currencies.find((c) => c.currency === 'USD');
    assert.deepEqual(usd, { currency: 'USD', balance: 31_00, reserved: 0, available: 31_00 });
    const entries = (await getAccount(client, customerId)).recentEntries.filter((e) => e.kind === 'capture');
    assert.equal(entries.length, 1, 'one capture in the ledger');
    assert.equal(sandbox.journal({ command: 'AddDomainApplication', domain }).length, 1, 'one application');
  });
});
