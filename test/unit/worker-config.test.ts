import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/config';
import { resolveTemporalConnection } from '../../src/client/connect';
import { locateWorkflowBundle } from '../../src/workers/bundle';
import { startHealthServer } from '../../src/workers/health';
import { countCharge, countMail, countRegistrarCall } from '../../src/workers/metrics';

let tmp: string;
/** An environment without the user's own temporal.toml: only what each test sets. */
const isolated = (vars: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  TEMPORAL_CONFIG_FILE: path.join(tmp, 'absent.toml'),
  ...vars,
});
const defaults = { address: '127.0.0.1:7233', namespace: 'default' };

function configError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    assert.match(err.message, pattern);
    return true;
  });
}

before(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'domainflow-worker-config-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('worker process settings (loadConfig)', () => {
  it('defaults: metrics on 127.0.0.1:9464, health on :9465, 20 s grace, force 10 s later', () => {
    const { worker } = loadConfig({});
    assert.deepEqual(worker, {
      production: false,
      metrics: { address: '127.0.0.1:9464', required: false },
      health: { address: '127.0.0.1:9465', required: false },
      shutdownGraceMs: 20_000,
      shutdownForceMs: 30_000,
      maxCachedWorkflows: 500,
      maxConcurrentWorkflowTasks: 40,
    });
  });

  it('DOMAINFLOW_MAX_CACHED_WORKFLOWS bounds the workflow cache, with a rule when wrong', () => {
    assert.equal(loadConfig({ DOMAINFLOW_MAX_CACHED_WORKFLOWS: '200' }).worker.maxCachedWorkflows, 200);
    assert.throws(
      () => loadConfig({ DOMAINFLOW_MAX_CACHED_WORKFLOWS: '5' }),
      /DOMAINFLOW_MAX_CACHED_WORKFLOWS: must be 10-100000/,
    );
  });

  it('DOMAINFLOW_MAX_CONCURRENT_WORKFLOW_TASKS: a number within the cache, with a rule when wrong', () => {
    const settings = loadConfig({ DOMAINFLOW_MAX_CONCURRENT_WORKFLOW_TASKS: '8' }).worker;
    assert.equal(settings.maxConcurrentWorkflowTasks, 8);
    configError(
      () => loadConfig({ DOMAINFLOW_MAX_CONCURRENT_WORKFLOW_TASKS: '1' }),
      /DOMAINFLOW_MAX_CONCURRENT_WORKFLOW_TASKS: must be 2-1000/,
    );
    configError(
      () => loadConfig({ DOMAINFLOW_MAX_CACHED_WORKFLOWS: '20', DOMAINFLOW_MAX_CONCURRENT_WORKFLOW_TASKS: '30' }),
      /DOMAINFLOW_MAX_CONCURRENT_WORKFLOW_TASKS: must not be more than DOMAINFLOW_MAX_CACHED_WORKFLOWS/,
    );
  });

  it("'off' disables metrics and health; an explicit address is required to bind", () => {
    const { worker } = loadConfig({ DOMAINFLOW_METRICS_ADDRESS: 'off', DOMAINFLOW_HEALTH_ADDRESS: '0.0.0.0:8080' });
    assert.deepEqual(worker.metrics, { address: null, required: true });
    assert.deepEqual(worker.health, { address: '0.0.0.0:8080', required: true });
  });

  it('NODE_ENV=production makes the endpoints required', () => {
    const { worker } = loadConfig({ NODE_ENV: 'production' });
    assert.equal(worker.production, true);
    assert.equal(worker.metrics.required, true);
    assert.equal(worker.health.required, true);
  });

  it('bad addresses and durations name the variable and the rule', () => {
    configError(
      () => loadConfig({ DOMAINFLOW_METRICS_ADDRESS: '9464' }),
      /DOMAINFLOW_METRICS_ADDRESS: must be host:port/,
    );
    configError(() => loadConfig({ DOMAINFLOW_HEALTH_ADDRESS: 'on' }), /DOMAINFLOW_HEALTH_ADDRESS: .*'off'/);
    configError(
      () => loadConfig({ DOMAINFLOW_SHUTDOWN_GRACE: 'soon' }),
      /DOMAINFLOW_SHUTDOWN_GRACE: must be a duration/,
    );
    configError(
      () => loadConfig({ DOMAINFLOW_SHUTDOWN_GRACE: '1 minute', DOMAINFLOW_SHUTDOWN_FORCE: '30s' }),
      /DOMAINFLOW_SHUTDOWN_FORCE: must be longer than DOMAINFLOW_SHUTDOWN_GRACE/,
    );
    const { worker } = loadConfig({ DOMAINFLOW_SHUTDOWN_GRACE: '1 minute', DOMAINFLOW_SHUTDOWN_FORCE: '90000' });
    assert.equal(worker.shutdownGraceMs, 60_000);
    assert.equal(worker.shutdownForceMs, 90_000);
  });
});

