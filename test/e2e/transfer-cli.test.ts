import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startDevServer, type DevServer } from '../../scripts/lib/dev-server';
import { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { DomainName, LifecycleState, Registrar } from '../../src/contracts';
import { eventually, testCodecKeysEnv, testDataConverter } from '../helpers/temporal';

const REPO = path.resolve(__dirname, '../..');
const CLI = path.join(REPO, 'bin/domainflow.cjs');

/**
 * The whole system as a user runs it: the dev server, the sandbox registrar, a worker process and
 * the command line, with the worker SIGKILLed while the transfer is being polled.
 */
describe('end to end: dev server, worker process, command line', () => {
  let dev: DevServer;
  let sandbox: IspapiSandbox;
  let worker: ChildProcess | undefined;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let workerLog = '';

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'domainflow-e2e-'));
    [dev, sandbox] = await Promise.all([
      startDevServer({ uiPort: false, dbFile: path.join(dataDir, 'temporal.sqlite') }),
      IspapiSandbox.start(),
    ]);
    env = {
      ...process.env,
      TEMPORAL_ADDRESS: dev.address,
      TEMPORAL_NAMESPACE: dev.namespace,
      DOMAINFLOW_TASK_QUEUE: `e2e-${process.pid}`,
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_ISPAPI_PORT: new URL(sandbox.baseUrl).port,
      ISPAPI_ENV: 'sandbox',
      DOMAINFLOW_LOG_LEVEL: 'warn',
      DOMAINFLOW_CODEC_KEYS: testCodecKeysEnv(),
    };
  });

  after(async () => {
    worker?.kill('SIGKILL');
    await sandbox?.close();
    await dev?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/workers/main.ts'], {
      cwd: REPO,
      env,
      stdio: 'pipe',
    });
    child.stdout?.on('data', (d: Buffer) => (workerLog += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (workerLog += d.toString()));
    return child;
  }

  function cli(args: string[], input?: string): Promise<{ code: number; json: Record<string, unknown> }> {
    return new Promise((resolve) => {
      const child = execFile(process.execPath, [CLI, ...args, '--json'], { cwd: REPO, env }, (err, stdout) => {
        const code = err ? Number((err as { code?: number }).code ?? 1) : 0;
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(stdout) as Record<string, unknown>;
        } catch {
          json = { raw: stdout };
        }
        resolve({ code, json });
      });
      if (input !== undefined) child.stdin?.end(input);
    });
  }

  const transferCalls = (command: string) => sandbox.journal({ command, domain: 'e2e-transfer.com' });

  it('refuses bad input with exit code 2 and touches no registrar', async () => {
    const { code, json } = await cli(['transfer', 'not a domain', '--auth-code', 'x', '--ns', 'only.one']);
    assert.equal(code, 2);
    assert.match(String(json.error), /domain: must be a valid domain name/);
    assert.match(String(json.error), /nameservers: must list 2 to 13/);
    assert.equal(sandbox.journal().length, 0);
  });

  it('transfers, survives a worker SIGKILL mid-poll, updates nameservers once', async () => {
    worker = startWorker();
    const args = [
      'transfer',
      'e2e-transfer.com',
      '--auth-code-stdin',
      '--ns',
      'ns1.new-dns.example',
      '--ns',
      'ns2.new-dns.example',
    ];
    const polling = ['--initial-interval', '1s', '--max-interval', '2s', '--customer', 'cust-42'];
    const first = await cli([...args, ...polling], 'E2e-Auth-Code\n');
    assert.equal(first.code, 0, JSON.stringify(first.json));
    assert.deepEqual(first.json, { workflowId: 'transfer:e2e-transfer.com', started: true });
    const again = await cli([...args, ...polling], 'E2e-Auth-Code\n');
    assert.equal(again.json.started, false);

    // Mid-poll: the worker has checked the transfer at least twice, and is waiting on its timer
    // (no call open, the last check answered a moment ago). A kill mid-call would only be retried
    // after the activity's 2-minute start-to-close timeout, longer than this test waits; the
    // chaos suite covers kills at any moment.
    let seen = 0;
    let seenAt = Date.now();
    await eventually(
      async () => {
        const count = transferCalls('StatusDomainTransfer').length;
        if (count !== seen) [seen, seenAt] = [count, Date.now()];
        const since = Date.now() - seenAt;
        return count >= 3 && sandbox.inFlight() === 0 && since >= 300 && since <= 800 ? true : undefined;
      },
      60_000,
      'polling',
    );
    worker.kill('SIGKILL');
    await new Promise((resolve) => worker!.once('exit', resolve));
    const checksBeforeRestart = transferCalls('StatusDomainTransfer').length;
    worker = startWorker();
    await eventually(
      async () => (transferCalls('StatusDomainTransfer').length > checksBeforeRestart + 1 ? true : undefined),
      90_000,
      'polling after the restart',
    );

    const approved = await cli(['sandbox', 'approve', 'e2e-transfer.com']);
    assert.equal(approved.code, 0, JSON.stringify(approved.json));

    const done = await eventually(
      async () => {
        const { json } = await cli(['status', 'e2e-transfer.com']);
        return json.status === 'COMPLETED' ? json : undefined;
      },
      90_000,
      'completion',
    );
    const state = done.state as { phase: string; result: { outcome: string; nameserversUpdated: boolean } };
    assert.equal(state.phase, 'completed');
    assert.equal(state.result.outcome, 'completed');
    assert.equal(state.result.nameserversUpdated, true);

    assert.equal(transferCalls('TransferDomain').length, 1, 'one TransferDomain despite two starts and a crash');
    const modifies = transferCalls('ModifyDomain');
    assert.equal(modifies.length, 1, 'one nameserver update');
    assert.equal(modifies[0]!.params.NAMESERVER0, 'ns1.new-dns.example');
    assert.deepEqual(sandbox.domain('e2e-transfer.com')?.nameservers, ['ns1.new-dns.example', 'ns2.new-dns.example']);
    assert.ok(!JSON.stringify(sandbox.journal()).includes('E2e-Auth-Code'), 'auth code masked in the journal');
    assert.ok(!workerLog.includes('E2e-Auth-Code'), 'auth code never logged by the worker');
  });

  it('lists the transfer by search attribute, as the Web UI does', async () => {
    const listed = await eventually(
      async () => {
        const { json } = await cli(['list', '--state', 'transfer-completed', '--registrar', 'ispapi']);
        const rows = json.workflows as Array<{ workflowId: string }> | undefined;
        return rows?.some((r) => r.workflowId === 'transfer:e2e-transfer.com') ? rows : undefined;
      },
      30_000,
      'visibility',
    );
    assert.ok(listed.length >= 1);
    const connection = await Connection.connect({ address: dev.address });
    try {
      const client = new Client({ connection, namespace: dev.namespace, dataConverter: testDataConverter() });
      const description = await client.workflow.getHandle('transfer:e2e-transfer.com').describe();
      assert.equal(description.typedSearchAttributes.get(DomainName), 'e2e-transfer.com');
      assert.equal(description.typedSearchAttributes.get(Registrar), 'ispapi');
      assert.equal(description.typedSearchAttributes.get(LifecycleState), 'transfer-completed');
    } finally {
      await connection.close();
    }
  });
});
