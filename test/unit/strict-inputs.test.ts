/**
 * Strict inputs (issue 13 point 2) and the DNS root dot (issue 19 point 9): every workflow input
 * and Update argument refuses keys its schema does not know, naming the key and the closest known
 * one; the client library and the command line refuse them before anything reaches Temporal.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { z } from 'zod';
import { parseDomainName } from '../../src/domain/domain-name';
import { parseOrThrow, ValidationError } from '../../src/domain/validation';
import { closestKey } from '../../src/domain/unknown-keys';
import { startTransfer } from '../../src/client/transfer';
import * as contracts from '../../src/contracts';

const CONTACT = {
  firstName: 'Anna',
  lastName: 'Muster',
  street: ['Bahnhofstrasse 1'],
  city: 'Zürich',
  postalCode: '8001',
  countryCode: 'CH',
  phone: '+41.441234567',
  email: 'anna@example.ch',
};
const OBSERVATION = { source: 'sync', observedAt: '2027-01-31T12:00:00Z', facts: { phase: 'active' } };

/** A valid input for every workflow input and Update argument schema. */
const VALID: Array<[string, z.ZodType, Record<string, unknown>]> = [
  ['transferDomain', contracts.transferDomainInputSchema, { domain: 'example.com', authCode: 'x' }],
  ['registerDomain', contracts.registerDomainInputSchema, { domain: 'new-a.com', contacts: { owner: CONTACT } }],
  ['renewDomain', contracts.renewDomainInputSchema, { domain: 'example.com', expiresOn: '2027-03-01' }],
  ['customerAccount', contracts.customerAccountInputSchema, { customerId: 'c1' }],
  ['backorder', contracts.backorderInputSchema, { customerId: 'c1', domain: 'a.com', contacts: { owner: CONTACT } }],
  [
    'swissApplication',
    contracts.swissApplicationInputSchema,
    {
      domain: 'a.swiss',
      contacts: { owner: CONTACT },
      enterpriseId: 'CHE-109.322.551',
      intendedUse: 'Company website and e-mail',
    },
  ],
  ['changeRegistrant', contracts.changeRegistrantInputSchema, { domain: 'a.com', registrant: CONTACT }],
  [
    'deliverChangeEvent',
    contracts.changeEventSchema,
    { id: 'e1', type: 'a.b', occurredAt: '2027-01-31T12:00:00Z', domain: 'a.com', registrar: 'ispapi' },
  ],
  ['domain', contracts.domainEntityInputSchema, { domain: 'a.com', registrar: 'ispapi', observation: OBSERVATION }],
  ['syncPortfolio', contracts.syncPortfolioInputSchema, { registrar: 'ispapi' }],
  ['importPortfolio', contracts.importPortfolioInputSchema, { registrar: 'ispapi' }],
  [
    'applyZone',
    contracts.applyZoneInputSchema,
    { domain: 'a.com', records: [{ name: 'www', type: 'A', ttl: 3600, data: '192.0.2.1' }] },
  ],
  ['deposit', contracts.depositSchema, { reference: 'r1', amount: 100, currency: 'USD' }],
  ['reserve', contracts.reserveSchema, { reference: 'r1', amount: 100, currency: 'USD' }],
  ['release/capture', contracts.settleSchema, { reference: 'r1' }],
  ['observe', contracts.domainObservationSchema, OBSERVATION],
  ['setAutorenew/setPrivacy', contracts.setWishSchema, { enabled: true }],
  ['renew (domain Update)', contracts.domainRenewRequestSchema, { periodYears: 1 }],
  ['host', contracts.hostInputSchema, { action: 'create', registrar: 'ispapi', host: 'ns1.a.com', ips: ['1.2.3.4'] }],
  ['deleteDomain', contracts.deleteDomainInputSchema, { domain: 'a.com', confirm: 'a.com' }],
  ['domainAuthCode', contracts.authCodeInputSchema, { domain: 'a.com', requestId: 'r1' }],
  ['transferOut', contracts.transferOutInputSchema, { domain: 'a.co.uk', action: 'push', tag: 'TAG-1' }],
];

function refusal(schema: z.ZodType, value: unknown): ValidationError {
  try {
    parseOrThrow(schema, value);
  } catch (err) {
    assert.ok(err instanceof ValidationError, String(err));
    return err;
  }
  assert.fail(`accepted ${JSON.stringify(value)}`);
}

