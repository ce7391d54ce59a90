import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startDevServer, type DevServer } from '../../scripts/lib/dev-server';
import { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { eventually, testCodecKeysEnv } from '../helpers/temporal';

const REPO = path.resolve(__dirname, '../..');
const CLI = path.join(REPO, 'bin/domainflow.cjs');

/** `domainflow watch`: the status log line by line as it grows, and the exit code of the outcome. */
describe('end to end: domainflow watch', () => {
  let dev: DevServer;
  let sandbox: IspapiSandbox;
  let worker: ChildProcess | undefined;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'domainflow-watch-'));
    [dev, sandbox] = await Promise.all([
      startDevServer({ uiPort: false, dbFile: path.join(dataDir, 'temporal.sqlite') }),
      IspapiSandbox.start(),
    ]);
    env = {
      ...process.env,
      TEMPORAL_ADDRESS: dev.address,
      TEMPORAL_NAMESPACE: dev.namespace,
      DOMAINFLOW_TASK_QUEUE: `e2e-watch-${process.pid}`,
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_ISPAPI_PORT: new URL(sandbox.baseUrl).port,
      ISPAPI_ENV: 'sandbox',
      DOMAINFLOW_LOG_LEVEL: 'warn',
      DOMAINFLOW_CODEC_KEYS: testCodecKeysEnv(),
    };
    worker = spawn(process.execPath, ['--import', 'tsx', 'src/workers/main.ts'], { cwd: REPO, env, stdio: 'ignore' });
  });

  after(async () => {
    worker?.kill('SIGKILL');
    await sandbox?.close();
    await dev?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function cli(args: string[]): Promise<{ code: number; stdout: string }> {
    return new Promise((resolve) => {
      execFile(process.execPath, [CLI, ...args], { cwd: REPO, env }, (err, stdout) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout });
      });
    });
  }

  /** Runs `watch --json` and collects its lines while it runs. */
  function watch(target: string): { lines: Array<Record<string, unknown>>; exit: Promise<number> } {
    const lines: Array<Record<string, unknown>> = [];
    const child = spawn(process.execPath, [CLI, 'watch', target, '--json', '--interval', '0.5'], { cwd: REPO, env });
    let buffer = '';
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const part of parts) if (part.trim()) lines.push(JSON.parse(part) as Record<string, unknown>);
    });
    const exit = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
    return { lines, exit };
  }

  const transfer = (domain: string) =>
    cli(['transfer', domain, '--auth-code', 'Watch-Auth-1', '--initial-interval', '1s', '--max-interval', '2s']);

  it('prints each status-log entry as it appears and exits 0 when the transfer completes', async () => {
    assert.equal((await transfer('watch-ok.com')).code, 0);
    const watching = watch('watch-ok.com');
    await eventually(
      async () => (watching.lines.some((l) => l.to === 'pending') ? true : undefined),
      60_000,
      'pending',
    );
    assert.equal((await cli(['sandbox', 'approve', 'watch-ok.com'])).code, 0);
    assert.equal(await watching.exit, 0);
    const final = watching.lines.at(-1)!;
    assert.equal(final.workflowId, 'transfer:watch-ok.com');
    assert.equal(final.outcome, 'completed');
    assert.equal(final.status, 'COMPLETED');
    const changes = watching.lines.slice(0, -1).map((l) => l.to);
    assert.deepEqual(changes.slice(-2), ['pending', 'completed']);
    assert.equal(new Set(watching.lines.map((l) => JSON.stringify(l))).size, watching.lines.length, 'no repeats');
  });

  it('exits 3 when the transfer ends without success, 5 for no such workflow', async () => {
    assert.equal((await transfer('watch-rejected.com')).code, 0);
    const watching = watch('transfer:watch-rejected.com');
    await eventually(
      async () => (watching.lines.some((l) => l.to === 'pending') ? true : undefined),
      60_000,
      'pending',
    );
    assert.equal((await cli(['sandbox', 'reject', 'watch-rejected.com'])).code, 0);
    assert.equal(await watching.exit, 3);
    assert.equal(watching.lines.at(-1)!.outcome, 'failed');

    const missing = await cli(['watch', 'no-such-transfer.com', '--json']);
    assert.equal(missing.code, 5);
  });

  it('cancel stops a pending transfer (watch exits 3), refuses a closed one (3), and list finds it by type', async () => {
    assert.equal((await transfer('cancel-me.com')).code, 0);
    const watching = watch('cancel-me.com');
    await eventually(
      async () => (watching.lines.some((l) => l.to === 'pending') ? true : undefined),
      60_000,
      'pending',
    );
    const cancelled = await cli(['cancel', 'cancel-me.com', '--reason', 'customer withdrew', '--json']);
    assert.equal(cancelled.code, 0, cancelled.stdout);
    assert.deepEqual(JSON.parse(cancelled.stdout), { workflowId: 'transfer:cancel-me.com', cancelRequested: true });
    assert.equal(await watching.exit, 3, 'a cancelled transfer is not a success');
    assert.equal(watching.lines.at(-1)!.status, 'CANCELLED');
    // The pending TransferDomain stays the registrar's; nothing new was sent after the cancellation.
    assert.equal(sandbox.journal({ command: 'TransferDomain', domain: 'cancel-me.com' }).length, 1);

    const connection = await Connection.connect({ address: dev.address });
    try {
      const history = await new Client({ connection, namespace: dev.namespace }).workflow
        .getHandle('transfer:cancel-me.com')
        .fetchHistory();
      const requested = history.events?.find((e) => e.workflowExecutionCancelRequestedEventAttributes);
      assert.equal(requested?.workflowExecutionCancelRequestedEventAttributes?.cause, 'customer withdrew');
    } finally {
      await connection.close();
    }

    const again = await cli(['cancel', 'transfer:cancel-me.com']);
    assert.equal(again.code, 3, 'a closed workflow cannot be cancelled');

    const listed = await eventually(
      async () => {
        const r = await cli(['list', '--type', 'transfer', '--domain', 'cancel-me.com', '--json']);
        const rows = (JSON.parse(r.stdout) as { workflows: Array<{ status: string }> }).workflows;
        return rows.length > 0 ? rows : undefined;
      },
      30_000,
      'the list',
    );
    assert.equal(listed[0]!.status, 'CANCELLED');
    const badType = await cli(['list', '--type', 'nonsense']);
    assert.equal(badType.code, 2);
  });
});
