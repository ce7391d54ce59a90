import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { signatureHeader, verifyWebhookSignature } from '../../src/webhooks/verify';
import { ConfigError, loadConfig } from '../../src/config/config';

const SECRET = 'whsec-test-0123456789abcdef';
const body = JSON.stringify({ id: 'a.com:domain.deleted:1', type: 'domain.deleted' });
const now = 1_760_000_000;

describe('webhook signature', () => {
  it('is t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>, as docs/events.md says', () => {
    const expected = createHmac('sha256', SECRET).update(`${now}.${body}`).digest('hex');
    assert.equal(signatureHeader(SECRET, body, now), `t=${now},v1=${expected}`);
  });

  it('verifies a good signature and refuses each kind of bad one', () => {
    const header = signatureHeader(SECRET, body, now);
    assert.deepEqual(verifyWebhookSignature({ body, header, secret: SECRET, now }), { ok: true, timestamp: now });
    assert.deepEqual(verifyWebhookSignature({ body: Buffer.from(body), header, secret: SECRET, now: now + 299 }), {
      ok: true,
      timestamp: now,
    });
    const refused = (options: Parameters<typeof verifyWebhookSignature>[0], reason: RegExp) => {
      const result = verifyWebhookSignature(options);
      assert.equal(result.ok, false);
      assert.match((result as { reason: string }).reason, reason);
    };
    refused({ body: body.replace('deleted', 'expired'), header, secret: SECRET, now }, /no v1 signature matches/);
    refused({ body, header, secret: 'another-secret-0123456789', now }, /no v1 signature matches/);
    refused({ body, header, secret: SECRET, now: now + 301 }, /more than 300 s away/);
    refused({ body, header: header.replace(`t=${now}`, `t=${now + 1}`), secret: SECRET, now }, /no v1 signature/);
    refused({ body, header: undefined, secret: SECRET, now }, /header is missing/);
    refused({ body, header: `v1=${'0'.repeat(64)}`, secret: SECRET, now }, /no t=/);
    refused({ body, header: `t=${now},v1=xyz`, secret: SECRET, now }, /no v1=/);
  });

  it('accepts any of several secrets (rotation) and skips unknown schemes', () => {
    const header = `${signatureHeader(SECRET, body, now)},v2=abc`;
    assert.equal(verifyWebhookSignature({ body, header, secret: ['old-secret-0123456789', SECRET], now }).ok, true);
  });
});

describe('webhook configuration', () => {
  const configError = (env: NodeJS.ProcessEnv, pattern: RegExp) =>
    assert.throws(
      () => loadConfig(env),
      (err: unknown) => err instanceof ConfigError && pattern.test(err.message),
    );

  it('no URLs: events are not sent, no secret needed', () => {
    assert.deepEqual(loadConfig({}).webhooks, { urls: [] });
    assert.equal(loadConfig({}).reports.sendEmpty, false);
    assert.equal(loadConfig({ DOMAINFLOW_REPORT_SEND_EMPTY: '1' }).reports.sendEmpty, true);
  });

  it('URLs are validated and need the secret', () => {
    const config = loadConfig({
      DOMAINFLOW_WEBHOOK_URLS: 'https://billing.example/hooks, http://127.0.0.1:9000/in,https://billing.example/hooks',
      DOMAINFLOW_WEBHOOK_SECRET: SECRET,
    });
    assert.deepEqual(config.webhooks, {
      urls: ['https://billing.example/hooks', 'http://127.0.0.1:9000/in'],
      secret: SECRET,
    });
    configError({ DOMAINFLOW_WEBHOOK_URLS: 'https://billing.example/hooks' }, /DOMAINFLOW_WEBHOOK_SECRET: required/);
    configError(
      { DOMAINFLOW_WEBHOOK_URLS: 'ftp://x.example/', DOMAINFLOW_WEBHOOK_SECRET: SECRET },
      /DOMAINFLOW_WEBHOOK_URLS: .*URL 1 must be http or https/,
    );
    configError(
      { DOMAINFLOW_WEBHOOK_URLS: 'https://ok.example,https://u:p@x.example/', DOMAINFLOW_WEBHOOK_SECRET: SECRET },
      /URL 2 must not contain credentials/,
    );
    configError(
      { DOMAINFLOW_WEBHOOK_URLS: 'https://ok.example', DOMAINFLOW_WEBHOOK_SECRET: 'short' },
      /DOMAINFLOW_WEBHOOK_SECRET: must be at least 16/,
    );
  });

  it('the secret is never in a configuration error message', () => {
    assert.throws(
      () => loadConfig({ DOMAINFLOW_WEBHOOK_URLS: 'nonsense', DOMAINFLOW_WEBHOOK_SECRET: SECRET }),
      (err: unknown) => err instanceof ConfigError && !err.message.includes(SECRET),
    );
  });
});
