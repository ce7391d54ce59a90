/**
 * The host and bulkChange contracts as another language's client sees them: started with the real
 * `temporal` CLI and plain JSON (docs/hosts.md, docs/bulk.md), run by a real worker process against
 * the ISPAPI sandbox (the worker's codec passes unencrypted inputs through).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDevServer, type DevServer } from '../../scripts/lib/dev-server';
import { resolveTemporalCli } from '../../scripts/lib/temporal-binaries';
import { CodecServer } from '../../src/codec/codec-server';
import { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { OpenproviderSandbox } from '../../src/sandbox/openprovider/server';
import { bulkChangeInputSchema, hostInputSchema, hostWorkflowId, type HostInput } from '../../src/contracts';
import { checkStrict } from '../../src/domain/validation';
import { testCodec, testCodecKeysEnv } from '../helpers/temporal';

const REPO = path.resolve(__dirname, '../..');

/** The ```json block after `marker` in a documentation page. */
function docJson(file: string, marker: string): Record<string, unknown> {
  const text = readFileSync(path.join(REPO, file), 'utf8');
  const at = text.indexOf(marker);
  assert.ok(at >= 0, `${file} has "${marker}"`);
  const block = /```json\n([\s\S]*?)```/.exec(text.slice(at));
  assert.ok(block, `a JSON block after "${marker}"`);
  return JSON.parse(block[1]!) as Record<string, unknown>;
}

