import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startDevServer, type DevServer } from '../../scripts/lib/dev-server';
import { zoneDigest } from '../../src/domain/dns';
import { startZoneApply, zoneFromText } from '../../src/client/dns';
import { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { ispapiClient } from '../helpers/registrars';
import { IspapiRegistrar } from '../../src/registrars/ispapi/adapter';
import { zone40Yaml } from '../helpers/dns';
import { eventually, testCodecKeysEnv, testDataConverter } from '../helpers/temporal';

const REPO = path.resolve(__dirname, '../..');

/**
 * The worst moments of an apply: the registrar has taken the write and the worker dies before the
 * answer reaches it; then the next worker dies while its retry reads the zone. A real HTTP hop
 * between worker and sandbox holds those answers back while the test SIGKILLs the worker. The third
 * worker must find the zone as declared and send no second write: each record change reaches the
 * registrar once.
 */
describe('applyZone survives its worker killed twice mid-apply', () => {
  let dev: DevServer;
  let sandbox: IspapiSandbox;
  let hop: Server;
  let worker: ChildProcess | undefined;
  /** the next call whose answer the hop keeps (by command name), then nothing */
  let holdNext: RegExp | undefined;
  const held: string[] = [];
  let connection: Connection;
  let client: Client;
  const taskQueue = `dns-kill-${process.pid}`;

  before(async () => {
    [dev, sandbox] = await Promise.all([startDevServer({ uiPort: false }), IspapiSandbox.start()]);
    const target = new URL(sandbox.url);
    hop = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const command = /COMMAND%3D(\w+)/i.exec(body.toString())?.[1] ?? '';
        const hold = holdNext?.test(command) ?? false;
        if (hold) holdNext = undefined;
        const upstream = httpRequest(
          { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: req.headers },
          (answer) => {
            const parts: Buffer[] = [];
            answer.on('data', (c: Buffer) => parts.push(c));
            answer.on('end', () => {
              // Executed by the sandbox; the answer never leaves this hop: the worker is killed meanwhile.
              if (hold) return void held.push(command);
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
    return spawn(process.execPath, ['--import', 'tsx', 'src/workers/main.ts'], {
      cwd: REPO,
      stdio: 'ignore',
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: dev.address,
        TEMPORAL_NAMESPACE: dev.namespace,
        DOMAINFLOW_TASK_QUEUE: taskQueue,
        ISPAPI_ENV: 'sandbox',
        ISPAPI_URL: `http://127.0.0.1:${(hop.address() as AddressInfo).port}/api/call.cgi`,
        ISPAPI_REQUEST_TIMEOUT_MS: '120000',
        DOMAINFLOW_LOG_LEVEL: 'warn',
        DOMAINFLOW_CODEC_KEYS: testCodecKeysEnv(),
        DOMAINFLOW_METRICS_ADDRESS: 'off',
        DOMAINFLOW_HEALTH_ADDRESS: 'off',
        DOMAINFLOW_SYNC_INTERVAL: 'off',
      },
    });
  }

  async function killWhenHeld(count: number, what: string): Promise<void> {
    await eventually(async () => (held.length === count ? true : undefined), 120_000, what);
    worker!.kill('SIGKILL');
    await new Promise((resolve) => worker!.once('exit', resolve));
  }

  it('ends equal to the file with one UpdateDNSZone: each record change sent once', async () => {
    const domain = 'kill-during-apply.com';
    sandbox.seedDomain({ domain, nameservers: ['ns1.ispapi.net', 'ns2.ispapi.net'] });
    const zone = zoneFromText(zone40Yaml(domain, { forwarding: true }), domain, 'yaml');
    holdNext = /^UpdateDNSZone$/i;
    worker = startWorker();
    const { handle } = await startZoneApply(client, { domain, records: zone.records }, { taskQueue });
    // Kill 1: the write went through, its answer is held at the hop.
    await killWhenHeld(1, 'the held UpdateDNSZone answer');
    assert.equal(sandbox.journal({ command: 'UpdateDNSZone' }).length, 1);
    // Kill 2: the next worker's retry reads the zone first; that answer is held too.
    holdNext = /^QueryDNSZoneRRList$/i;
    worker = startWorker();
    await killWhenHeld(2, "the held answer of the retry's read");
    worker = startWorker();
    const result = await handle.result();
    assert.deepEqual(held, ['UpdateDNSZone', 'QueryDNSZoneRRList']);
    assert.equal(result.outcome, 'applied');
    assert.equal(result.replanned, true, 'the surviving attempt planned again from a fresh read');
    assert.deepEqual([result.changesSent, result.writeCalls], [0, 0], 'and found nothing left to send');
    const updates = sandbox.journal({ command: 'UpdateDNSZone' });
    assert.equal(updates.length, 1, 'one UpdateDNSZone reached the registrar');
    const added = Object.entries(updates[0]!.params).filter(([k]) => /^ADDRR\d+$/.test(k));
    assert.equal(added.length, 40, 'the 40 records in that one call');
    const direct = ispapiClient(sandbox.url);
    const read = await new IspapiRegistrar(direct).readZone(domain);
    await direct.close();
    const managed = read.records.filter((r) => !(r.name === '@' && r.type === 'NS'));
    assert.equal(zoneDigest(managed), zoneDigest(zone.records), 'the zone equals the file');
  });
});
