import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDomainName } from '../../src/domain/domain-name';
import { sameNameservers } from '../../src/domain/nameservers';
import { parseOrThrow, ValidationError } from '../../src/domain/validation';
import { transferDomainInputSchema } from '../../src/contracts';
import { ConfigError, loadConfig } from '../../src/config/config';

describe('domain names', () => {
  it('normalises Unicode, case and the root dot to ASCII', () => {
    const r = parseDomainName(' Müller.DE. ');
    assert.ok(r.ok);
    assert.deepEqual(r.value, { ascii: 'xn--mller-kva.de', unicode: 'müller.de', tld: 'de' });
    const multi = parseDomainName('example.co.uk');
    assert.ok(multi.ok && multi.value.tld === 'co.uk');
  });
  for (const bad of [
    '',
    'localhost',
    'exa mple.com',
    '-lead.com',
    'trail-.com',
    'a_b.com',
    'x..com',
    'example.123',
    `${'a'.repeat(64)}.com`,
  ]) {
    it(`refuses ${JSON.stringify(bad)} with a rule`, () => {
      const r = parseDomainName(bad);
      assert.equal(r.ok, false);
      assert.ok(!r.ok && r.rule.length > 0);
    });
  }
});

describe('nameserver comparison', () => {
  it('ignores order, case and the root dot', () => {
    assert.ok(sameNameservers(['NS1.example.net.', 'ns2.example.net'], ['ns2.example.net', 'ns1.example.net']));
    assert.ok(!sameNameservers(['ns1.example.net'], ['ns1.example.net', 'ns2.example.net']));
  });
});

describe('transferDomain input', () => {
  it('applies defaults and converts IDN to ASCII', () => {
    const p = parseOrThrow(transferDomainInputSchema, { domain: 'bücher.de', authCode: 'abc' });
    assert.equal(p.domain, 'xn--bcher-kva.de');
    assert.equal(p.registrar, 'ispapi');
    assert.equal(p.transferLock, false);
    assert.deepEqual(p.polling, {
      initialInterval: '5 minutes',
      backoffCoefficient: 2,
      maxInterval: '6 hours',
      deadline: '10 days',
    });
  });
  it('names every bad field and its rule', () => {
    assert.throws(
      () =>
        parseOrThrow(transferDomainInputSchema, {
          domain: 'bad_domain',
          authCode: '',
          registrar: 'godaddy',
          nameservers: Array.from({ length: 14 }, (_, i) => `ns${i}.example.net`),
          polling: { initialInterval: '1 hour', maxInterval: '5 minutes' },
        }),
      (err: unknown) => {
        assert.ok(err instanceof ValidationError);
        for (const field of ['domain', 'authCode', 'registrar', 'nameservers', 'polling.maxInterval']) {
          assert.ok(err.fields.includes(field), `${field} in ${err.message}`);
        }
        assert.match(err.message, /nameservers: must list 2 to 13 nameservers/);
        return true;
      },
    );
  });
  it('requires nameservers when updateNameservers is true', () => {
    assert.throws(
      () => parseOrThrow(transferDomainInputSchema, { domain: 'example.com', authCode: 'x', updateNameservers: true }),
      /updateNameservers: needs nameservers/,
    );
  });
});

describe('configuration', () => {
  it('defaults to the sandbox on loopback', () => {
    const c = loadConfig({});
    assert.equal(c.temporal.address, '127.0.0.1:7233');
    assert.equal(c.ispapi.env, 'sandbox');
    assert.equal(c.ispapi.url, 'http://127.0.0.1:8765/api/call.cgi');
  });
  it('OT&E uses the OT&E endpoint and entity and needs credentials', () => {
    assert.throws(() => loadConfig({ ISPAPI_ENV: 'ote' }), /ISPAPI_LOGIN: required when ISPAPI_ENV=ote/);
    const c = loadConfig({
      ISPAPI_ENV: 'ote',
      ISPAPI_LOGIN: 'me',
      ISPAPI_PASSWORD: 'pw',
      ISPAPI_ROLE: 'bot',
      DOMAINFLOW_CODEC_KEYS: `ote-1:${Buffer.alloc(32, 7).toString('base64')}`,
    });
    assert.equal(c.ispapi.url, 'https://api-ote.ispapi.net/api/call.cgi');
    assert.equal(c.ispapi.entity, '1234');
    assert.equal(c.ispapi.role, 'bot');
  });
  it('a bad value names the variable and the rule', () => {
    assert.throws(
      () => loadConfig({ SANDBOX_ISPAPI_PORT: '70000' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /SANDBOX_ISPAPI_PORT: must be a port number/);
        return true;
      },
    );
    assert.throws(() => loadConfig({ TEMPORAL_ADDRESS: 'nohost' }), /TEMPORAL_ADDRESS: must be host:port/);
    assert.throws(() => loadConfig({ ISPAPI_ENTITY: 'abcd' }), /ISPAPI_ENTITY: must be 54cd/);
  });
});