describe('strict inputs: unknown keys are refused, named, with the closest known key', () => {
  for (const [name, schema, valid] of VALID) {
    it(`${name}: the valid input passes; with an unknown key it is refused naming the key`, () => {
      parseOrThrow(schema, valid);
      const err = refusal(schema, { ...valid, zzUnheardOf: 1 });
      assert.deepEqual(err.fields, ['zzUnheardOf']);
      assert.equal(err.message, 'zzUnheardOf: unknown field');
    });
  }

  it('suggests the known key for a wrong case, snake_case or a typo, at any depth', () => {
    const transfer = contracts.transferDomainInputSchema;
    assert.equal(
      refusal(transfer, { domain: 'example.com', authCode: 'x', nameServers: ['ns1.a.net', 'ns2.a.net'] }).message,
      'nameServers: unknown field (did you mean nameservers?)',
    );
    const nested = refusal(transfer, { domain: 'example.com', auth_code: 'x', polling: { initalInterval: '1s' } });
    assert.deepEqual(nested.fields, ['auth_code', 'polling.initalInterval', 'authCode']);
    assert.match(nested.message, /^auth_code: unknown field \(did you mean authCode\?\)/);
    assert.match(nested.message, /polling\.initalInterval: unknown field \(did you mean initialInterval\?\)/);
    const contact = refusal(contracts.registerDomainInputSchema, {
      domain: 'new-a.com',
      contacts: { owner: { ...CONTACT, organization: 'Muster AG' } },
    });
    assert.equal(contact.message, 'contacts.owner.organization: unknown field (did you mean organisation?)');
    assert.equal(
      refusal(contracts.depositSchema, { reference: 'r', amount: 1, currency: 'USD', memmo: 'x' }).message,
      'memmo: unknown field (did you mean memo?)',
    );
  });

  it('suggests nothing when no known key is near; odd keys are quoted', () => {
    assert.equal(closestKey('zzzzzz', ['domain', 'authCode']), undefined);
    assert.equal(closestKey('a', ['id']), undefined);
    const err = refusal(contracts.settleSchema, { reference: 'r', '': 1, 'a.b': 2 });
    assert.deepEqual(err.fields, ['""', '"a.b"']);
    assert.equal(err.message, '"": unknown field; "a.b": unknown field');
  });

  it('free-form maps stay free (their own rules apply): event data, the carried-over state', () => {
    parseOrThrow(contracts.changeEventSchema, { ...VALID[7]![2], data: { anything: { nested: 1 } } });
    parseOrThrow(contracts.customerAccountInputSchema, { customerId: 'c1', state: { balances: {}, whatever: 1 } });
  });

  it('startTransfer refuses an unknown key before it touches Temporal', async () => {
    const calls: string[] = [];
    const workflow = new Proxy({}, { get: (_t, prop) => () => calls.push(String(prop)) });
    const client = { workflow } as unknown as Client;
    await assert.rejects(
      startTransfer(client, {
        domain: 'example.com',
        authCode: 'x',
        nameServers: ['ns1.a.net', 'ns2.a.net'],
      } as contracts.TransferDomainInput),
      (err: unknown) => err instanceof ValidationError && /nameServers: .*did you mean nameservers/.test(err.message),
    );
    assert.deepEqual(calls, []);
  });

  it('the command line refuses an --input-file with an unknown key (exit 2) before it connects', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'domainflow-strict-'));
    try {
      const file = path.join(dir, 'input.json');
      writeFileSync(file, JSON.stringify({ contacts: { owner: CONTACT }, nameServers: ['ns1.a.net', 'ns2.a.net'] }));
      const cli = path.resolve(__dirname, '../../bin/domainflow.cjs');
      const run = spawnSync(process.execPath, [cli, 'register', 'new-strict.com', '--input-file', file, '--json'], {
        encoding: 'utf8',
        // Nothing listens here: a connection attempt would end with exit 4, not 2.
        env: { ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1', DOMAINFLOW_CODEC_KEYS: '' },
        timeout: 60_000,
      });
      assert.equal(run.status, 2, `${run.stdout}${run.stderr}`);
      assert.match(run.stdout + run.stderr, /nameServers: unknown field \(did you mean nameservers\?\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the DNS root dot: accepted and dropped in every spelling, the same in every input', () => {
  it('example.com. and the UTS-46 full stops (。 ． ｡) as the root are example.com', () => {
    for (const spelled of ['example.com.', 'example.com。', 'example.com．', 'example.com｡', 'EXAMPLE。COM。']) {
      const r = parseDomainName(spelled);
      assert.ok(r.ok, `${spelled}: ${r.ok ? '' : r.rule}`);
      assert.equal(r.value.ascii, 'example.com', spelled);
    }
  });

  it('a domain and its nameservers in a workflow input are normalised alike', () => {
    const p = parseOrThrow(contracts.transferDomainInputSchema, {
      domain: 'müller.de。',
      authCode: 'x',
      nameservers: ['ns1.example.net.', 'ns2.example.net。'],
    });
    assert.equal(p.domain, 'xn--mller-kva.de');
    assert.deepEqual(p.nameservers, ['ns1.example.net', 'ns2.example.net']);
    assert.equal(contracts.transferWorkflowId(p.domain), 'transfer:xn--mller-kva.de');
  });

  it('more than one root dot or an empty label is refused with a rule that says so', () => {
    for (const bad of ['example.com..', 'example.com。.', '.example.com', 'example..com', '.']) {
      const r = parseDomainName(bad);
      assert.equal(r.ok, false, bad);
      assert.match(r.ok ? '' : r.rule, /empty label/, bad);
    }
  });
});
