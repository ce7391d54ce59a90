/**
 * `domainflow catalogue sync` and `domainflow prices` as a person runs them: the real command line
 * (bin/domainflow.cjs, its own process) against a dev server with an in-process worker over the
 * ISPAPI sandbox. The CSV is read back with a real CSV parser's rules (quoted cells, header line).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker } from '@temporalio/worker';
import { createCatalogueActivities, createChangeEventActivities } from '../../src/activities';
import { DEFAULT_MARKUPS } from '../../src/config/prices';
import { createDevEnv, type DevEnv } from '../helpers/dev-env';
import { startIspapi, type IspapiSetup } from '../helpers/registrars';
import { createTestWorker, testCodecKeysEnv, uniqueTaskQueue } from '../helpers/temporal';

const REPO = path.resolve(__dirname, '../..');
const CLI = path.join(REPO, 'bin/domainflow.cjs');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('domainflow prices and catalogue sync (dev server, ISPAPI sandbox)', () => {
  let dev: DevEnv;
  let ispapi: IspapiSetup;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uniqueTaskQueue('prices-cli');

  before(async () => {
    [dev, ispapi] = await Promise.all([createDevEnv(), startIspapi()]);
    worker = await createTestWorker(dev, {
      taskQueue,
      activities: {
        ...createCatalogueActivities({
          registrars: { ispapi: ispapi.adapter },
          markups: DEFAULT_MARKUPS,
          client: dev.client,
          taskQueue,
        }),
        ...createChangeEventActivities(dev.client, { urls: [] }),
      },
    });
    running = worker.run();
  });
  after(async () => {
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await running;
    await ispapi?.close();
    await dev?.teardown();
  });

  // Asynchronous: the worker that runs the syncs lives in this process.
  const cli = (args: string[], extraEnv: Record<string, string> = {}): Promise<Run> =>
    new Promise((resolve) => {
      const env = {
        ...extraEnv,
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TEMPORAL_ADDRESS: dev.server.address,
        TEMPORAL_NAMESPACE: dev.namespace,
        DOMAINFLOW_TASK_QUEUE: taskQueue,
        DOMAINFLOW_CODEC_KEYS: testCodecKeysEnv(),
      };
      execFile(process.execPath, [CLI, ...args], { cwd: REPO, env, timeout: 120_000 }, (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      });
    });

  it('before a sync: exit 5 and how to sync; after a price change, prices --csv prints the new cost and sale', async () => {
    const none = await cli(['prices', '--registrar', 'ispapi']);
    assert.equal(none.code, 5, none.stderr);
    assert.match(
      none.stderr,
      /no price catalogue for ispapi\/default yet: run `domainflow catalogue sync --registrar ispapi`/,
    );

    const first = await cli(['--json', 'catalogue', 'sync', '--registrar', 'ispapi', '--wait']);
    assert.equal(first.code, 0, first.stderr);
    const [firstResult] = JSON.parse(first.stdout) as Array<{ revision: number; added: number; events: number }>;
    assert.equal(firstResult!.revision, 1);
    assert.ok(firstResult!.added > 0 && firstResult!.events === firstResult!.added);

    ispapi.sandbox.setPrices('de', { renew: '7.25' });
    const second = await cli(['catalogue', 'sync', '--registrar', 'ispapi', '--wait']);
    assert.equal(second.code, 0, second.stderr);
    assert.match(
      second.stdout,
      /ispapi\/default\s+\d+\s+2\s+0\s+1\s+0\s+1/,
      'revision 2: 0 added, 1 changed, 0 removed, 1 event',
    );

    const csv = await cli(['prices', '--registrar', 'ispapi', '--tld', '.de', '--csv']);
    assert.equal(csv.code, 0, csv.stderr);
    const lines = csv.stdout.trim().split('\n');
    assert.equal(
      lines[0],
      'registrar,account,tld,currency,register cost,register sale,renew cost,renew sale,transfer cost,transfer sale,restore cost,restore sale,trade cost,trade sale,years',
    );
    assert.equal(lines.length, 2, csv.stdout);
    const de = lines[1]!.split(',');
    assert.deepEqual(de.slice(0, 4), ['ispapi', 'default', '.de', 'USD']);
    assert.deepEqual(de.slice(6, 8), ['7.25', '8.99'], 'renew: cost 7.25, sale +20 % = 8.70 up to 8.99');

    const all = await cli(['prices', '--csv']);
    assert.equal(all.code, 0, all.stderr);
    assert.ok(all.stdout.split('\n').some((l) => l.startsWith('ispapi,default,.de,USD,') && l.includes(',7.25,8.99,')));
    assert.match(
      all.stderr,
      /no price catalogue for openprovider\/default yet/,
      'the unsynced account is named on stderr',
    );

    const tlds = await cli(['--json', 'tlds', '--tld', '.de', '--sold']);
    assert.equal(tlds.code, 0, tlds.stderr);
    assert.deepEqual((JSON.parse(tlds.stdout) as Array<{ soldBy: string[] }>)[0]!.soldBy, ['ispapi']);
    assert.match((await cli(['tlds', '--tld', '.de', '--sold'])).stdout, /^tld\s+sold by\s+extras key/m);

    const unknown = await cli(['prices', '--registrar', 'ispapi', '--tld', '.xx']);
    assert.equal(unknown.code, 5);
    assert.match(unknown.stderr, /--tld: \.xx is not sold by ispapi/);
  });

  it("domainflow check prices a premium quote with the rules' premium markup (DOMAINFLOW_PRICE_MARKUPS)", async () => {
    const rules = path.join(mkdtempSync(path.join(tmpdir(), 'markups-')), 'markups.yaml');
    writeFileSync(rules, "default: { percent: 20, rounding: '99' }\npremium: { percent: 5, rounding: '00' }\n");
    const env = {
      DOMAINFLOW_PRICE_MARKUPS: rules,
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_ISPAPI_PORT: new URL(ispapi.sandbox.baseUrl).port,
      ISPAPI_ENV: 'sandbox',
    };
    const run = await cli(['--json', 'check', 'premium-offer.net', 'plain-offer.net', '--registrar', 'ispapi'], env);
    assert.equal(run.code, 0, run.stderr);
    const [premium, plain] = JSON.parse(run.stdout) as Array<{
      status: string;
      premiumPrice?: { amount: string };
      premiumSalePrice?: { amount: string; currency: string };
    }>;
    assert.equal(premium!.status, 'premium');
    assert.equal(premium!.premiumPrice?.amount, '120.00');
    assert.deepEqual(premium!.premiumSalePrice, { amount: '126.00', currency: 'USD' }, '120.00 + 5 %, whole units');
    assert.equal(plain!.premiumSalePrice, undefined);
    const human = await cli(['check', 'premium-offer.net', '--registrar', 'ispapi'], env);
    assert.match(human.stdout, /premium-offer\.net\s+premium\s+120\.00 USD\s+126\.00 USD/);
  });
});
