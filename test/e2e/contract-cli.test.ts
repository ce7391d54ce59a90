import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { z } from 'zod';
import { startDevServer, type DevServer } from '../../scripts/lib/dev-server';
import { resolveTemporalCli } from '../../scripts/lib/temporal-binaries';
import { CodecServer } from '../../src/codec/codec-server';
import { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { OpenproviderSandbox } from '../../src/sandbox/openprovider/server';
import { SANDBOX_WEBHOOK_SECRET, WebhookReceiver } from '../../src/sandbox/webhook-receiver';
import {
  changeRegistrantInputSchema,
  domainEntityInputSchema,
  type DomainEntityView,
  domainObservationSchema,
  importPortfolioInputSchema,
  type ImportPortfolioResult,
  registerDomainInputSchema,
  syncPortfolioInputSchema,
  type SyncPortfolioResult,
  transferDomainInputSchema,
} from '../../src/contracts';
import { eventually, testCodec, testCodecKeysEnv, testDataConverter } from '../helpers/temporal';
import { checkStrict } from '../../src/domain/validation';

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

/** Valid and strict: a documented example with a key the schema does not know would be refused. */
function assertValid(schema: z.ZodType, value: unknown, what: string): void {
  const checked = checkStrict(schema, value);
  assert.ok(checked.ok, `${what} is valid: ${checked.ok ? '' : checked.problems.message}`);
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
  let receiver: WebhookReceiver;
  let worker: ChildProcess | undefined;
  let workerLog = '';
  let connection: Connection;
  let client: Client;
  let dataDir: string;
  let taskQueue: string;
  const temporalCli = resolveTemporalCli().path;

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'domainflow-contract-'));
    [dev, ispapi, openprovider, codecServer, receiver] = await Promise.all([
      startDevServer({ uiPort: false }),
      IspapiSandbox.start(),
      OpenproviderSandbox.start(),
      // For `--codec-endpoint`: the CLI decodes results (and encodes inputs) through it.
      CodecServer.start({ codec: testCodec() }),
      WebhookReceiver.start({ secret: SANDBOX_WEBHOOK_SECRET }),
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
      DOMAINFLOW_WEBHOOK_URLS: receiver.url,
      DOMAINFLOW_WEBHOOK_SECRET: SANDBOX_WEBHOOK_SECRET,
      // No Schedules: the syncs below are started by the CLI, and a scheduled one must not run between them.
      DOMAINFLOW_SYNC_INTERVAL: 'off',
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
    await Promise.all([ispapi?.close(), openprovider?.close(), codecServer?.close(), receiver?.close()]);
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
  async function start(type: string, workflowId: string, input: unknown, extra: string[] = []): Promise<string> {
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
    return String(json(run).runId);
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

  /** `temporal workflow update execute` with a JSON argument; the answer decoded through the codec endpoint. */
  const updateRun = (workflowId: string, name: string, input: unknown) =>
    temporal([
      'workflow',
      'update',
      'execute',
      '--workflow-id',
      workflowId,
      '--name',
      name,
      '--input',
      JSON.stringify(input),
      '--codec-endpoint',
      codecServer.url,
      '-o',
      'json',
    ]);

  /** docs/portfolio.md: the entity by update-with-start of `observe`, conflict policy UseExisting. */
  const createEntity = (domain: string, observation: object) =>
    temporal([
      'workflow',
      'execute-update-with-start',
      '--type',
      'domain',
      '--task-queue',
      taskQueue,
      '--workflow-id',
      `domain:${domain}`,
      '--id-conflict-policy',
      'UseExisting',
      '--input',
      JSON.stringify({ domain, registrar: 'ispapi', customerId: 'cli-contract' }),
      '--update-name',
      'observe',
      '--update-input',
      JSON.stringify(observation),
      '--codec-endpoint',
      codecServer.url,
      '-o',
      'json',
    ]);

  /** The stored input of the first run, as Temporal keeps it. */
  async function storedInputEncoding(workflowId: string): Promise<string> {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    return Buffer.from(payload?.metadata?.encoding ?? new Uint8Array()).toString();
  }

  it('the JSON examples in docs/transfer.md, docs/change-registrant.md and docs/register.md are valid inputs', () => {
    assertValid(transferDomainInputSchema, docJson('docs/transfer.md', 'Input (JSON; only'), 'docs/transfer.md input');
    assertValid(registerDomainInputSchema, docJson('docs/register.md', 'Input (JSON)'), 'docs/register.md input');
    const change = docJson('docs/change-registrant.md', 'changeRegistrant input (JSON');
    assertValid(changeRegistrantInputSchema, change, 'docs/change-registrant.md input');
    const portfolio = 'docs/portfolio.md';
    assertValid(domainEntityInputSchema, docJson(portfolio, 'domain input (JSON'), 'docs/portfolio.md domain input');
    assertValid(domainObservationSchema, docJson(portfolio, '`observation` (JSON'), 'docs/portfolio.md observation');
    const sync = docJson(portfolio, 'syncPortfolio input (JSON');
    assertValid(syncPortfolioInputSchema, sync, 'docs/portfolio.md syncPortfolio input');
    const { sendReport: _sendReport, ...importInput } = sync;
    assertValid(importPortfolioInputSchema.strict(), importInput, 'the import input (the same without sendReport)');
  });

  it('transferDomain: the documented command, approved in the sandbox -> completed, nameservers set', async () => {
    const domain = 'cli-contract-transfer.com';
    const id = `transfer:${domain}`;
    // docs/transfer.md: temporal workflow start --type transferDomain ... --input '{"domain":…,"authCode":…,"nameservers":[…]}'
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
    const update = (input: unknown) => updateRun(id, 'deposit', input);
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

  it('changeRegistrant: the documented input -> designated-agent trade at once, 60-day lock; the documented result shape', async () => {
    const input = docJson('docs/change-registrant.md', 'changeRegistrant input (JSON');
    const documented = docJson('docs/change-registrant.md', 'changeRegistrant result (JSON)');
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
    assert.deepEqual(
      Object.keys(r).sort(),
      Object.keys(documented).sort(),
      'docs/change-registrant.md shows every result field',
    );
    assert.equal(r.why, documented.why, 'docs/change-registrant.md shows the real reason');
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
    const registrant = docJson('docs/change-registrant.md', 'changeRegistrant input (JSON').registrant;
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

  /** Search attributes as `temporal workflow describe` shows them (plain JSON payloads). */
  async function searchAttributes(workflowId: string): Promise<Record<string, unknown>> {
    const run = await temporal(['workflow', 'describe', '--workflow-id', workflowId, '-o', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const info = json(run).workflowExecutionInfo as {
      searchAttributes?: { indexedFields?: Record<string, { data: string }> };
    };
    return Object.fromEntries(
      Object.entries(info.searchAttributes?.indexedFields ?? {}).map(([k, v]) => [
        k,
        JSON.parse(Buffer.from(v.data, 'base64').toString('utf8')) as unknown,
      ]),
    );
  }

  it('domain: created by the CLI with update-with-start `observe`, `observe` again, `setAutorenew`, state query, search attributes', async () => {
    const domain = 'cli-contract-entity.com';
    const id = `domain:${domain}`;
    ispapi.seedDomain({
      domain,
      nameservers: ['ns1.example.net', 'ns2.example.net'],
      expiresAt: new Date(Date.now() + 400 * 86_400_000),
    });
    const renewedTo = ispapi.domain(domain)!.expiresAt;
    const before = new Date(Date.parse(renewedTo) - 365 * 86_400_000).toISOString();
    // No registrarAutorenew: the entity does not know the registrar's setting, so setAutorenew pushes it.
    const facts = { phase: 'active', registryExpiresAt: before, nameservers: ['ns1.example.net', 'ns2.example.net'] };
    const observedAt = new Date().toISOString();
    const created = await createEntity(domain, { source: 'manual', observedAt, facts, observationId: 'cli-1' });
    assert.equal(created.code, 0, created.stderr);
    const first = json(created).updateResult as { domain: string; changes: unknown[]; digest: string };
    assert.deepEqual(
      { ...first, digest: undefined },
      { domain, changes: [], digest: undefined },
      'first facts: no change',
    );
    assert.match(first.digest, /^[0-9a-f]{8,}$/);

    const renewed = { source: 'manual', observedAt, facts: { registryExpiresAt: renewedTo }, observationId: 'cli-2' };
    const observed = await updateRun(id, 'observe', renewed);
    assert.equal(observed.code, 0, observed.stderr);
    const eventId = `${domain}:domain.expiry-changed:${observedAt.replace(/[-:.]/g, '')}`;
    const documented = docJson('docs/portfolio.md', 'observe result (JSON') as { changes: object[] };
    assert.deepEqual(Object.keys(documented).sort(), ['changes', 'digest', 'domain']);
    const expected = {
      domain,
      changes: [{ kind: 'expiry', from: before, to: renewedTo, at: observedAt, source: 'manual', eventId }],
    };
    assert.deepEqual({ ...(json(observed).result as object), digest: undefined }, { ...expected, digest: undefined });
    // The same observationId again (a retry): the first answer, nothing recorded twice.
    const again = await updateRun(id, 'observe', renewed);
    assert.deepEqual(Object.keys(documented.changes[0]!).sort(), Object.keys(expected.changes[0]!).sort());
    assert.deepEqual((json(again).result as { changes: unknown }).changes, expected.changes);

    const wish = await updateRun(id, 'setAutorenew', { enabled: true });
    assert.equal(wish.code, 0, wish.stderr);
    assert.deepEqual(json(wish).result, {
      domain,
      setting: 'autorenew',
      enabled: true,
      changed: true,
      pushedToRegistrar: true,
    });
    assert.equal(ispapi.domain(domain)?.renewalMode, 'AUTOEXPIRE', "the registrar's own renewal stays off");
    assert.equal(ispapi.journal({ command: 'SetDomainRenewalMode', domain }).length, 1);
    const bad = await updateRun(id, 'setAutorenew', { enabled: 'yes' });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /invalid request: enabled: must be true or false/);

    const state = await queryState<DomainEntityView>(id);
    assert.equal(state.facts.registryExpiresAt, renewedTo);
    assert.equal(state.facts.registrarAutorenew, false);
    assert.deepEqual(state.wishes, { autorenew: true });
    assert.equal(state.customerId, 'cli-contract');
    assert.equal(state.dueDate, new Date(Date.parse(renewedTo) - 30 * 86_400_000).toISOString().slice(0, 10));
    assert.equal(state.changeCount, 2);
    assert.deepEqual(
      state.recentChanges.map((c) => c.kind),
      ['expiry', 'wish'],
    );
    const attributes = await searchAttributes(id);
    assert.equal(attributes.DomainName, domain);
    assert.equal(attributes.Registrar, 'ispapi');
    assert.equal(attributes.LifecycleState, 'domain-active');
    assert.equal(attributes.AutoRenew, true);
    assert.equal(attributes.CustomerId, 'cli-contract');
    assert.equal(attributes.FactsDigest, state.digest);
    assert.equal(Date.parse(String(attributes.ExpiresAt)), Date.parse(renewedTo));
    // One change event per change billing cares about, delivered to the receiver.
    await eventually(
      async () => (receiver.events().some((e) => e.id === eventId) ? true : undefined),
      30_000,
      'the expiry-changed event delivered',
    );
  });

  it('domain: `setPrivacy` pushed to the registrar, `renew` starts renewDomain once per term (CLI Updates)', async () => {
    const domain = 'cli-contract-entity-renew.com';
    const id = `domain:${domain}`;
    ispapi.seedDomain({
      domain,
      nameservers: ['ns1.example.net', 'ns2.example.net'],
      expiresAt: new Date(Date.now() + 200 * 86_400_000),
    });
    const expiry = ispapi.domain(domain)!.expiresAt;
    const facts = { phase: 'active', registryExpiresAt: expiry, privacy: false, registrarAutorenew: false };
    const created = await createEntity(domain, {
      source: 'manual',
      observedAt: new Date().toISOString(),
      facts,
      observationId: 'cli-renew-1',
    });
    assert.equal(created.code, 0, created.stderr);

    const privacy = await updateRun(id, 'setPrivacy', { enabled: true });
    assert.equal(privacy.code, 0, privacy.stderr);
    assert.deepEqual(json(privacy).result, {
      domain,
      setting: 'privacy',
      enabled: true,
      changed: true,
      pushedToRegistrar: true,
    });
    assert.equal(ispapi.domain(domain)?.privacy, true, 'the registrar has privacy on');

    const term = expiry.slice(0, 10);
    const renew = await updateRun(id, 'renew', {});
    assert.equal(renew.code, 0, renew.stderr);
    const renewWorkflowId = `renew:${domain}:${term}`;
    assert.deepEqual(json(renew).result, { domain, workflowId: renewWorkflowId, expiresOn: term, started: true });
    const again = await updateRun(id, 'renew', {});
    assert.deepEqual(json(again).result, { domain, workflowId: renewWorkflowId, expiresOn: term, started: false });
    const result = (await client.workflow.getHandle(renewWorkflowId).result()) as { outcome: string };
    assert.equal(result.outcome, 'renewed', JSON.stringify(result));
    const renewals = ispapi.journal({ command: 'RenewDomain', domain });
    assert.equal(renewals.length, 1, JSON.stringify(renewals));
    const bad = await updateRun(id, 'renew', { periodYears: 11 });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /periodYears: must be 1-10 years/);
  });

  it('deliverChangeEvent: an event started by the CLI is POSTed, signed, to the receiver once', async () => {
    const event = {
      id: 'cli-contract-event.com:test.cli-contract:1',
      type: 'test.cli-contract',
      occurredAt: new Date().toISOString(),
      domain: 'cli-contract-event.com',
      registrar: 'ispapi',
      data: { from: 'the temporal CLI' },
    };
    const id = `event:${event.id}`;
    // docs/events.md: RejectDuplicate, so the same event id is delivered once, also after it finished.
    const firstRun = await start('deliverChangeEvent', id, event, ['--id-reuse-policy', 'RejectDuplicate']);
    const { status, result: out } = await result(id);
    assert.equal(status, 'COMPLETED');
    assert.deepEqual(out, {
      eventId: event.id,
      receivers: [{ url: receiver.url, status: 'delivered', attempts: 1, httpStatus: 200 }],
    });
    const got = receiver.events().find((e) => e.id === event.id);
    assert.deepEqual({ ...got, receivedAt: undefined }, { ...event, receivedAt: undefined });
    assert.deepEqual(
      receiver
        .deliveries()
        .filter((d) => d.eventId === event.id)
        .map((d) => d.outcome),
      ['stored'],
      'one delivery, its signature verified',
    );
    // A second start of the same event starts nothing: the CLI (Go SDK) answers with the finished run.
    const again = await start('deliverChangeEvent', id, event, ['--id-reuse-policy', 'RejectDuplicate']);
    assert.equal(again, firstRun, 'no second run');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(receiver.deliveries().filter((d) => d.eventId === event.id).length, 1, 'delivered once');
  });

  it('importPortfolio then syncPortfolio (ISPAPI): the account in, then 1 renewed + 1 transferred away out of all', async () => {
    ispapi.seedDomains({ count: 5, prefix: 'cli-portfolio-', tld: 'com' });
    const importId = 'import:ispapi:default';
    await start('importPortfolio', importId, { registrar: 'ispapi', pageSize: 1000 });
    const imported = await result(importId);
    assert.equal(imported.status, 'COMPLETED');
    const i = imported.result as ImportPortfolioResult;
    // Everything the account holds: the 5 seeded domains and those the tests above registered or changed.
    assert.ok(i.domainsSeen >= 5 + 1, `domains seen ${i.domainsSeen}`);
    assert.equal(i.total, i.domainsSeen);
    assert.equal(i.pagesRead, 1);
    assert.equal(i.registrarCalls, 1);
    assert.equal(i.errors, 0);
    assert.equal(i.phase, 'done');
    assert.equal(i.started + i.updated + i.unchanged, i.domainsSeen);
    assert.ok(i.started >= 5, `a domain workflow for each new domain (${i.started})`);
    const liveIspapi = `WorkflowType = 'domain' AND Registrar = 'ispapi' AND ExecutionStatus = 'Running'`;
    // Visibility (FactsDigest) catches up with the entities before the sync reads it.
    await eventually(async () => {
      const all = (await client.workflow.count(liveIspapi)).count;
      const unknown = (await client.workflow.count(`${liveIspapi} AND LifecycleState = 'domain-unknown'`)).count;
      return all >= i.domainsSeen && unknown === 0 ? true : undefined;
    }, 30_000);
    await new Promise((r) => setTimeout(r, 1500));

    // Renewed elsewhere (a new registry expiry) and transferred away.
    const renewedFrom = ispapi.domain('cli-portfolio-1.com')!.expiresAt;
    ispapi.seedDomain({
      domain: 'cli-portfolio-1.com',
      nameservers: ['ns1.portfolio.example', 'ns2.portfolio.example'],
      expiresAt: new Date(Date.parse(renewedFrom) + 365 * 86_400_000),
    });
    const renewedTo = ispapi.domain('cli-portfolio-1.com')!.expiresAt;
    ispapi.transferOut('cli-portfolio-3.com');
    const syncId = 'sync:ispapi:default:cli-contract';
    await start('syncPortfolio', syncId, { registrar: 'ispapi' });
    const synced = await result(syncId);
    assert.equal(synced.status, 'COMPLETED');
    const s = synced.result as SyncPortfolioResult;
    assert.deepEqual(
      {
        domainsSeen: s.domainsSeen,
        started: s.started,
        updated: s.updated,
        unchanged: s.unchanged,
        missingChecked: s.missingChecked,
        errors: s.errors,
        pagesRead: s.pagesRead,
      },
      {
        domainsSeen: i.domainsSeen - 1,
        started: 0,
        updated: 1,
        unchanged: i.domainsSeen - 2,
        missingChecked: 1,
        errors: 0,
        pagesRead: 1,
      },
    );
    assert.deepEqual(s.report.expiryChanges, [{ domain: 'cli-portfolio-1.com', from: renewedFrom, to: renewedTo }]);
    assert.deepEqual(s.report.phaseChanges, [
      { domain: 'cli-portfolio-3.com', from: 'active', to: 'transferred-away' },
    ]);
    // The CLI prints an empty JSON array as null; the payload itself (decoded by an SDK) has [].
    assert.deepEqual([s.report.dueDateChanges, s.report.corrections, s.report.errors], [null, null, null]);
    const decoded = (await client.workflow.getHandle(syncId).result()) as SyncPortfolioResult;
    assert.deepEqual([decoded.report.dueDateChanges, decoded.report.corrections, decoded.report.errors], [[], [], []]);
    assert.equal(s.reportSent, true);
    const documented = docJson('docs/portfolio.md', 'syncPortfolio result (JSON');
    assert.deepEqual(Object.keys(s).sort(), Object.keys(documented).sort(), 'docs/portfolio.md shows every field');
    assert.deepEqual(Object.keys(s.report).sort(), Object.keys(documented.report as object).sort());
    const { report: _report, reportSent: _sent, ...progress } = documented;
    assert.deepEqual(
      Object.keys(i).sort(),
      Object.keys(progress).sort(),
      'the import result: the same without the report',
    );
    assert.equal(s.phase, 'done');
    const away = await queryState<DomainEntityView>('domain:cli-portfolio-3.com');
    assert.equal(away.facts.phase, 'transferred-away');
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
        type: 'domain',
        id: 'domain:cli-bad.com',
        input: { domain: 'cli-bad.com', registrar: 'godaddy' },
        field: /registrar: must be one of ispapi, openprovider/,
      },
      {
        type: 'syncPortfolio',
        id: 'sync:ispapi:cli-bad',
        input: { registrar: 'ispapi', account: 'cli-bad', pageSize: 5000 },
        field: /pageSize: must be 1-1000/,
      },
      {
        type: 'importPortfolio',
        id: 'import:ispapi:bad account',
        input: { registrar: 'ispapi', account: 'bad account' },
        field: /account: must be 1-64 letters/,
      },
      {
        type: 'deliverChangeEvent',
        id: 'event:cli-bad',
        input: { id: 'cli-bad', type: 'bad type', occurredAt: 'yesterday', domain: 'cli-bad.com', registrar: 'ispapi' },
        field: /type: must be a dotted name.*occurredAt: must be an ISO 8601/,
      },
      {
        // issue 13: an unknown key is named, with the key it misspells (it used to be dropped in silence)
        type: 'transferDomain',
        id: 'transfer:cli-typo.com',
        input: { domain: 'cli-typo.com', authCode: 'x', nameServers: ['ns1.example.net', 'ns2.example.net'] },
        field: /^invalid input: nameServers: unknown field \(did you mean nameservers\?\)$/,
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
