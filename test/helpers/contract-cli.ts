/**
 * The harness of the contract tests through the real `temporal` CLI (test/e2e/*-cli.test.ts): a dev
 * server, the ISPAPI and Openprovider sandboxes, a codec server and a real worker process
 * (`node --import tsx src/workers/main.ts`), so the workflows run as another language's client sees them.
 */
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
import { testCodec, testCodecKeysEnv } from './temporal';

export const REPO = path.resolve(__dirname, '../..');

/** The ```json block after `marker` in a documentation page (`file` relative to the repository). */
export function docJson(file: string, marker: string): Record<string, unknown> {
  const text = readFileSync(path.join(REPO, file), 'utf8');
  const at = text.indexOf(marker);
  assert.ok(at >= 0, `${file} has "${marker}"`);
  const block = /```json\n([\s\S]*?)```/.exec(text.slice(at));
  assert.ok(block, `a JSON block after "${marker}"`);
  return JSON.parse(block[1]!) as Record<string, unknown>;
}

export interface CliRun {
  code: number;
  out: Record<string, unknown>;
}

export interface RawRun {
  code: number;
  stdout: string;
  stderr: string;
}

export class ContractCliHarness {
  readonly taskQueue: string;
  readonly temporalCli = resolveTemporalCli().path;
  dev!: DevServer;
  ispapi!: IspapiSandbox;
  openprovider!: OpenproviderSandbox;
  codecServer!: CodecServer;
  dataDir = '';
  /** The worker's environment, also right for the `domainflow` CLI against the same server. */
  env: NodeJS.ProcessEnv = {};
  /** The worker's stdout and stderr, shown when a CLI answer is not JSON. */
  workerLog = '';
  private worker: ChildProcess | undefined;

  /** `name` makes the task queue (`<name>-<pid>`) and the data folder prefix distinct per test file. */
  constructor(private readonly name: string) {
    this.taskQueue = `${name}-${process.pid}`;
  }

  async start(): Promise<void> {
    this.dataDir = mkdtempSync(path.join(tmpdir(), `domainflow-${this.name}-`));
    [this.dev, this.ispapi, this.openprovider, this.codecServer] = await Promise.all([
      startDevServer({ uiPort: false }),
      IspapiSandbox.start(),
      OpenproviderSandbox.start(),
      CodecServer.start({ codec: testCodec() }),
    ]);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TEMPORAL_ADDRESS: this.dev.address,
      TEMPORAL_NAMESPACE: this.dev.namespace,
      DOMAINFLOW_TASK_QUEUE: this.taskQueue,
      DOMAINFLOW_DATA_DIR: this.dataDir,
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_ISPAPI_PORT: new URL(this.ispapi.baseUrl).port,
      SANDBOX_OPENPROVIDER_PORT: new URL(this.openprovider.baseUrl).port,
      ISPAPI_ENV: 'sandbox',
      OPENPROVIDER_ENV: 'sandbox',
      DOMAINFLOW_LOG_LEVEL: 'warn',
      DOMAINFLOW_METRICS_ADDRESS: 'off',
      DOMAINFLOW_HEALTH_ADDRESS: 'off',
      DOMAINFLOW_CODEC_KEYS: testCodecKeysEnv(),
      DOMAINFLOW_SYNC_INTERVAL: 'off',
    };
    delete env.DOMAINFLOW_SMTP_URL;
    this.env = env;
    const worker = spawn(process.execPath, ['--import', 'tsx', 'src/workers/main.ts'], {
      cwd: REPO,
      env,
      stdio: 'pipe',
    });
    this.worker = worker;
    worker.stdout?.on('data', (d: Buffer) => (this.workerLog += d.toString()));
    worker.stderr?.on('data', (d: Buffer) => (this.workerLog += d.toString()));
  }

  /** Safe after a partly failed start(). */
  async stop(): Promise<void> {
    this.worker?.kill('SIGKILL');
    await Promise.all([this.ispapi?.close(), this.openprovider?.close(), this.codecServer?.close()]);
    await this.dev?.stop();
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** The temporal CLI against the dev server, its output as is; never rejects (the exit code is in `code`). */
  temporalRaw(args: string[], timeoutMs = 60_000): Promise<RawRun> {
    const all = [...args, '--address', this.dev.address, '--namespace', this.dev.namespace];
    return new Promise((resolve) => {
      execFile(this.temporalCli, all, { cwd: REPO, timeout: timeoutMs }, (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      });
    });
  }

  /** The temporal CLI with JSON output, parsed (or the raw output and the worker log's tail when not JSON). */
  async temporal(args: string[], timeoutMs = 60_000): Promise<CliRun> {
    const { code, stdout, stderr } = await this.temporalRaw([...args, '-o', 'json'], timeoutMs);
    let out: Record<string, unknown>;
    try {
      out = JSON.parse(stdout) as Record<string, unknown>;
    } catch {
      out = { stdout, stderr, worker: this.workerLog.slice(-2000) };
    }
    return { code, out };
  }

  /** `temporal workflow start` with plain JSON input on the worker's task queue; asserts exit code 0. */
  async startWorkflow(type: string, workflowId: string, input: unknown): Promise<void> {
    const run = await this.temporal([
      'workflow',
      'start',
      '--type',
      type,
      '--task-queue',
      this.taskQueue,
      '--workflow-id',
      workflowId,
      '--input',
      JSON.stringify(input),
    ]);
    assert.equal(run.code, 0, JSON.stringify(run.out));
  }

  /** `temporal workflow result`, decoded through the codec server. */
  result(workflowId: string, timeoutMs = 120_000): Promise<CliRun> {
    return this.temporal(
      ['workflow', 'result', '--workflow-id', workflowId, '--codec-endpoint', this.codecServer.url],
      timeoutMs,
    );
  }
}
