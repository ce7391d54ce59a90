import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startDevServer, type DevServer } from '../../scripts/lib/dev-server';
import { zoneDigest, type ZoneRecord } from '../../src/domain/dns';
import { startZoneApply, zoneFromText } from '../../src/client/dns';
import type { DnsZoneRegistrar } from '../../src/registrars/dns';
import { IspapiRegistrar } from '../../src/registrars/ispapi/adapter';
import { OpenproviderRegistrar } from '../../src/registrars/openprovider/adapter';
import { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { OpenproviderSandbox } from '../../src/sandbox/openprovider/server';
import { ispapiClient, openproviderClientOptions } from '../helpers/registrars';
import { zone40Yaml } from '../helpers/dns';
import { startHoldingHop, type HoldingHop } from '../helpers/holding-hop';
import { eventually, testCodecKeysEnv, testDataConverter } from '../helpers/temporal';

const REPO = path.resolve(__dirname, '../..');

/**
 * The worst moments of an apply: the registrar has taken the write and the worker dies before the
 * answer reaches it; then the next worker dies while its retry reads the zone. A real HTTP hop
 * between worker and sandbox holds those answers back while the test SIGKILLs the worker. The third
 * worker must find the zone as declared and send no second write: each record change reaches the
 * registrar once. On both sandboxes.
 */

interface Side {
  registrar: 'ispapi' | 'openprovider';
  forwarding: boolean;
  start(): Promise<{
    base: string;
    close(): Promise<void>;
    seed(domain: string): void;
    writes(): Array<Record<string, unknown>>;
  }>;
  /** the name of a call as the hop sees it */
  callName(req: IncomingMessage, body: string): string;
  /** the write, then the retry's read */
  holds: [RegExp, RegExp];
  env(hopUrl: string): Record<string, string>;
  /** the records one write call carried */
  recordsIn(write: Record<string, unknown>): number;
  adapter(base: string): { registrar: DnsZoneRegistrar; close(): Promise<void> };
}

const SIDES: Side[] = [
  {
    registrar: 'ispapi',
    forwarding: true,
    async start() {
      const sandbox = await IspapiSandbox.start();
      return {
        base: new URL(sandbox.url).origin,
        close: () => sandbox.close(),
        seed: (domain) => sandbox.seedDomain({ domain, nameservers: ['ns1.ispapi.net', 'ns2.ispapi.net'] }),
        writes: () => sandbox.journal({ command: 'UpdateDNSZone' }).map((e) => e.params),
      };
    },
    callName: (_req, body) => /COMMAND%3D(\w+)/i.exec(body)?.[1] ?? '',
    holds: [/^UpdateDNSZone$/i, /^QueryDNSZoneRRList$/i],
    env: (hop) => ({ ISPAPI_ENV: 'sandbox', ISPAPI_URL: `${hop}/api/call.cgi`, ISPAPI_REQUEST_TIMEOUT_MS: '120000' }),
    recordsIn: (params) => Object.keys(params).filter((k) => /^ADDRR\d+$/.test(k)).length,
    adapter: (base) => {
      const client = ispapiClient(`${base}/api/call.cgi`);
      return { registrar: new IspapiRegistrar(client), close: () => client.close() };
    },
  },
  {
    registrar: 'openprovider',
    forwarding: false,
    async start() {
      const sandbox = await OpenproviderSandbox.start();
      return {
        base: sandbox.baseUrl.replace(/\/$/, ''),
        close: () => sandbox.close(),
        seed: () => undefined,
        writes: () =>
          sandbox
            .journal({ route: 'PUT /v1beta/dns/zones/{name}' })
            .map((e) => ({ body: e.body }) as Record<string, unknown>),
      };
    },
    callName: (req) => `${req.method} ${req.url ?? ''}`,
    holds: [/^PUT \/v1beta\/dns\/zones\//, /^GET \/v1beta\/dns\/zones\//],
    env: (hop) => ({ OPENPROVIDER_ENV: 'sandbox', OPENPROVIDER_URL: hop, OPENPROVIDER_REQUEST_TIMEOUT_MS: '120000' }),
    recordsIn: (write) => ((write.body as { records?: { add?: unknown[] } }).records?.add ?? []).length,
    adapter: (base) => {
      const registrar = new OpenproviderRegistrar(openproviderClientOptions(base));
      return { registrar, close: () => registrar.client.close() };
    },
  },
];

describe('applyZone survives its worker killed twice mid-apply', () => {
  let dev: DevServer;
  let connection: Connection;
  let client: Client;

  before(async () => {
    dev = await startDevServer({ uiPort: false });
    connection = await Connection.connect({ address: dev.address });
    client = new Client({ connection, namespace: dev.namespace, dataConverter: testDataConverter() });
  });
  after(async () => {
    await connection?.close();
    await dev?.stop();
  });

  for (const side of SIDES) {
    describe(`${side.registrar} sandbox`, () => {
      let s: Awaited<ReturnType<Side['start']>>;
      let hop: HoldingHop;
      let worker: ChildProcess | undefined;
      /** the next call whose answer the hop keeps, then nothing */
      let holdNext: RegExp | undefined;
      const held: string[] = [];
      const taskQueue = `dns-kill-${side.registrar}-${process.pid}`;

      before(async () => {
        s = await side.start();
        hop = await startHoldingHop(new URL(s.base), (req, body) => {
          // Executed by the sandbox; the answer never leaves the hop: the worker is killed meanwhile.
          const name = side.callName(req, body);
          if (!holdNext?.test(name)) return false;
          holdNext = undefined;
          held.push(name);
          return true;
        });
      });
      after(async () => {
        worker?.kill('SIGKILL');
        await hop?.close();
        await s?.close();
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
            ...side.env(hop.origin),
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

      it('ends equal to the file with one write call: each record change sent once', async () => {
        const domain = `kill-during-apply-${side.registrar}.com`;
        s.seed(domain);
        const zone = zoneFromText(zone40Yaml(domain, side), domain, 'yaml');
        holdNext = side.holds[0];
        worker = startWorker();
        const { handle } = await startZoneApply(
          client,
          { domain, registrar: side.registrar, records: zone.records },
          { taskQueue },
        );
        // Kill 1: the write went through, its answer is held at the hop.
        await killWhenHeld(1, 'the held answer of the write');
        assert.equal(s.writes().length, 1);
        // Kill 2: the next worker's retry reads the zone first; that answer is held too.
        holdNext = side.holds[1];
        worker = startWorker();
        await killWhenHeld(2, "the held answer of the retry's read");
        worker = startWorker();
        const result = await handle.result();
        assert.equal(held.length, 2);
        assert.equal(result.outcome, 'applied');
        assert.equal(result.replanned, true, 'the surviving attempt planned again from a fresh read');
        assert.deepEqual([result.changesSent, result.writeCalls], [0, 0], 'and found nothing left to send');
        const writes = s.writes();
        assert.equal(writes.length, 1, 'one write call reached the registrar');
        assert.equal(side.recordsIn(writes[0]!), 40, 'the 40 records in that one call');
        const direct = side.adapter(s.base);
        const read = await direct.registrar.readZone(domain);
        await direct.close();
        const managed = read.records.filter((r: ZoneRecord) => !(r.name === '@' && r.type === 'NS'));
        assert.equal(zoneDigest(managed), zoneDigest(zone.records), 'the zone equals the file');
      });
    });
  }
});
