import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { z } from 'zod';
import { startDevServer, freePort, type DevServer } from '../../scripts/lib/dev-server';
import { resolveTemporalCli } from '../../scripts/lib/temporal-binaries';
import { CodecServer } from '../../src/codec/codec-server';
import { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { OpenproviderSandbox } from '../../src/sandbox/openprovider/server';
import {
  changeRegistrantInputSchema,
  registerDomainInputSchema,
  transferDomainInputSchema,
} from '../../src/workflows/contracts';
import { eventually, testCodec, testCodecKeysEnv, testDataConverter } from '../helpers/temporal';

const REPO = path.resolve(__dirname, '../..');

/** The first ```json block after `marker` in a documentation file. */
function docJson(file: string, marker: string): Record<string, unknown> {
  const text = readFileSync(path.join(REPO, file), 'utf8');
  const at = text.indexOf(marker);
  assert.ok(at >= 0, `${file} has "${marker}"`);
  const block = /```json\n([\s\S]*?)```/.exec(text.slice(at));
  assert.ok(block, `${file}: a JSON block after "${marker}"`);
  return JSON.parse(block[1]!) as Record<string, unknown>;
}

function assertValid(schema: z.ZodType, value: unknown, what: string): void {
  const parsed = schema.safeParse(value);
  assert.ok(parsed.success, `${what} is valid: ${JSON.stringify(parsed.error?.issues)}`);
}

const OWNER = {
  firstName: 'Jo',
  lastName: 'Jansen',
  organisation: 'Jansen BV',
  street: ['Keizersgracht 100'],
  city: 'Amsterdam',
  postalCode: '1015 AA',
  countryCode: 'NL',
  phone: '+31.201234567',
  email: 'jo@jansen.example',
};

/** The registrant the sandbox holds before a change of registrant (inline ISPAPI contact fields). */
const OLD_OWNER = { FIRSTNAME: 'Jan', LASTNAME: 'Jansen', ORGANIZATION: 'Jansen BV', EMAIL: 'jan@example.nl' };

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The JSON contract as another language's client sees it: every workflow type started with the
 * real `temporal` CLI and plain JSON input (the CLI knows nothing of our payload codec; the worker's
 * codec passes unencrypted payloads through), then followed with the CLI against the sandboxes.
 */
describe('JSON contract through the temporal CLI (plain JSON payloads, real worker process)', () => {
  let dev: DevServer;
  let ispapi: IspapiSandbox;
  let openprovider: OpenproviderSandbox;
  let codecServer: CodecServer;
  let worker: ChildProcess | undefined;
  let workerLog = '';
  let connection: Connection;
  let client: Client;
  let dataDir: string;
  let taskQueue: string;
  const temporalCli = resolveTemporalCli().path;

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'domainflow-contract-'));
    [dev, ispapi, openprovider, codecServer] = await Promise.all([
      startDevServer({ port: await freePort(), uiPort: false }),
      IspapiSandbox.start(),
      OpenproviderSandbox.start(),
      // For `--codec-endpoint`: the CLI decodes results (and encodes inputs) through it.
      CodecServer.start({ codec: testCodec() }),
    ]);
    taskQueue = `contract-${process.pid}`;
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
    };
    delete env.DOMAINFLOW_SMTP_URL; // mail goes to the worker log
    delete env.DOMAINFLOW_BACKORDER_PRICES; // the default: com:USD:19.00
    worker = spawn(process.execPath, ['--import', 'tsx', 'src/workers/main.ts'], { cwd: REPO, env, stdio: 'pipe' });
    worker.stdout?.on('data', (d: Buffer) => (workerLog += d.toString()));
    worker.stderr?.on('data', (d: Buffer) => (workerLog += d.toString()));
    connection = await Connection.connect({ address: dev.address });
    client = new Client({ connection, namespace: dev.namespace, dataConverter: testDataConverter() });
  });

  after(async () => {
    worker?.kill('SIGKILL');
    await connection?.close();
    await Promise.all([ispapi?.close(), openprovider?.close(), codecServer?.close()]);
    await dev?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  function temporal(args: string[], timeoutMs = 60_000): Promise<CliRun> {
    const all = [...args, '--address', dev.address, '--namespace', dev.namespace];
    return new Promise((resolve) => {
      execFile(temporalCli, all, { timeout: timeoutMs }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  }

  const json = (run: CliRun): Record<string, unknown> => {
    try {
      return JSON.parse(run.stdout) as Record<string, unknown>;
    } catch {
      assert.fail(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}\nworker: ${workerLog.slice(-3000)}`);
    }
  };

  /** `temporal workflow start` with the input exactly as a JSON string on the command line. */
  async function start(type: string, workflowId: string, input: unknown, extra: string[] = []): Promise<void> {
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
      '-o',
      'json',
      ...extra,
    ]);
    assert.equal(run.code, 0, `start ${workflowId}: ${run.stderr}`);
    assert.equal(json(run).workflowId, workflowId);
  }

  /** `temporal workflow result` (waits), decoded by the CLI through the codec endpoint. */
  async function result(
    workflowId: string,
    timeoutMs = 90_000,
  ): Promise<{ status: string; result?: unknown; raw: Record<string, unknown> }> {
    const run = await temporal(
      ['workflow', 'result', '--workflow-id', workflowId, '--codec-endpoint', codecServer.url, '-o', 'json'],
      timeoutMs,
    );
    const out = json(run);
    return { status: String(out.status), result: out.result, raw: out };
  }

  /**
   * `temporal workflow query --name state`. The answer is encrypted by the worker; the CLI prints the
   * payload, which we decode with the test key. (`--codec-endpoint` here needs `--input null`: with no
   * query arguments the CLI posts `{}` to /decode, which the codec endpoint refuses.)
   */
  async function queryState<T = Record<string, unknown>>(workflowId: string): Promise<T> {
    const run = await temporal(['workflow', 'query', '--workflow-id', workflowId, '--name', 'state', '-o', 'json']);
    assert.equal(run.code, 0, `query ${workflowId}: ${run.stderr}`);
    const payloads = (json(run).queryResult as { payloads: Array<{ metadata: Record<string, string>; data: string }> })
      .payloads;
    const encoded: Payload[] = payloads.map((p) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
      data: Buffer.from(p.data, 'base64'),
    }));
    assert.equal(
      Buffer.from(encoded[0]!.metadata!.encoding!).toString(),
      'binary/encrypted',
      'the answer is encrypted',
    );
    const [decoded] = await testCodec().decode(encoded);
    return JSON.parse(Buffer.from(decoded!.data!).toString('utf8')) as T;
  }

  async function phaseIs(workflowId: string, phase: string, timeoutMs = 30_000) {
    let last: Record<string, unknown> | undefined;
    try {
      return await eventually(
        async () => {
          const state = await queryState(workflowId);
          last = state;
          return state.phase === phase ? state : undefined;
        },
        timeoutMs,
        `${workflowId} in ${phase}`,
      );
    } catch (err) {
      const describe = await temporal(['workflow', 'describe', '--workflow-id', workflowId, '-o', 'json']);
      throw new Error(
        `${(err as Error).message}; last state ${JSON.stringify(last)}; ` +
          `pending activities ${JSON.stringify(json(describe).pendingActivities)}; worker log: ${workerLog.slice(-1500)}`,
      );
    }
  }

  /** The stored input of the first run, as Temporal keeps it. */
  async function storedInputEncoding(workflowId: string): Promise<string> {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    return Buffer.from(payload?.metadata?.encoding ?? new Uint8Array()).toString();
  }

  it('the JSON examples in README and docs/register.md are valid inputs', () => {
    assertValid(transferDomainInputSchema, docJson('README.md', 'Input (JSON; only'), 'README transferDomain input');
    assertValid(registerDomainInputSchema, docJson('docs/register.md', 'Input (JSON)'), 'docs/register.md input');
    const change = docJson('README.md', 'changeRegistrant input (JSON');
    assertValid(changeRegistrantInputSchema, change, 'README changeRegistrant input');
  });

  it('transferDomain: the README command, approved in the sandbox -> completed, nameservers set', async () => {
    const domain = 'cli-contract-transfer.com';
    const id = `transfer:${domain}`;
    // README: temporal workflow start --type transferDomain ... --input '{"domain":…,"authCode":…,"nameservers":[…]}'
    await start('transferDomain', id, {
      domain,
      authCode: 'Secret-Auth-1',
      nameservers: ['ns1.example.net', 'ns2.example.net'],
      polling: { initialInterval: '1s', maxInterval: '2s' },
    });
    assert.equal(await storedInputEncoding(id), 'json/plain', 'the CLI stored plain JSON (no codec)');
    await phaseIs(id, 'pending', 60_000);
    ispapi.approveTransfer(domain);
    const { status, result: out } = await result(id);
    assert.equal(status, 'COMPLETED');
    assert.deepEqual(
      { ...(out as Record<string, unknown>), finishedAt: undefined, statusChecks: undefined },
      {
        domain,
        registrar: 'ispapi',
        outcome: 'completed',
        nameserversUpdated: true,
        transferLockSet: false,
        finishedAt: undefined,
        statusChecks: undefined,
      },
    );
    assert.deepEqual(ispapi.domain(domain)?.nameservers, ['ns1.example.net', 'ns2.example.net']);
  });

  it('registerDomain: the docs/register.md example (Openprovider, .ca) -> registered; --codec-endpoint encrypts the input', async () => {
    const input = docJson('docs/register.md', 'Input (JSON)');
    const id = `register:${String(input.domain)}`;
    // Contact data: started through the codec endpoint, so the stored input is encrypted.
    await start('registerDomain', id, input, ['--codec-endpoint', codecServer.url]);
    assert.equal(await storedInputEncoding(id), 'binary/encrypted');
    const { status, result: out } = await result(id);
    assert.equal(status, 'COMPLETED', JSON.stringify(out));
    const r = out as Record<string, unknown>;
    assert.equal(r.outcome, 'registered', JSON.stringify(r));
    assert.equal(r.domain, 'new-shop.ca');
    assert.equal(r.registrar, 'openprovider');
    assert.equal(r.transferLockSet, true);
    assert.equal(r.privacySet, true);
  });

  it('renewDomain: a seeded domain, one term -> renewed, expiry one year later', async () => {
    const domain = 'cli-contract-renew.com';
    const expiresAt = new Date(Date.now() + 30 * 86_400_000);
    ispapi.seedDomain({ domain, nameservers: ['ns1.example.net', 'ns2.example.net'], expiresAt });
    const expiresOn = expiresAt.toISOString().slice(0, 10);
    const id = `renew:${domain}:${expiresOn}`;
    await start('renewDomain', id, { domain, registrar: 'ispapi', expiresOn });
    const { status, result: out } = await result(id);
    assert.equal(status, 'COMPLETED');
    const r = out as Record<string, unknown>;
    assert.equal(r.outcome, 'renewed', JSON.stringify(r));
    assert.equal(r.charged, true);
    assert.equal(String(r.newExpiresAt).slice(0, 4), String(expiresAt.getUTCFullYear() + 1));
    assert.equal(ispapi.charges({ domain }).length, 1, 'paid once');
    const state = await queryState(id);
    assert.equal(state.phase, 'renewed');
  });

  it('customerAccount: started by the CLI, `workflow update execute --name deposit`, state query', async () => {
    const id = 'account:cli-contract';
    await start('customerAccount', id, { customerId: 'cli-contract' });
    const update = async (input: unknown) =>
      temporal([
        'workflow',
        'update',
        'execute',
        '--workflow-id',
        id,
        '--name',
        'deposit',
        '--input',
        JSON.stringify(input),
        '--codec-endpoint',
        codecServer.url,
        '-o',
        'json',
      ]);
    const deposited = await update({ reference: 'dep-1', amount: 5_000, currency: 'USD' });
    assert.equal(deposited.code, 0, deposited.stderr);
    assert.deepEqual(json(deposited).result, { status: 'deposited', reference: 'dep-1', duplicate: false });
    const again = await update({ reference: 'dep-1', amount: 5_000, currency: 'USD' });
    assert.deepEqual(json(again).result, { status: 'deposited', reference: 'dep-1', duplicate: true });
    // A bad request is refused by the validator, naming the field; nothing is written.
    const bad = await update({ reference: 'dep-2', amount: -5, currency: 'USD' });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /invalid request: amount: must be more than 0/);
    const state = await queryState<{ currencies: unknown[] }>(id);
    assert.deepEqual(state.currencies, [{ currency: 'USD', balance: 5_000, reserved: 0, available: 5_000 }]);
  });

  it('backorder: funded account, drop in 7 s, caught -> SUCCESSFUL, 19.00 USD captured', async () => {
    const customerId = 'cli-contract'; // funded with 50.00 USD above
    const domain = 'cli-contract-drop.com';
    ispapi.seedDrop({ domain, dropAt: new Date(Date.now() + 7_000) });
    ispapi.setApplicationOutcome(domain, { status: 'SUCCESSFUL', afterMs: 1_000 });
    const id = `backorder:${customerId}:${domain}`;
    await start('backorder', id, {
      customerId,
      domain,
      registrar: 'ispapi',
      currency: 'USD',
      contacts: { owner: OWNER },
      timing: { activateBefore: '3s', processBefore: '2s', giveUpAfterDrop: '5s', recheckEvery: '1s', pollEvery: '1s' },
    });
    const requested = await queryState(id);
    assert.ok(['REQUESTED', 'ACTIVE', 'PROCESSING'].includes(String(requested.phase)), String(requested.phase));
    const { status, result: out } = await result(id);
    assert.equal(status, 'COMPLETED');
    const r = out as Record<string, unknown>;
    assert.equal(r.status, 'SUCCESSFUL', JSON.stringify(r));
    assert.equal(r.charged, 1_900);
    const account = await queryState<{ currencies: unknown[] }>('account:cli-contract');
    assert.deepEqual(account.currencies, [{ currency: 'USD', balance: 3_100, reserved: 0, available: 3_100 }]);
  });

  it('swissApplication: submitted -> PENDING (state query), approved in the sandbox -> ACTIVE', async () => {
    const domain = 'new-cli-contract.swiss'; // new-…: free in the sandbox world
    const id = `swiss-application:${domain}`;
    await start('swissApplication', id, {
      domain,
      contacts: { owner: OWNER },
      enterpriseId: 'CHE-109.322.551',
      intendedUse: 'Online shop for Swiss watches',
      checkEvery: '1s',
    });
    const pending = await phaseIs(id, 'PENDING');
    assert.ok(pending.reference, 'the application reference');
    ispapi.approveApplication(domain);
    const { status, result: out } = await result(id);
    assert.equal(status, 'COMPLETED');
    assert.equal((out as Record<string, unknown>).status, 'ACTIVE', JSON.stringify(out));
  });

  it('changeRegistrant: the README input -> designated-agent trade at once, 60-day lock; the README result shape', async () => {
    const input = docJson('README.md', 'changeRegistrant input (JSON');
    const documented = docJson('README.md', 'changeRegistrant result (JSON)');
    const domain = String(input.domain);
    ispapi.seedDomain({ domain, nameservers: ['ns1.example.net', 'ns2.example.net'], owner: OLD_OWNER });
    const id = `registrant-change:${domain}`;
    // Contact data: through the codec endpoint, so the stored input is encrypted.
    await start('changeRegistrant', id, input, ['--codec-endpoint', codecServer.url]);
    assert.equal(await storedInputEncoding(id), 'binary/encrypted');
    const { status, result: out } = await result(id);
    assert.equal(status, 'COMPLETED', JSON.stringify(out));
    const r = out as Record<string, unknown>;
    assert.equal(r.outcome, 'completed', JSON.stringify(r));
    assert.equal(r.procedure, 'designated-agent-trade');
    assert.equal(r.fellBackToUpdate, false);
    const lockDays = (Date.parse(String(r.transferLockUntil)) - Date.now()) / 86_400_000;
    assert.ok(lockDays > 59.9 && lockDays <= 60, `60-day lock (${lockDays})`);
    assert.deepEqual(Object.keys(r).sort(), Object.keys(documented).sort(), 'the README shows every result field');
    assert.equal(r.why, documented.why, 'the README shows the real reason');
    const trades = ispapi.journal({ command: 'TradeDomain', domain });
    assert.equal(trades.length, 1);
    assert.equal(trades[0]!.params['X-CONFIRM-DA-OLD-REGISTRANT'], '1');
    assert.equal(ispapi.charges({ domain }).length, 0, 'an IRTP change is free');
    const state = await queryState(id);
    assert.equal(state.phase, 'completed');
    assert.equal(state.procedure, 'designated-agent-trade');
  });

  it('changeRegistrant: registrant confirmation pending (state query), `resendConfirmation` signal by the CLI, confirmed', async () => {
    const domain = 'cli-contract-confirm.org';
    ispapi.seedDomain({ domain, nameservers: ['ns1.example.net', 'ns2.example.net'], owner: OLD_OWNER });
    const id = `registrant-change:${domain}`;
    const registrant = docJson('README.md', 'changeRegistrant input (JSON').registrant;
    await start('changeRegistrant', id, { domain, registrant, mode: 'registrant-confirmation', checkEvery: '1s' });
    const pending = await phaseIs(id, 'pending');
    assert.equal(pending.procedure, 'registrant-confirmation');
    assert.ok(pending.confirmBy, 'the confirmation due date');
    const signal = await temporal(['workflow', 'signal', '--workflow-id', id, '--name', 'resendConfirmation']);
    assert.equal(signal.code, 0, signal.stderr);
    await eventually(
      async () => (ispapi.trades().find((t) => t.domain === domain)?.resends === 1 ? true : undefined),
      30_000,
      'the confirmation mail sent again',
    );
    ispapi.confirmTrade(domain);
    const { status, result: out } = await result(id);
    assert.equal(status, 'COMPLETED');
    const r = out as Record<string, unknown>;
    assert.equal(r.outcome, 'completed', JSON.stringify(r));
    assert.equal(r.procedure, 'registrant-confirmation');
    assert.equal(ispapi.journal({ command: 'ResendDomainTransferConfirmationEmails', domain }).length, 1);
    assert.equal((await queryState(id)).confirmationsResent, 1);
  });

  it('a wrong input fails each workflow at once with an InvalidInput failure naming the field', async () => {
    const cases: Array<{ type: string; id: string; input: unknown; field: RegExp }> = [
      {
        type: 'transferDomain',
        id: 'transfer:cli-bad.com',
        input: { domain: 'cli-bad.com', nameservers: ['ns1.example.net'] },
        field: /authCode: is required.*nameservers: must list 2 to 13/,
      },
      {
        type: 'registerDomain',
        id: 'register:new-cli-bad.com',
        input: { domain: 'new-cli-bad.com', contacts: { owner: { ...OWNER, email: 'not-an-email' } } },
        field: /contacts\.owner\.email/,
      },
      {
        type: 'renewDomain',
        id: 'renew:cli-bad.com:2026-13-01',
        input: { domain: 'cli-bad.com', expiresOn: '2026-13-01' },
        field: /expiresOn: must be a real date/,
      },
      {
        type: 'customerAccount',
        id: 'account:bad customer',
        input: { customerId: 'bad customer' },
        field: /customerId: must be 1-64 letters/,
      },
      {
        type: 'backorder',
        id: 'backorder:c1:cli-bad.com',
        input: { customerId: 'c1', domain: 'cli-bad.com', currency: 'usd', contacts: { owner: OWNER } },
        field: /currency: must be an ISO 4217 code/,
      },
      {
        type: 'swissApplication',
        id: 'swiss-application:cli-bad.swiss',
        input: {
          domain: 'cli-bad.swiss',
          contacts: { owner: OWNER },
          enterpriseId: 'CHE-123.456.789',
          intendedUse: 'Online shop for Swiss watches',
        },
        field: /enterpriseId: has a wrong check digit/,
      },
      {
        type: 'changeRegistrant',
        id: 'registrant-change:cli-bad.com',
        input: { domain: 'cli-bad.com', registrant: { ...OWNER, email: 'not-an-email' } },
        field: /registrant\.email/,
      },
      {
        type: 'transferDomain',
        id: 'cli-free-form-id',
        input: { domain: 'cli-bad.com', authCode: 'x' },
        field: /workflow ID must be transfer:cli-bad\.com/,
      },
    ];
    await Promise.all(cases.map((c) => start(c.type, c.id, c.input)));
    for (const c of cases) {
      const { status, raw } = await result(c.id, 60_000);
      assert.equal(status, 'FAILED', `${c.id}: ${JSON.stringify(raw)}`);
      const failure = (
        raw.closeEvent as {
          workflowExecutionFailedEventAttributes: {
            failure: { message: string; applicationFailureInfo: { type: string; nonRetryable: boolean } };
          };
        }
      ).workflowExecutionFailedEventAttributes.failure;
      assert.equal(failure.applicationFailureInfo.type, 'InvalidInput', c.id);
      assert.equal(failure.applicationFailureInfo.nonRetryable, true, c.id);
      assert.match(failure.message, c.field, c.id);
    }
  });
});
