/**
 * The harness of the worker-kill tests (test/e2e/*-kill.test.ts): a dev server, the ISPAPI sandbox
 * behind a real HTTP hop that holds back the answer to the first call of one command (so the test
 * can SIGKILL the worker process after the registrar acted and before the worker heard it), and a
 * client with the test codec.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startDevServer, type DevServer } from '../../scripts/lib/dev-server';
import { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { startHoldingHop, type HoldingHop } from './holding-hop';
import { testCodecKeysEnv, testDataConverter } from './temporal';

const REPO = path.resolve(__dirname, '../..');

export class WorkerKillHarness {
  readonly taskQueue: string;
  dev!: DevServer;
  sandbox!: IspapiSandbox;
  client!: Client;
  /** How many answers to `command` the hop has seen (the first one it never delivered). */
  held = 0;
  private hop: HoldingHop | undefined;
  private connection: Connection | undefined;
  private worker: ChildProcess | undefined;

  /** `name` makes the task queue; `command` is the ISPAPI command whose first answer the hop holds. */
  constructor(
    name: string,
    private readonly command: string,
  ) {
    this.taskQueue = `${name}-${process.pid}`;
  }

  async start(): Promise<void> {
    [this.dev, this.sandbox] = await Promise.all([startDevServer({ uiPort: false }), IspapiSandbox.start()]);
    const target = new URL(this.sandbox.url);
    const marker = new RegExp(`COMMAND%3D${this.command}`, 'i');
    // The first answer to the command never leaves the hop: the worker is killed meanwhile.
    this.hop = await startHoldingHop(target, (_req, body) => marker.test(body) && this.held++ === 0);
    this.connection = await Connection.connect({ address: this.dev.address });
    this.client = new Client({
      connection: this.connection,
      namespace: this.dev.namespace,
      dataConverter: testDataConverter(),
    });
  }

  /** Safe after a partly failed start(). */
  async stop(): Promise<void> {
    this.worker?.kill('SIGKILL');
    await this.hop?.close();
    await this.connection?.close();
    await this.sandbox?.close();
    await this.dev?.stop();
  }

  /** A worker process (`node --import tsx src/workers/main.ts`) talking to the sandbox through the hop. */
  startWorker(): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/workers/main.ts'], {
      cwd: REPO,
      stdio: 'ignore',
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: this.dev.address,
        TEMPORAL_NAMESPACE: this.dev.namespace,
        DOMAINFLOW_TASK_QUEUE: this.taskQueue,
        ISPAPI_ENV: 'sandbox',
        ISPAPI_URL: `${this.hop!.origin}/api/call.cgi`,
        ISPAPI_REQUEST_TIMEOUT_MS: '120000',
        DOMAINFLOW_LOG_LEVEL: 'warn',
        DOMAINFLOW_CODEC_KEYS: testCodecKeysEnv(),
        DOMAINFLOW_METRICS_ADDRESS: 'off',
        DOMAINFLOW_HEALTH_ADDRESS: 'off',
      },
    });
    this.worker = child;
    return child;
  }
}
