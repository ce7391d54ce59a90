import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/config';
import { KeyRing, newApiKey, sha256Hex } from '../../src/gateway/auth';
import { IDEMPOTENCY_TTL_MS, IdempotencyStore, requestFingerprint } from '../../src/gateway/idempotency';
import { HttpProblem } from '../../src/gateway/problem';
import { RateLimiter } from '../../src/gateway/rate-limit';

const answer = (workflowId: string) => async () => ({ status: 202, body: { workflowId } });

describe('gateway parts', () => {
  it('keys: the configuration holds the SHA-256, a bad entry is named, a key authenticates by its hash only', () => {
    const made = newApiKey('billing', ['read', 'money'], 'cust-9');
    assert.match(made.key, /^dfk_[A-Za-z0-9_-]{43}$/);
    assert.equal(made.entry, `billing:${sha256Hex(made.key)}:read+money:cust-9`);
    assert.ok(!made.entry.includes(made.key));
    const config = loadConfig({ DOMAINFLOW_GATEWAY_KEYS: made.entry });
    assert.deepEqual(config.gateway.keys[0]?.customerId, 'cust-9');
    assert.deepEqual([...config.gateway.keys[0]!.scopes], ['read', 'money']);
    const ring = new KeyRing(config.gateway.keys);
    assert.equal(ring.authenticate({ authorization: `Bearer ${made.key}` }).id, 'billing');
    assert.equal(ring.authenticate({ 'x-api-key': made.key }).id, 'billing');
    assert.throws(() => ring.authenticate({ authorization: `Bearer ${sha256Hex(made.key)}` }), HttpProblem);
    for (const [entry, rule] of [
      ['billing:abc:read', /DOMAINFLOW_GATEWAY_KEYS: key 1: the hash must be 64/],
      [`billing:${'a'.repeat(64)}:read+pay`, /key 1: scopes must be read, operate, money/],
      [`a:${'a'.repeat(64)}:read,a:${'b'.repeat(64)}:read`, /key 2: id a is used twice/],
    ] as const) {
      assert.throws(
        () => loadConfig({ DOMAINFLOW_GATEWAY_KEYS: entry }),
        (err: Error) => {
          assert.ok(err instanceof ConfigError);
          assert.match(err.message, rule);
          return true;
        },
      );
    }
  });

  it('idempotency: replays across a restart, refuses another request, skips a torn last line, forgets after 24 h', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'domainflow-idem-'));
    const file = path.join(dir, 'store.jsonl');
    let now = Date.parse('2026-12-06T10:00:00Z');
    try {
      const fp = requestFingerprint('POST', '/v1/transfers', {
        domain: 'a.com',
        authCode: 'Secret-1',
        b: [1, { y: 2, x: 1 }],
      });
      assert.equal(
        fp,
        requestFingerprint('POST', '/v1/transfers', { b: [1, { x: 1, y: 2 }], authCode: 'Secret-1', domain: 'a.com' }),
        'key order does not matter',
      );
      const store = new IdempotencyStore(file, () => now);
      assert.equal((await store.run('k1', 'order-1', fp, answer('transfer:a.com'))).replayed, false);
      let ran = false;
      const second = await store.run('k1', 'order-1', fp, async () => ((ran = true), { status: 202, body: {} }));
      assert.deepEqual(second, { status: 202, body: { workflowId: 'transfer:a.com' }, replayed: true });
      assert.equal(ran, false, 'a replay does nothing');
      await assert.rejects(store.run('k1', 'order-1', 'other', answer('x')), (e: HttpProblem) => e.status === 422);
      // Another API key's Idempotency-Key of the same name is another request.
      assert.equal((await store.run('k2', 'order-1', 'other', answer('y'))).replayed, false);
      store.close();
      assert.ok(!readFileSync(file, 'utf8').includes('Secret-1'), 'no body in the file');
      appendFileSync(file, '{"k":"torn');

      const reopened = new IdempotencyStore(file, () => now);
      assert.equal(reopened.size, 2);
      assert.equal((await reopened.run('k1', 'order-1', fp, answer('z'))).replayed, true);
      reopened.close();

      now += IDEMPOTENCY_TTL_MS + 1;
      const later = new IdempotencyStore(file, () => now);
      assert.equal(later.size, 0, 'expired entries are dropped (and compacted away)');
      assert.equal((await later.run('k1', 'order-1', 'other', answer('new'))).replayed, false);
      later.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('idempotency: the same key while the first request runs is 409; a failure is not kept', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'domainflow-idem-'));
    try {
      const store = new IdempotencyStore(path.join(dir, 's.jsonl'));
      let release!: () => void;
      const first = store.run('k', 'i', 'f', () => new Promise((r) => (release = () => r({ status: 202, body: {} }))));
      await assert.rejects(store.run('k', 'i', 'f', answer('x')), (e: HttpProblem) => e.status === 409);
      release();
      await first;
      await assert.rejects(
        store.run('k', 'j', 'f', () => Promise.reject(new Error('Temporal down'))),
        /Temporal down/,
      );
      assert.equal((await store.run('k', 'j', 'f', answer('ok'))).replayed, false, 'tried again after a failure');
      await assert.rejects(store.run('k', 'x'.repeat(256), 'f', answer('x')), (e: HttpProblem) => e.status === 400);
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rate limit: a burst of the limit, then one token per 60/limit seconds', () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now);
    for (let i = 0; i < 60; i++) assert.equal(limiter.take('a'), 0);
    assert.equal(limiter.take('a'), 1, 'empty: retry in a second');
    assert.equal(limiter.take('b'), 0, 'buckets are per key');
    now += 1000;
    assert.equal(limiter.take('a'), 0);
    assert.ok(limiter.take('a') >= 1);
  });

  it('tracing off (no OTEL_EXPORTER_OTLP_ENDPOINT): no OpenTelemetry module is loaded by the worker or the CLI', () => {
    const script = `
      require('./src/workers/worker.ts');
      require('./src/cli/main.ts');
      require('./src/telemetry/tracing.ts').startTracing({ serviceName: 'x' }).then((t) => {
        const loaded = Object.keys(require.cache).filter((f) => f.includes('opentelemetry'));
        console.log(JSON.stringify({ tracing: t === undefined ? 'off' : 'on', loaded: loaded.length }));
      });`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: path.resolve(__dirname, '../..'),
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout.trim().split('\n').pop()!), { tracing: 'off', loaded: 0 });
  });
});
