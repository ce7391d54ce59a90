/**
 * A second start and a strict input, through both command lines against a real dev server, a
 * worker process and the ISPAPI sandbox (issue 19 points 4 and 9, issue 13 point 2):
 *
 * - the `temporal` CLI (Go SDK) answers a second `workflow start` of a running ID with exit 0 and
 *   the running run's ID, also with `--id-conflict-policy Fail`; only `--fail-existing` makes it an
 *   error (exit 1). The server refused the start each time (ALREADY_EXISTS): one run, one request.
 * - `domainflow` and the client library report "already running" in every case: without and with
 *   --wait, and when a caller asks for the conflict policy UseExisting.
 * - an unknown input key (`nameServers`) fails the workflow with InvalidInput naming it and the key
 *   it misspells, before any registrar call; an unknown Update key is refused the same way.
 * - the root dot in any UTS-46 spelling is the same domain (`cli-root-dot.com。`).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { startDevServer, type DevServer } from '../../scripts/lib/dev-server';
import { resolveTemporalCli } from '../../scripts/lib/temporal-binaries';
import { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { startOnce } from '../../src/client/start-once';
import type { TransferState } from '../../src/contracts';
import type { transferDomain } from '../../src/workflows/transfer-domain';
import { eventually, testCodecKeysEnv, testDataConverter } from '../helpers/temporal';

const REPO = path.resolve(__dirname, '../..');
const DOMAINFLOW = path.join(REPO, 'bin/domainflow.cjs');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('second starts and strict inputs through the temporal CLI and domainflow', () => {
  let dev: DevServer;
  let sandbox: IspapiSandbox;
  let worker: ChildProcess | undefined;
  let workerLog = '';
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let connection: Connection;
  let client: Client;
  let taskQueue: string;
  const temporalCli = resolveTemporalCli().path;

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'domainflow-start-once-'));
    [dev, sandbox] = await Promise.all([startDevServer({ uiPort: false }), IspapiSandbox.start()]);
    taskQueue = `start-once-${process.pid}`;
    env = {
      ...process.env,
      TEMPORAL_ADDRESS: dev.address,
      TEMPORAL_NAMESPACE: dev.namespace,
      DOMAINFLOW_TASK_QUEUE: taskQueue,
      DOMAINFLOW_DATA_DIR: dataDir,
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_ISPAPI_PORT: new URL(sandbox.baseUrl).port,
      ISPAPI_ENV: 'sandbox',
      DOMAINFLOW_LOG_LEVEL: 'warn',
      DOMAINFLOW_METRICS_ADDRESS: 'off',
      DOMAINFLOW_HEALTH_ADDRESS: 'off',
      DOMAINFLOW_CODEC_KEYS: testCodecKeysEnv(),
      DOMAINFLOW_SYNC_INTERVAL: 'off',
    };
    delete env.DOMAINFLOW_SMTP_URL;
    delete env.DOMAINFLOW_WEBHOOK_URLS;
    worker = spawn(process.execPath, ['--import', 'tsx', 'src/workers/main.ts'], { cwd: REPO, env, stdio: 'pipe' });
    worker.stdout?.on('data', (d: Buffer) => (workerLog += d.toString()));
    worker.stderr?.on('data', (d: Buffer) => (workerLog += d.toString()));
    connection = await Connection.connect({ address: dev.address });
    client = new Client({ connection, namespace: dev.namespace, dataConverter: testDataConverter() });
  });

  after(async () => {
    worker?.kill('SIGKILL');
    await connection?.close();
    await sandbox?.close();
    await dev?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const exec = (file: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> =>
    new Promise((resolve) => {
      execFile(file, args, { cwd: REPO, env: { ...env, ...extraEnv }, timeout: 120_000 }, (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      });
    });

  const temporal = (args: string[]) =>
    exec(temporalCli, [...args, '--address', dev.address, '--namespace', dev.namespace]);

  const startArgs = (type: string, id: string, input: unknown) => [
    'workflow',
    'start',
    '--type',
    type,
    '--task-queue',
    taskQueue,
    '--workflow-id',
    id,
    '--input',
    JSON.stringify(input),
    '-o',
    'json',
  ];

  const state = (id: string) => client.workflow.getHandle(id).query<TransferState>('state');

  it('a second start of a running transfer: temporal CLI exit 0 (1 with --fail-existing), domainflow "already running"', async () => {
    const domain = 'start-twice.com';
    const id = `transfer:${domain}`;
    const input = { domain, authCode: 'Twice-1', polling: { initialInterval: '1s', maxInterval: '2s' } };
    const first = await temporal(startArgs('transferDomain', id, input));
    assert.equal(first.code, 0, first.stderr);
    const runId = String((JSON.parse(first.stdout) as { runId: string }).runId);
    await eventually(async () => ((await state(id)).phase === 'pending' ? true : undefined), 60_000, 'pending');

    // The Go SDK under the CLI turns the server's ALREADY_EXISTS into the running run's ID.
    for (const extra of [[], ['--id-conflict-policy', 'Fail']]) {
      const again = await temporal([...startArgs('transferDomain', id, input), ...extra]);
      assert.equal(again.code, 0, `${extra.join(' ')}: ${again.stderr}`);
      assert.equal((JSON.parse(again.stdout) as { runId: string }).runId, runId, 'the running run, not a new one');
    }
    const refused = await temporal([...startArgs('transferDomain', id, input), '--fail-existing']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /failed starting workflow: Workflow execution is already running/);

    // domainflow: started false, and said in words also when it waits for the outcome.
    const json = await exec(process.execPath, [DOMAINFLOW, 'transfer', domain, '--auth-code', 'Twice-1', '--json']);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), { workflowId: id, started: false });
    const waiting = exec(process.execPath, [DOMAINFLOW, 'transfer', domain, '--auth-code', 'Twice-1', '--wait']);
    await new Promise((r) => setTimeout(r, 3_000));
    sandbox.approveTransfer(domain);
    const waited = await waiting;
    assert.equal(waited.code, 0, waited.stderr);
    assert.match(
      waited.stdout,
      /^already running: transfer:start-twice\.com \(nothing new was sent to the registrar\)/,
    );
    assert.match(waited.stdout, /transfer:start-twice\.com: completed/);

    const runs = [];
    for await (const wf of client.workflow.list({ query: `WorkflowId = '${id}'` })) runs.push(wf.runId);
    assert.deepEqual(runs, [runId], 'one run');
    assert.equal(sandbox.journal({ command: 'TransferDomain', domain }).length, 1, 'one TransferDomain');
  });

  it('startOnce reports "already running" also when the caller asks for the conflict policy UseExisting', async () => {
    const domain = 'start-use-existing.com';
    const id = `transfer:${domain}`;
    const input = { domain, authCode: 'Twice-2' };
    const first = await temporal(startArgs('transferDomain', id, input));
    assert.equal(first.code, 0, first.stderr);
    // UseExisting: the server answers with success and started=false, which the TS SDK does not pass on.
    const joined = await startOnce<typeof transferDomain>(client, 'transferDomain', {
      workflowId: id,
      taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    assert.equal(joined.started, false, 'UseExisting reported as a new start');
    assert.equal((await joined.handle.describe()).runId, (JSON.parse(first.stdout) as { runId: string }).runId);
  });

  it('an unknown input key (nameServers) fails the transfer with InvalidInput naming it, before any registrar call', async () => {
    const domain = 'strict-typo.com';
    const id = `transfer:${domain}`;
    const started = await temporal(
      startArgs('transferDomain', id, {
        domain,
        authCode: 'Typo-1',
        nameServers: ['ns1.example.net', 'ns2.example.net'],
      }),
    );
    assert.equal(started.code, 0, started.stderr);
    // Bounded: a run that does not fail at once would poll the registrar for days.
    const handle = client.workflow.getHandle(id);
    await eventually(
      async () => ((await handle.describe()).status.name !== 'RUNNING' ? true : undefined),
      30_000,
      `${id} closed at once`,
    );
    await assert.rejects(handle.result(), (err: unknown) => {
      assert.ok(err instanceof WorkflowFailedError, String(err));
      assert.ok(err.cause instanceof ApplicationFailure, String(err.cause));
      assert.equal(err.cause.type, 'InvalidInput');
      assert.equal(err.cause.nonRetryable, true);
      assert.equal(err.cause.message, 'invalid input: nameServers: unknown field (did you mean nameservers?)');
      return true;
    });
    assert.deepEqual(sandbox.journal({ domain }), [], 'no registrar call');
  });

  it('an unknown Update key is refused with InvalidInput naming it; nothing is written', async () => {
    const id = 'account:strict-cli';
    assert.equal((await temporal(startArgs('customerAccount', id, { customerId: 'strict-cli' }))).code, 0);
    const deposit = (request: object) =>
      temporal([
        'workflow',
        'update',
        'execute',
        '--workflow-id',
        id,
        '--name',
        'deposit',
        '--input',
        JSON.stringify(request),
      ]);
    const refused = await deposit({ reference: 'dep-1', amount: 500, currency: 'USD', memmo: 'typo' });
    assert.notEqual(refused.code, 0, refused.stdout);
    assert.match(refused.stderr, /invalid request: memmo: unknown field \(did you mean memo\?\)/);
    // The same request without the typo is taken (the worker's answer is encrypted: read it with the SDK).
    const accepted = await client.workflow.getHandle(id).executeUpdate<{ status: string }, [object]>('deposit', {
      args: [{ reference: 'dep-1', amount: 500, currency: 'USD', memo: 'right' }],
    });
    assert.equal(accepted.status, 'deposited');
    const history = await client.workflow.getHandle(id).fetchHistory();
    const updates = history.events?.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes) ?? [];
    assert.equal(updates.length, 1, 'only the valid deposit was accepted into history');
  });

  it('the root dot in any UTS-46 spelling is the same domain (input cli-root-dot.com。, ID without it)', async () => {
    const domain = 'cli-root-dot.com';
    const id = `transfer:${domain}`;
    const input = { domain: `${domain}。`, authCode: 'Dot-1', polling: { initialInterval: '1s', maxInterval: '2s' } };
    assert.equal((await temporal(startArgs('transferDomain', id, input))).code, 0);
    const pending = await eventually(
      async () => {
        const s = await state(id).catch(() => undefined);
        return s?.phase === 'pending' ? s : undefined;
      },
      60_000,
      `pending; worker log: ${workerLog.slice(-1500)}`,
    );
    assert.equal(pending.domain, domain);
    assert.equal(sandbox.journal({ command: 'TransferDomain', domain }).length, 1);
  });
});