describe('Temporal connection (envconfig conventions)', () => {
  it('nothing set: the loadConfig defaults, plain TCP, no auth', () => {
    const target = resolveTemporalConnection(defaults, isolated());
    assert.equal(target.address, '127.0.0.1:7233');
    assert.equal(target.namespace, 'default');
    assert.equal(target.tls, undefined);
    assert.equal(target.apiKey, undefined);
    assert.deepEqual(target.describe, {
      tls: false,
      auth: 'none',
      source: 'environment + ' + path.join(tmp, 'absent.toml'),
    });
  });

  it('an API key implies TLS (Temporal Cloud)', () => {
    const target = resolveTemporalConnection(
      defaults,
      isolated({
        TEMPORAL_ADDRESS: 'eu-west-1.aws.api.temporal.io:7233',
        TEMPORAL_NAMESPACE: 'billing.a1b2c',
        TEMPORAL_API_KEY: 'test-key-not-a-secret',
      }),
    );
    assert.equal(target.address, 'eu-west-1.aws.api.temporal.io:7233');
    assert.equal(target.namespace, 'billing.a1b2c');
    assert.equal(target.apiKey, 'test-key-not-a-secret');
    assert.equal(target.tls, true);
    assert.equal(target.describe.auth, 'api-key');
    assert.equal(target.describe.tls, true);
    assert.ok(!JSON.stringify(target.describe).includes('test-key'), 'the key never appears in the log view');
  });

  it('an API key with TEMPORAL_TLS=false is refused, naming the variable', () => {
    configError(
      () => loadConfig({ TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'false' }),
      /TEMPORAL_API_KEY: needs TLS.*TEMPORAL_TLS=false/,
    );
    configError(() => loadConfig({ TEMPORAL_API_KEY: 'two words' }), /TEMPORAL_API_KEY: must be the API key itself/);
  });

  it('mTLS: certificate and key files from the environment', () => {
    const crt = path.join(tmp, 'client.pem');
    const key = path.join(tmp, 'client.key');
    writeFileSync(crt, 'CERT');
    writeFileSync(key, 'KEY');
    const target = resolveTemporalConnection(
      defaults,
      isolated({ TEMPORAL_TLS_CLIENT_CERT_PATH: crt, TEMPORAL_TLS_CLIENT_KEY_PATH: key }),
    );
    assert.equal(target.describe.auth, 'mtls');
    assert.ok(typeof target.tls === 'object');
    assert.equal(Buffer.from(target.tls.clientCertPair!.crt).toString(), 'CERT');
    assert.equal(Buffer.from(target.tls.clientCertPair!.key).toString(), 'KEY');
  });

  it('a bad certificate path names the variable', () => {
    const key = path.join(tmp, 'only.key');
    writeFileSync(key, 'KEY');
    configError(
      () =>
        resolveTemporalConnection(
          defaults,
          isolated({ TEMPORAL_TLS_CLIENT_CERT_PATH: path.join(tmp, 'nope.pem'), TEMPORAL_TLS_CLIENT_KEY_PATH: key }),
        ),
      /TEMPORAL_TLS_CLIENT_CERT_PATH: cannot read .*nope\.pem \(ENOENT\)/,
    );
    configError(
      () => loadConfig({ TEMPORAL_TLS_CLIENT_CERT_PATH: '/x.pem' }),
      /TEMPORAL_TLS_CLIENT_KEY_PATH: required with TEMPORAL_TLS_CLIENT_CERT_/,
    );
    configError(
      () => loadConfig({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/a', TEMPORAL_TLS_SERVER_CA_CERT_DATA: 'b' }),
      /TEMPORAL_TLS_SERVER_CA_CERT_PATH: set either/,
    );
  });

  it('a TOML profile (TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE) supplies the connection; the environment wins', () => {
    const file = path.join(tmp, 'temporal.toml');
    writeFileSync(
      file,
      [
        '[profile.prod]',
        'address = "prod.a1b2c.tmprl.cloud:7233"',
        'namespace = "prod.a1b2c"',
        'api_key = "file-key"',
        '[profile.prod.grpc_meta]',
        'x-team = "domains"',
      ].join('\n'),
    );
    const fromFile = resolveTemporalConnection(defaults, { TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'prod' });
    assert.equal(fromFile.address, 'prod.a1b2c.tmprl.cloud:7233');
    assert.equal(fromFile.namespace, 'prod.a1b2c');
    assert.equal(fromFile.apiKey, 'file-key');
    assert.equal(fromFile.tls, true);
    assert.deepEqual(fromFile.metadata, { 'x-team': 'domains' });
    const overridden = resolveTemporalConnection(defaults, {
      TEMPORAL_CONFIG_FILE: file,
      TEMPORAL_PROFILE: 'prod',
      TEMPORAL_NAMESPACE: 'staging.a1b2c',
    });
    assert.equal(overridden.namespace, 'staging.a1b2c');
    configError(
      () => resolveTemporalConnection(defaults, { TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'nope' }),
      /TEMPORAL_PROFILE: Profile 'nope' not found/,
    );
    const broken = path.join(tmp, 'broken.toml');
    writeFileSync(broken, '[profile.default\naddress = ');
    configError(
      () => resolveTemporalConnection(defaults, { TEMPORAL_CONFIG_FILE: broken }),
      /TEMPORAL_CONFIG_FILE: cannot use .*broken\.toml/,
    );
  });
});

describe('workflow bundle, health endpoint, metric helpers', () => {
  it('a named bundle that is missing is an error naming DOMAINFLOW_WORKFLOW_BUNDLE; a present one is used', () => {
    configError(
      () => locateWorkflowBundle({ explicit: path.join(tmp, 'missing.js'), production: false }),
      /DOMAINFLOW_WORKFLOW_BUNDLE: no file at/,
    );
    const bundle = path.join(tmp, 'bundle.js');
    writeFileSync(bundle, '// bundle');
    const found = locateWorkflowBundle({ explicit: bundle, production: true });
    assert.equal(found.kind, 'prebuilt');
    assert.equal(found.kind === 'prebuilt' && found.codePath, bundle);
  });

  it('GET /healthz and /readyz: 503 until RUNNING, then 200 with the worker state', async () => {
    let state = 'STARTING';
    const server = await startHealthServer('127.0.0.1:0', () => ({ worker: state, taskQueue: 'tq', namespace: 'ns' }));
    try {
      const get = async (p: string) => {
        const res = await fetch(`http://${server.address}${p}`);
        return { status: res.status, body: (await res.json()) as unknown };
      };
      assert.deepEqual(await get('/healthz'), {
        status: 503,
        body: { status: 'unavailable', worker: 'STARTING', taskQueue: 'tq', namespace: 'ns' },
      });
      state = 'RUNNING';
      assert.deepEqual(await get('/readyz'), {
        status: 200,
        body: { status: 'ok', worker: 'RUNNING', taskQueue: 'tq', namespace: 'ns' },
      });
      state = 'DRAINING';
      assert.equal((await get('/healthz')).status, 503);
      assert.equal((await get('/other')).status, 404);
    } finally {
      await server.close();
    }
  });

  it('the counters are silent outside an activity', () => {
    countRegistrarCall('ok', 'ispapi');
    countCharge('ispapi', 'renew');
    countMail('renewal-done');
  });
});
