import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startDevServer, type DevServer } from '../../scripts/lib/dev-server';
import { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { startRenewal } from '../../src/client/renew';
import { eventually, testCodecKeysEnv, testDataConverter } from '../helpers/temporal';

const REPO = path.resolve(__dirname, '../..');
const DAY = 86_400_000;

/**
 * The worst moment for money: the registrar has renewed and charged, and the worker dies before
 * the answer reaches it. A real HTTP hop between worker and sandbox holds that one answer back
 * while the test SIGKILLs the worker; the restarted worker must not pay again.
 */
describe('renewal survives a worker killed after the registrar charged', () => {
  let dev: DevServer;
  let sandbox: IspapiSandbox;
  let hop: Server;
  let worker: ChildProcess | undefined;
  let held = 0;
  let connection: Connection;
  let client: Client;

  before(async () => {
    [dev, sandbox] = await Promise.all([startDevServer({ uiPort: false }), IspapiSandbox.start()]);
    const target = new URL(sandbox.url);
    hop = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const isRenewal = /COMMAND%3DRenewDomain/i.test(body.toString());
        const upstream = httpRequest(
          { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: req.headers },
          (answer) => {
            const parts: Buffer[] = [];
            answer.on('data', (c: Buffer) => parts.push(c));
            answer.on('end', () => {
              // The first renewal's answer never leaves this hop: the worker is killed meanwhile.
              if (isRenewal && held++ === 0) return;
              res.writeHead(answer.statusCode ?? 500, answer.headers);
              res.end(Buffer.concat(parts));
            });
          },
        );
        upstream.end(body);
      });
    });
    await new Promise<void>((resolve) => hop.listen(0, '127.0.0.1', resolve));
    connection = await Connection.connect({ address: dev.address });
    client = new Client({ connection, namespace: dev.namespace, dataConverter: testDataConverter() });
  });
  after(async () => {
    worker?.kill('SIGKILL');
    hop?.closeAllConnections();
    await new Promise((resolve) => hop?.close(resolve));
    await connection?.close();
    await sandbox?.close();
    await dev?.stop();
  });

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/workers/main.ts'], {
      cwd: REPO,
      stdio: 'ignore',
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: dev.address,
        TEMPORAL_NAMESPACE: dev.namespace,
        DOMAINFLOW_TASK_QUEUE: `renew-kill-${process.pid}`,
        ISPAPI_ENV: 'sandbox',
        ISPAPI_URL: `http://127.0.0.1:${(hop.address() as AddressInfo).port}/api/call.cgi`,
        ISPAPI_REQUEST_TIMEOUT_MS: '120000',
        DOMAINFLOW_LOG_LEVEL: 'warn',
        DOMAINFLOW_CODEC_KEYS: testCodecKeysEnv(),
        DOMAINFLOW_METRICS_ADDRESS: 'off',
        DOMAINFLOW_HEALTH_ADDRESS: 'off',
      },
    });
    return child;
  }

  it('one charge, the workflow still ends renewed and says charged', async () => {
    const domain = 'kill-during-renewal.com';
    const expires = new Date(Math.floor(Date.now() / DAY) * DAY + 30 * DAY + 12 * 3_600_000);
    sandbox.seedDomain({ domain, nameservers: ['ns1.example.net', 'ns2.example.net'], expiresAt: expires });
    worker = startWorker();
    const { handle } = await startRenewal(
      client,
      { domain, expiresOn: expires.toISOString().slice(0, 10) },
      { taskQueue: `renew-kill-${process.pid}` },
    );
    // The registrar renewed and charged; its answer is held at the hop.
    await eventually(async () => (sandbox.charges({ domain }).length === 1 ? true : undefined), 90_000, 'the charge');
    worker.kill('SIGKILL');
    await new Promise((resolve) => worker!.once('exit', resolve));
    worker = startWorker();
    const result = await handle.result();
    assert.equal(result.outcome, 'renewed');
    assert.equal(sandbox.charges({ domain }).length, 1, 'the retry after the crash paid nothing');
    // What billing reads: the term was paid by this workflow (by the killed attempt), once.
    assert.equal(result.charged, true, 'charged, although the attempt that paid was the one killed');
    const control = new URL('/_sandbox/charges', sandbox.url);
    control.searchParams.set('domain', domain);
    const listed = (await (await fetch(control)).json()) as unknown[];
    assert.equal(listed.length, 1, 'exactly one charge in /_sandbox/charges');
    assert.equal(
      sandbox.journal({ command: 'RenewDomain', domain }).length,
      1,
      'one RenewDomain reached the registrar',
    );
    assert.equal(held, 1);
  });
});
