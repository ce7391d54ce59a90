import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startDevServer, type DevServer } from '../../scripts/lib/dev-server';
import { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { startDeletion } from '../../src/client/domain-operations';
import { eventually, testCodecKeysEnv, testDataConverter } from '../helpers/temporal';

const REPO = path.resolve(__dirname, '../..');
const DAY = 86_400_000;
const NS = ['ns1.example.net', 'ns2.example.net'];

/**
 * The worst moment for a domain: the registry has deleted it, and the worker dies before the
 * answer reaches it. A real HTTP hop between worker and sandbox holds that one answer back while
 * the test SIGKILLs the worker; the restarted worker must not send a second DeleteDomain (it reads
 * the lifecycle first and finds the domain deleted). Same harness as renew-kill.test.ts.
 */
describe('deletion survives a worker killed after the registry deleted', () => {
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
        const isDelete = /COMMAND%3DDeleteDomain/i.test(body.toString());
        const upstream = httpRequest(
          { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: req.headers },
          (answer) => {
            const parts: Buffer[] = [];
            answer.on('data', (c: Buffer) => parts.push(c));
            answer.on('end', () => {
              // The first deletion's answer never leaves this hop: the worker is killed meanwhile.
              if (isDelete && held++ === 0) return;
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
        DOMAINFLOW_TASK_QUEUE: `delete-kill-${process.pid}`,
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

  it('one DeleteDomain reaches the registry; the workflow still ends deleted', async () => {
    const domain = 'kill-during-delete.com';
    sandbox.seedDomain({ domain, nameservers: NS, expiresAt: new Date(Date.now() + 200 * DAY) });
    worker = startWorker();
    const { handle } = await startDeletion(
      client,
      { domain, confirm: domain, registrar: 'ispapi' },
      { taskQueue: `delete-kill-${process.pid}` },
    );
    // The registry deleted it; the answer is held at the hop.
    await eventually(async () => (sandbox.deletedDomain(domain) ? true : undefined), 90_000, 'the deletion');
    worker.kill('SIGKILL');
    await new Promise((resolve) => worker!.once('exit', resolve));
    worker = startWorker();
    const result = await handle.result();
    assert.equal(result.outcome, 'deleted');
    assert.equal(result.phase, 'hard-quarantine');
    assert.equal(
      sandbox.journal({ command: 'DeleteDomain', domain }).length,
      1,
      'one DeleteDomain reached the registry',
    );
    assert.equal(held, 1);
  });
});
