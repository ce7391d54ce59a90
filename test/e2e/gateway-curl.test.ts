import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDevServer, type DevServer } from '../../scripts/lib/dev-server';
import { sha256Hex } from '../../src/gateway/auth';
import { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { eventually, TEST_WORKFLOW_BUNDLE_VARIABLE, testCodecKeysEnv } from '../helpers/temporal';

const REPO = path.resolve(__dirname, '../..');
const KEY = 'dfk_curl-contract-test-key-0123456789';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** One HTTP request with curl: the way a PHP billing module (or any shell) talks to the gateway. */
function curl(method: string, url: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const args = ['-sS', '-X', method, '-H', `Authorization: Bearer ${KEY}`, '-w', '\n%{http_code}', url];
  if (body !== undefined) args.push('-H', 'Content-Type: application/json', '--data-binary', JSON.stringify(body));
  return new Promise((resolve, reject) => {
    execFile('curl', args, (err, stdout) => {
      if (err) return reject(err);
      const cut = stdout.lastIndexOf('\n');
      const text = stdout.slice(0, cut);
      resolve({
        status: Number(stdout.slice(cut + 1)),
        json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      });
    });
  });
}

const OWNER = {
  FIRSTNAME: 'Jan',
  LASTNAME: 'Jansen',
  ORGANIZATION: 'Jansen BV',
  STREET: 'Keizersgracht 1',
  CITY: 'Amsterdam',
  ZIP: '1015 CJ',
  COUNTRY: 'NL',
  PHONE: '+31.201234567',
  EMAIL: 'jan@example.nl',
};
const NEW_REGISTRANT = {
  firstName: 'Eva',
  lastName: 'Smit',
  organisation: 'Smit BV',
  street: ['Keizersgracht 1'],
  city: 'Amsterdam',
  postalCode: '1015 CJ',
  countryCode: 'NL',
  phone: '+31.201234567',
  email: 'eva@example.nl',
};
const NS = ['ns1.example.net', 'ns2.example.net'];

/**
 * The gateway as a billing system sees it: `domainflow serve` and a worker as processes, the dev
 * server and the ISPAPI sandbox, and nothing but curl and the OpenAPI contract on the client side.
 */
describe('gateway contract over curl: transfer, renewal and registrant change end to end', () => {
  let dev: DevServer;
  let sandbox: IspapiSandbox;
  let dataDir: string;
  let base: string;
  const children: ChildProcess[] = [];
  let output = '';

  const spawnPart = (args: string[], env: NodeJS.ProcessEnv) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: REPO, env, stdio: 'pipe' });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    children.push(child);
  };

  /** Polls the status URL until the workflow has finished. */
  const finished = (statusUrl: string, timeoutMs = 90_000) =>
    eventually(
      async () => {
        const { status, json } = await curl('GET', `${base}${statusUrl}`);
        return status === 200 && json.status === 'COMPLETED' ? json : undefined;
      },
      timeoutMs,
      statusUrl,
    );

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'domainflow-gateway-curl-'));
    [dev, sandbox] = await Promise.all([startDevServer({ uiPort: false }), IspapiSandbox.start()]);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const prebuilt = process.env[TEST_WORKFLOW_BUNDLE_VARIABLE];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TEMPORAL_ADDRESS: dev.address,
      TEMPORAL_NAMESPACE: dev.namespace,
      DOMAINFLOW_TASK_QUEUE: `gateway-curl-${process.pid}`,
      DOMAINFLOW_DATA_DIR: dataDir,
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_ISPAPI_PORT: new URL(sandbox.baseUrl).port,
      ISPAPI_ENV: 'sandbox',
      DOMAINFLOW_LOG_LEVEL: 'info',
      DOMAINFLOW_CODEC_KEYS: testCodecKeysEnv(),
      DOMAINFLOW_METRICS_ADDRESS: 'off',
      DOMAINFLOW_HEALTH_ADDRESS: 'off',
      DOMAINFLOW_GATEWAY_KEYS: `billing:${sha256Hex(KEY)}:read+operate+money`,
      ...(prebuilt ? { DOMAINFLOW_WORKFLOW_BUNDLE: prebuilt } : {}),
    };
    spawnPart(['src/workers/main.ts'], env);
    spawnPart(['src/cli/main.ts', 'serve', '--address', `127.0.0.1:${port}`], env);
    await eventually(
      async () => ((await fetch(`${base}/health`)).status === 200 ? true : undefined),
      60_000,
      'the gateway',
    );
  });

  after(async () => {
    for (const child of children) child.kill('SIGKILL');
    await sandbox?.close();
    await dev?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('transfers a domain: POST, follow the status URL through pending, approved -> completed', async () => {
    const domain = 'curl-transfer.com';
    const started = await curl('POST', `${base}/v1/transfers`, {
      domain,
      authCode: 'Curl-Auth-Code-1',
      nameservers: NS,
      polling: { initialInterval: '1s', maxInterval: '2s' },
    });
    assert.equal(started.status, 202, JSON.stringify(started.json));
    assert.equal(started.json.workflowId, `transfer:${domain}`);
    const statusUrl = String(started.json.statusUrl);
    await eventually(
      async () => {
        const { json } = await curl('GET', `${base}${statusUrl}`);
        return (json.state as { phase?: string } | undefined)?.phase === 'pending' ? true : undefined;
      },
      90_000,
      'pending',
    );
    sandbox.approveTransfer(domain);
    const done = await finished(statusUrl);
    const state = done.state as { phase: string; result: { outcome: string }; log: unknown[] };
    assert.equal(state.phase, 'completed');
    assert.equal(state.result.outcome, 'completed');
    assert.ok(state.log.length >= 3, 'the status log');
    assert.deepEqual(sandbox.domain(domain)?.nameservers, NS);
    assert.ok(!output.includes('Curl-Auth-Code-1'), 'the auth code is in no log of the gateway or the worker');
  });

  it('renews one term: POST /v1/renewals -> renewed, charged once', async () => {
    const domain = 'curl-renew.com';
    const expires = new Date(Date.now() + 40 * 86_400_000);
    sandbox.seedDomain({ domain, nameservers: NS, expiresAt: expires });
    const expiresOn = expires.toISOString().slice(0, 10);
    const started = await curl('POST', `${base}/v1/renewals`, { domain, expiresOn });
    assert.equal(started.status, 202, JSON.stringify(started.json));
    assert.equal(started.json.workflowId, `renew:${domain}:${expiresOn}`);
    const done = await finished(String(started.json.statusUrl));
    const result = (done.state as { result: { outcome: string; charged: boolean } }).result;
    assert.equal(result.outcome, 'renewed');
    assert.equal(result.charged, true);
    assert.equal(sandbox.journal({ command: 'RenewDomain', domain }).length, 1);
  });

  it('changes the registrant: POST /v1/registrant-changes -> completed, the registry holds the new registrant', async () => {
    const domain = 'curl-registrant.com';
    sandbox.seedDomain({ domain, nameservers: NS, owner: OWNER });
    const started = await curl('POST', `${base}/v1/registrant-changes`, { domain, registrant: NEW_REGISTRANT });
    assert.equal(started.status, 202, JSON.stringify(started.json));
    const done = await finished(String(started.json.statusUrl));
    assert.equal((done.state as { result: { outcome: string } }).result.outcome, 'completed');
    const owner = sandbox.contact(sandbox.domain(domain)!.contacts.owner);
    assert.equal(owner?.EMAIL, 'eva@example.nl');
    assert.ok(!output.includes('eva@example.nl'), 'contact data is in no log');
  });
});