describe('host and bulkChange contracts through the temporal CLI (plain JSON, real worker process)', () => {
  let dev: DevServer;
  let ispapi: IspapiSandbox;
  let openprovider: OpenproviderSandbox;
  let codecServer: CodecServer;
  let worker: ChildProcess | undefined;
  let workerLog = '';
  let dataDir: string;
  const taskQueue = `hosts-bulk-contract-${process.pid}`;
  const temporalCli = resolveTemporalCli().path;
  const hostInput = docJson('docs/hosts.md', '## Contract for any Temporal client');
  const bulkInput = docJson('docs/bulk.md', '## Contract for any Temporal client');

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'domainflow-hosts-bulk-'));
    [dev, ispapi, openprovider, codecServer] = await Promise.all([
      startDevServer({ uiPort: false }),
      IspapiSandbox.start(),
      OpenproviderSandbox.start(),
      CodecServer.start({ codec: testCodec() }),
    ]);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TEMPORAL_ADDRESS: dev.address,
      TEMPORAL_NAMESPACE: dev.namespace,
      DOMAINFLOW_TASK_QUEUE: taskQueue,
      DOMAINFLOW_DATA_DIR: dataDir,
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_ISPAPI_PORT: new URL(ispapi.baseUrl).port,
      SANDBOX_OPENPROVIDER_PORT: new URL(openprovider.baseUrl).port,
      ISPAPI_ENV: 'sandbox',
      OPENPROVIDER_ENV: 'sandbox',
      DOMAINFLOW_LOG_LEVEL: 'warn',
      DOMAINFLOW_METRICS_ADDRESS: 'off',
      DOMAINFLOW_HEALTH_ADDRESS: 'off',
      DOMAINFLOW_CODEC_KEYS: testCodecKeysEnv(),
      DOMAINFLOW_SYNC_INTERVAL: 'off',
    };
    delete env.DOMAINFLOW_SMTP_URL;
    worker = spawn(process.execPath, ['--import', 'tsx', 'src/workers/main.ts'], { cwd: REPO, env, stdio: 'pipe' });
    worker.stdout?.on('data', (d: Buffer) => (workerLog += d.toString()));
    worker.stderr?.on('data', (d: Buffer) => (workerLog += d.toString()));
  });
  after(async () => {
    worker?.kill('SIGKILL');
    await Promise.all([ispapi?.close(), openprovider?.close(), codecServer?.close()]);
    await dev?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  function temporal(args: string[], timeoutMs = 60_000): Promise<{ code: number; out: Record<string, unknown> }> {
    const all = [...args, '--address', dev.address, '--namespace', dev.namespace, '-o', 'json'];
    return new Promise((resolve) => {
      execFile(temporalCli, all, { timeout: timeoutMs }, (err, stdout, stderr) => {
        let out: Record<string, unknown> = {};
        try {
          out = JSON.parse(stdout) as Record<string, unknown>;
        } catch {
          out = { stdout, stderr, worker: workerLog.slice(-2000) };
        }
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out });
      });
    });
  }
  const start = async (type: string, workflowId: string, input: unknown) => {
    const run = await temporal([
      'workflow',
      'start',
      '--type',
      type,
      '--task-queue',
      taskQueue,
      '--workflow-id',
      workflowId,
      '--input',
      JSON.stringify(input),
    ]);
    assert.equal(run.code, 0, JSON.stringify(run.out));
  };
  const result = (workflowId: string) =>
    temporal(['workflow', 'result', '--workflow-id', workflowId, '--codec-endpoint', codecServer.url], 120_000);

  it('the JSON examples of docs/hosts.md and docs/bulk.md are valid, strict inputs', () => {
    for (const [schema, value] of [
      [hostInputSchema, hostInput],
      [bulkChangeInputSchema, bulkInput],
    ] as const) {
      const checked = checkStrict(schema, value);
      assert.ok(checked.ok, checked.ok ? '' : checked.problems.message);
    }
  });

  it('host: the documented create -> changed, one AddNameserver; a delete while a domain uses it fails with 532', async () => {
    ispapi.seedDomain({ domain: 'example.com', nameservers: ['ns1.example.net', 'ns2.example.net'] });
    const workflowId = hostWorkflowId(hostInputSchema.parse(hostInput));
    assert.equal(workflowId, 'host:ispapi:ns1.example.com');
    await start('host', workflowId, hostInput);
    const created = await result(workflowId);
    assert.equal(created.out.status, 'COMPLETED', JSON.stringify(created.out));
    assert.equal((created.out.result as { changed: boolean }).changed, true);
    assert.equal(ispapi.journal({ command: 'AddNameserver' }).length, 1);

    ispapi.seedDomain({ domain: 'uses-host.net', nameservers: ['ns1.example.com', 'ns2.example.net'] });
    const remove: HostInput = { action: 'delete', registrar: 'ispapi', host: 'ns1.example.com' };
    await start('host', workflowId, remove);
    const refused = await result(workflowId);
    assert.equal(refused.out.status, 'FAILED', JSON.stringify(refused.out));
    assert.match(JSON.stringify(refused.out), /532 Domain names linked with name server/);
  });

  it('bulkChange: plain JSON -> both domains changed once, the report as the result', async () => {
    const domains = ['bulk-cli-a.com', 'bulk-cli-b.com'];
    for (const domain of domains) ispapi.seedDomain({ domain, nameservers: ['ns1.example.net', 'ns2.example.net'] });
    const input = {
      jobId: 'cli-bulk',
      registrar: 'ispapi',
      change: { kind: 'nameservers', nameservers: ['ns1.new-dns.net', 'ns2.new-dns.net'] },
      domains,
      domainsPerSecond: 5,
    };
    await start('bulkChange', 'bulk:cli-bulk', input);
    const done = await result('bulk:cli-bulk');
    assert.equal(done.out.status, 'COMPLETED', JSON.stringify(done.out));
    const report = done.out.result as { changed: string[]; unchanged: string[] | null; failed: unknown[] | null };
    assert.deepEqual([...report.changed].sort(), domains);
    // The temporal CLI prints an empty list of the decoded result as null.
    assert.deepEqual(report.failed ?? [], [], JSON.stringify(done.out));
    assert.deepEqual(report.unchanged ?? [], []);
    for (const domain of domains) {
      const writes = ispapi.journal({ command: 'ModifyDomain', domain }).filter((e) => e.params.NAMESERVER0);
      assert.equal(writes.length, 1, `${domain}: one nameserver write`);
    }
  });
});
