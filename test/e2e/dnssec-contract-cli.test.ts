/**
 * The DNSSEC contracts as another language's client sees them: setDnssec and dnssecRollover started
 * with the real `temporal` CLI and the plain JSON of docs/dnssec.md, run by a real worker process
 * against the ISPAPI sandbox (the worker's codec passes unencrypted inputs through).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Payload } from '@temporalio/common';
import { startDevServer, type DevServer } from '../../scripts/lib/dev-server';
import { resolveTemporalCli } from '../../scripts/lib/temporal-binaries';
import { CodecServer } from '../../src/codec/codec-server';
import { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { OpenproviderSandbox } from '../../src/sandbox/openprovider/server';
import {
  dnssecRolloverInputSchema,
  dnssecRolloverWorkflowId,
  setDnssecInputSchema,
  setDnssecWorkflowId,
} from '../../src/contracts';
import { checkStrict } from '../../src/domain/validation';
import { eventually, testCodec, testCodecKeysEnv } from '../helpers/temporal';

const REPO = path.resolve(__dirname, '../..');

/** The ```json block after `marker` in docs/dnssec.md. */
function docJson(marker: string): Record<string, unknown> {
  const text = readFileSync(path.join(REPO, 'docs/dnssec.md'), 'utf8');
  const at = text.indexOf(marker);
  assert.ok(at >= 0, `docs/dnssec.md has "${marker}"`);
  const block = /```json\n([\s\S]*?)```/.exec(text.slice(at));
  assert.ok(block, `a JSON block after "${marker}"`);
  return JSON.parse(block[1]!) as Record<string, unknown>;
}

describe('DNSSEC contracts through the temporal CLI (plain JSON, real worker process)', () => {
  let dev: DevServer;
  let ispapi: IspapiSandbox;
  let openprovider: OpenproviderSandbox;
  let codecServer: CodecServer;
  let worker: ChildProcess | undefined;
  let workerLog = '';
  let dataDir: string;
  const taskQueue = `dnssec-contract-${process.pid}`;
  const temporalCli = resolveTemporalCli().path;
  const setInput = docJson('## setDnssec');
  const rolloverInput = docJson('## dnssecRollover');

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'domainflow-dnssec-'));
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
  /** The state query's answer, decoded with the test key (the worker encrypts it). */
  async function queryState(workflowId: string): Promise<Record<string, unknown>> {
    const run = await temporal(['workflow', 'query', '--workflow-id', workflowId, '--name', 'state']);
    assert.equal(run.code, 0, JSON.stringify(run.out));
    const payloads = (run.out.queryResult as { payloads: Array<{ metadata: Record<string, string>; data: string }> })
      .payloads;
    const encoded: Payload[] = payloads.map((p) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
      data: Buffer.from(p.data, 'base64'),
    }));
    const [decoded] = await testCodec().decode(encoded);
    return JSON.parse(Buffer.from(decoded!.data!).toString('utf8')) as Record<string, unknown>;
  }

  it('the JSON examples of docs/dnssec.md are valid, strict inputs', () => {
    for (const [schema, value] of [
      [setDnssecInputSchema, setInput],
      [dnssecRolloverInputSchema, rolloverInput],
    ] as const) {
      const checked = checkStrict(schema, value);
      assert.ok(checked.ok, checked.ok ? '' : checked.problems.message);
    }
  });

  it('setDnssec: the documented input -> changed, the DS and signature life at the registry', async () => {
    const domain = String(setInput.domain);
    ispapi.seedDomain({ domain, nameservers: ['ns1.example.net', 'ns2.example.net'] });
    const parsed = setDnssecInputSchema.parse(setInput);
    const workflowId = setDnssecWorkflowId(domain, parsed.action, parsed.records);
    await start('setDnssec', workflowId, setInput);
    const run = await temporal(
      ['workflow', 'result', '--workflow-id', workflowId, '--codec-endpoint', codecServer.url],
      120_000,
    );
    assert.equal(run.out.status, 'COMPLETED', JSON.stringify(run.out));
    assert.equal((run.out.result as { outcome: string }).outcome, 'changed');
    const status = ispapi.journal({ command: 'ModifyDomain', domain });
    assert.equal(status.length, 1);
    assert.equal(status[0]!.params['SECDNS-MAXSIGLIFE'], '604800');
    assert.match(String(status[0]!.params['SECDNS-DS0']), /^12345 13 2 49FD46E6/);
  });

  it('dnssecRollover: the documented input -> the new DS published, waiting the parent TTL (state query)', async () => {
    const domain = String(rolloverInput.domain);
    const parsed = dnssecRolloverInputSchema.parse(rolloverInput);
    const workflowId = dnssecRolloverWorkflowId(domain, parsed.add);
    await start('dnssecRollover', workflowId, rolloverInput);
    const state = await eventually(
      async () => {
        const s = await queryState(workflowId);
        return s.phase === 'waiting-ttl' ? s : undefined;
      },
      60_000,
      'the rollover waiting its TTL',
    );
    assert.ok(Date.parse(String(state.waitUntil)) - Date.now() > 23 * 3_600_000, 'one day to wait');
    assert.equal(
      ispapi.journal({ command: 'ModifyDomain', domain }).filter((e) => e.params['ADDSECDNS-DS0']).length,
      1,
    );
    await temporal(['workflow', 'terminate', '--workflow-id', workflowId, '--reason', 'test done']);
  });
});
