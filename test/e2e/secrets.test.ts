import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { startDevServer, type DevServer } from '../../scripts/lib/dev-server';
import { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { SANDBOX_OPENPROVIDER_CREDENTIALS } from '../../src/sandbox/openprovider/server';
import { SANDBOX_ISPAPI_CREDENTIALS } from '../../src/config/config';
import { getTransferState, startTransfer } from '../../src/client/transfer';
import { startRegistration } from '../../src/client/register';
import { fetchAuthCode } from '../../src/client/domain-operations';
import { eventually, testCodec, testCodecKeysEnv, testDataConverter } from '../helpers/temporal';

const REPO = path.resolve(__dirname, '../..');
const CLI = path.join(REPO, 'bin/domainflow.cjs');

// Distinctive values: any of them in stored history, logs or CLI output is a leak.
const AUTH_CODE = 'Zq7-Secret-Auth-Code-4711';
const EMAIL = 'private.owner.93kx@secret-mail.example';
const PHONE = '+31.209876543';
const SECRETS: Record<string, string> = {
  'auth code': AUTH_CODE,
  'contact e-mail': EMAIL,
  'contact phone': PHONE,
  'ISPAPI sandbox password': SANDBOX_ISPAPI_CREDENTIALS.password,
  'Openprovider password': SANDBOX_OPENPROVIDER_CREDENTIALS.password,
};

/** Every Payload-shaped object (metadata + data) anywhere in a history, with where it was. */
function collectPayloads(node: unknown, where = '', out: Array<{ where: string; payload: Payload }> = []) {
  if (!node || typeof node !== 'object' || node instanceof Uint8Array) return out;
  const obj = node as Record<string, unknown>;
  if (obj.data instanceof Uint8Array && obj.metadata && typeof obj.metadata === 'object') {
    out.push({ where, payload: obj as Payload });
  }
  for (const [key, value] of Object.entries(obj)) collectPayloads(value, `${where}.${key}`, out);
  return out;
}

function assertNoSecrets(where: string, bytes: Buffer, which = Object.keys(SECRETS)): void {
  for (const what of which) {
    const secret = SECRETS[what]!;
    assert.ok(!bytes.includes(Buffer.from(secret)), `${what} found in clear text in ${where}`);
    assert.ok(!bytes.includes(Buffer.from(Buffer.from(secret).toString('base64'))), `${what} (base64) in ${where}`);
  }
}

/**
 * The secrets test: auth codes and contact data go into workflow inputs, and Temporal stores and
 * shows the event history. Runs the real dev server, sandbox, worker process and command line, then
 * reads the stored history raw (no codec) and looks for the secrets byte by byte.
 */
describe('secrets: never in clear text in Temporal history, logs or CLI output', () => {
  let dev: DevServer;
  let sandbox: IspapiSandbox;
  let worker: ChildProcess | undefined;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let workerLog = '';
  let connection: Connection;
  let client: Client; // with the codec, as the CLI and worker
  let raw: Client; // without: what the server stores and the Web UI gets without the codec endpoint
  const workflowIds: string[] = [];
  /** what each history shows once decoded with the codec (default: the contact e-mail) */
  const expectedClear = new Map<string, string>();
  let registrationRan = false;

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'domainflow-secrets-'));
    [dev, sandbox] = await Promise.all([
      startDevServer({ uiPort: false, dbFile: path.join(dataDir, 'temporal.sqlite') }),
      IspapiSandbox.start(),
    ]);
    env = {
      ...process.env,
      TEMPORAL_ADDRESS: dev.address,
      TEMPORAL_NAMESPACE: dev.namespace,
      DOMAINFLOW_TASK_QUEUE: `secrets-${process.pid}`,
      DOMAINFLOW_DATA_DIR: dataDir,
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_ISPAPI_PORT: new URL(sandbox.baseUrl).port,
      ISPAPI_ENV: 'sandbox',
      // The most talkative level: a secret in any debug line is a leak too.
      DOMAINFLOW_LOG_LEVEL: 'debug',
      DOMAINFLOW_CODEC_KEYS: testCodecKeysEnv(),
    };
    worker = spawn(process.execPath, ['--import', 'tsx', 'src/workers/main.ts'], { cwd: REPO, env, stdio: 'pipe' });
    worker.stdout?.on('data', (d: Buffer) => (workerLog += d.toString()));
    worker.stderr?.on('data', (d: Buffer) => (workerLog += d.toString()));
    connection = await Connection.connect({ address: dev.address });
    client = new Client({ connection, namespace: dev.namespace, dataConverter: testDataConverter() });
    raw = new Client({ connection, namespace: dev.namespace });
  });

  after(async () => {
    worker?.kill('SIGKILL');
    await connection?.close();
    await sandbox?.close();
    await dev?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a transfer with an auth code completes', async () => {
    const domain = 'secret-transfer.com';
    sandbox.seedExternalDomain({ domain, authCode: AUTH_CODE, nameservers: ['ns1.old.example', 'ns2.old.example'] });
    const { handle } = await startTransfer(
      client,
      {
        domain,
        authCode: AUTH_CODE,
        nameservers: ['ns1.new.example', 'ns2.new.example'],
        polling: { initialInterval: '1s', maxInterval: '2s' },
      },
      { taskQueue: env.DOMAINFLOW_TASK_QUEUE },
    );
    workflowIds.push(handle.workflowId);
    await eventually(
      async () => ((await getTransferState(client, handle.workflowId)).phase === 'pending' ? true : undefined),
      90_000,
      'transfer pending',
    );
    sandbox.approveTransfer(domain);
    const result = await handle.result();
    assert.equal(result.outcome, 'completed', JSON.stringify(result));
  });

  it('a registration with contact data completes', async () => {
    // new-…: a name the sandbox treats as free
    const domain = 'new-secret-registration.com';
    const owner = {
      firstName: 'Pia',
      lastName: 'Privat',
      street: ['Geheimstraat 1'],
      city: 'Utrecht',
      postalCode: '3511 AA',
      countryCode: 'NL',
      phone: PHONE,
      email: EMAIL,
    };
    const { handle } = await startRegistration(
      client,
      { domain, contacts: { owner }, nameservers: ['ns1.new.example', 'ns2.new.example'] },
      { taskQueue: env.DOMAINFLOW_TASK_QUEUE },
    );
    workflowIds.push(handle.workflowId);
    const result = await handle.result();
    registrationRan = true;
    assert.equal(result.outcome, 'registered', JSON.stringify(result));
    const adds = sandbox.journal({ command: 'AddDomain', domain });
    assert.equal(adds.length, 1, 'the contact data did reach the registrar');
  });

  it('auth codes read and reset by domainAuthCode: masked by the CLI unless --reveal', async () => {
    const domain = 'secret-authcode.com';
    sandbox.seedDomain({ domain, nameservers: ['ns1.new.example', 'ns2.new.example'], authCode: AUTH_CODE });
    const cli = (args: string[]) =>
      new Promise<string>((resolve, reject) => {
        execFile(process.execPath, [CLI, ...args], { cwd: REPO, env }, (err, stdout, stderr) =>
          err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
        );
      });
    const masked = await cli(['authcode', domain, '--json']);
    assertNoSecrets('the CLI authcode --json output', Buffer.from(masked));
    assert.equal((JSON.parse(masked) as { masked: boolean }).masked, true);
    const human = await cli(['authcode', domain]);
    assertNoSecrets('the CLI authcode output', Buffer.from(human));
    const revealed = await cli(['authcode', domain, '--json', '--reveal']);
    assert.equal((JSON.parse(revealed) as { authCode: string }).authCode, AUTH_CODE, '--reveal shows the code');

    const taskQueue = env.DOMAINFLOW_TASK_QUEUE;
    const shown = await fetchAuthCode(client, { domain, requestId: 'secrets-show' }, { taskQueue });
    assert.equal(shown.authCode, AUTH_CODE);
    workflowIds.push(`authcode:${domain}:secrets-show`);
    expectedClear.set(`authcode:${domain}:secrets-show`, AUTH_CODE);
    const reset = await fetchAuthCode(client, { domain, reset: true, requestId: 'secrets-reset' }, { taskQueue });
    assert.notEqual(reset.authCode, AUTH_CODE);
    // The new code is a secret too: the checks below look for it in histories and logs as well.
    SECRETS['reset auth code'] = reset.authCode;
    workflowIds.push(`authcode:${domain}:secrets-reset`);
    expectedClear.set(`authcode:${domain}:secrets-reset`, reset.authCode);
  });

  /** What the SDK writes in a patch marker: the patch's name and a flag, nothing of ours. */
  const isPatchMarker = (text: string): boolean => {
    try {
      const data = JSON.parse(text) as Record<string, unknown>;
      return Object.entries(data).every(([k, v]) =>
        k === 'deprecated' ? typeof v === 'boolean' : /^(id|patchId|patch_id)$/.test(k) && /^[\w-]+$/.test(String(v)),
      );
    } catch {
      return false;
    }
  };

  // A local activity's marker (the lean transfer's registrar reads, issue 18) carries the SDK's own
  // bookkeeping in `data` past the codec: sequence, attempt, activity id and type, times. Its
  // `result` goes through the codec like any payload, so only this shape is let through in clear.
  const isLocalActivityMarkerData = (text: string): boolean => {
    try {
      const data = JSON.parse(text) as Record<string, unknown>;
      return Object.entries(data).every(([k, v]) => {
        if (/^(seq|attempt)$/.test(k)) return typeof v === 'number';
        if (/^(activity_id|activity_type)$/.test(k)) return typeof v === 'string' && /^[\w.-]+$/.test(v);
        if (/^(complete_time|original_schedule_time|backoff)$/.test(k))
          return v === null || (typeof v === 'object' && Object.values(v).every((n) => typeof n === 'number'));
        return false;
      });
    } catch {
      return false;
    }
  };

  it('raw stored histories hold none of the secrets; decoded with the codec they do', async () => {
    assert.ok(workflowIds.length > 0);
    for (const id of workflowIds) {
      const history = await raw.workflow.getHandle(id).fetchHistory();
      const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
      assertNoSecrets(`the stored history of ${id}`, bytes);
      // The direct gRPC call returns the same stored bytes (what the Web UI reads).
      const res = await connection.workflowService.getWorkflowExecutionHistory({
        namespace: dev.namespace,
        execution: { workflowId: id },
      });
      assertNoSecrets(
        `GetWorkflowExecutionHistory of ${id}`,
        Buffer.from(temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse.encode(res).finish()),
      );

      // Search attributes are the one thing stored in clear (indexed for lists and the Web UI); they
      // carry domain names, registrar and state only. So are patch markers: the SDK writes the
      // patch's name there itself, past the codec.
      const inClear = (where: string, payload: { data?: Uint8Array | null }) =>
        /\.searchAttributes\./.test(where) ||
        (/\.markerRecordedEventAttributes\.details\.patch-data\./.test(where) &&
          isPatchMarker(Buffer.from(payload.data ?? []).toString())) ||
        (/\.markerRecordedEventAttributes\.details\.data\./.test(where) &&
          isLocalActivityMarkerData(Buffer.from(payload.data ?? []).toString()));
      const found = collectPayloads(history);
      const payloads = found.filter((f) => !inClear(f.where, f.payload)).map((f) => f.payload);
      assert.ok(payloads.length > 0);
      for (const { where, payload } of found) {
        const encoding = Buffer.from(payload.metadata?.encoding ?? new Uint8Array()).toString();
        if (inClear(where, payload)) continue;
        assert.equal(
          encoding,
          'binary/encrypted',
          `every payload in ${id} is encrypted (${where}: ${encoding}: ${Buffer.from(payload.data ?? [])
            .toString()
            .slice(0, 300)})`,
        );
      }
      if (id.startsWith('transfer:')) {
        // the lean transfer reads through local activities: their results are in markers, encrypted
        assert.ok(
          found.some((f) => /\.markerRecordedEventAttributes\.details\.result\./.test(f.where)),
          `${id} holds a local activity's result`,
        );
      }
      const decoded = await testCodec().decode(payloads);
      const clear = Buffer.concat(decoded.map((p) => Buffer.from(p.data ?? new Uint8Array())));
      const expected = expectedClear.get(id) ?? (id.startsWith('transfer:') ? AUTH_CODE : EMAIL);
      assert.ok(clear.includes(Buffer.from(expected)), `decoded with the codec, ${id} shows ${expected}`);
    }
    if (!registrationRan) assert.fail('the registration did not run');
  });

  it('the CLI status output and the worker log (debug level) hold no auth code or password', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [CLI, 'status', 'transfer:secret-transfer.com', '--json'],
        { cwd: REPO, env },
        (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
      );
    });
    const status = JSON.parse(out) as { status: string; state: { phase: string } };
    assert.equal(status.status, 'COMPLETED');
    assert.equal(status.state.phase, 'completed', 'the CLI decodes the query result with the codec');
    assertNoSecrets('the CLI status output', Buffer.from(out));
    assert.match(workerLog, /worker started/);
    // Credentials and auth codes are masked at every log level. Contact data is not checked here: the
    // ISPAPI client's debug line ("ispapi call") logs the command with the contact fields.
    assertNoSecrets('the worker log', Buffer.from(workerLog), [
      'auth code',
      'reset auth code',
      'ISPAPI sandbox password',
      'Openprovider password',
    ]);
  });
});
