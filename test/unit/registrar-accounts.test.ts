import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { EXTRA_ACCOUNTS, registrarOf, type RegistrarSet } from '../../src/activities/registrar-set';
import { loadConfig } from '../../src/config/config';
import {
  accountScopedId,
  domainWorkflowId,
  parseDomainEntityId,
  registerWorkflowId,
  registrarListTaskQueue,
  renewWorkflowId,
} from '../../src/contracts';
import type { Registrar } from '../../src/registrars/registrar';
import { testCodecKeysEnv } from '../helpers/temporal';

/** Named registrar accounts: IDs, the accounts file's checks, the adapter lookup, `domainflow accounts`. */
const dir = mkdtempSync(path.join(tmpdir(), 'domainflow-accounts-unit-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const accountsFile = (text: string): string => {
  const file = path.join(dir, `accounts-${++files}.yaml`);
  writeFileSync(file, text);
  return file;
};
const configWith = (text: string, env: Record<string, string> = {}) =>
  loadConfig({ DOMAINFLOW_ACCOUNTS_FILE: accountsFile(text), ...env });

describe('workflow IDs of accounts', () => {
  it('default keeps the IDs of before; another account is in the ID, so one domain in two accounts has two', () => {
    assert.equal(renewWorkflowId('example.com', '2027-01-31'), 'renew:example.com:2027-01-31');
    assert.equal(renewWorkflowId('example.com', '2027-01-31', 'default'), 'renew:example.com:2027-01-31');
    assert.equal(renewWorkflowId('example.com', '2027-01-31', 'second'), 'renew:second:example.com:2027-01-31');
    assert.equal(registerWorkflowId('example.com'), 'register:example.com');
    assert.equal(registerWorkflowId('example.com', 'second'), 'register:second:example.com');
    assert.equal(accountScopedId(domainWorkflowId('example.com'), 'second'), 'domain:second:example.com');
    const ids = ['default', 'second', 'third'].map((a) => accountScopedId(domainWorkflowId('example.com'), a));
    assert.equal(new Set(ids).size, 3);
    assert.deepEqual(parseDomainEntityId('domain:example.com'), { account: 'default', domain: 'example.com' });
    assert.deepEqual(parseDomainEntityId('domain:second:example.com'), { account: 'second', domain: 'example.com' });
    assert.equal(parseDomainEntityId('renew:example.com:2027-01-31'), undefined);
    assert.equal(registrarListTaskQueue('domainflow', 'ispapi'), 'domainflow-ispapi');
    assert.equal(registrarListTaskQueue('domainflow', 'ispapi', 'second'), 'domainflow-ispapi-second');
  });
});

describe('the accounts file (DOMAINFLOW_ACCOUNTS_FILE)', () => {
  it('reads named accounts with their own credentials, endpoint and rate; nothing inherited from the env variables', () => {
    const text = [
      'ispapi:',
      '  second: { env: ote, login: reseller2, password: "s3cret-two", rate: 8 }',
      '  third: { login: reseller3, password: p3 }',
      'openprovider:',
      '  shop: { username: shop-user, password: p4 }',
    ].join('\n');
    const env = { ISPAPI_LOGIN: 'main-login', ISPAPI_PASSWORD: 'main-pass', ISPAPI_USE_SESSION: 'true' };
    // An OT&E account makes managed payload keys necessary, as ISPAPI_ENV=ote does.
    assert.throws(
      () => configWith(text, env),
      /DOMAINFLOW_CODEC_KEYS: required when ISPAPI_ENV=ote \(account second\)/,
    );
    const config = configWith(text, { ...env, DOMAINFLOW_CODEC_KEYS: testCodecKeysEnv() });
    const second = config.accounts.ispapi!.second!;
    assert.equal(second.settings.env, 'ote');
    assert.equal(second.settings.login, 'reseller2');
    assert.equal(second.settings.entity, '1234');
    assert.match(second.settings.url, /^https:\/\//);
    assert.equal(second.ratePerSecond, 8);
    // The env variables' ISPAPI_USE_SESSION is default's own, not the named account's.
    assert.equal(second.settings.useSession, false);
    assert.equal(config.accounts.ispapi!.third!.settings.env, 'sandbox');
    assert.equal(config.accounts.ispapi!.third!.ratePerSecond, 5);
    assert.equal(config.accounts.openprovider!.shop!.settings.username, 'shop-user');
  });

  it('refuses bad files with the file, registrar, account and setting named, never a secret value', () => {
    const refused = (text: string, pattern: RegExp, env: Record<string, string> = {}) =>
      assert.throws(
        () => configWith(text, env),
        (err: Error) => {
          assert.equal(err.name, 'ConfigError');
          assert.match(err.message, pattern);
          assert.doesNotMatch(err.message, /hunter2/);
          return true;
        },
      );
    refused('godaddy:\n  a: { login: x }', /godaddy: unknown registrar \(known: ispapi, openprovider\)/);
    refused(
      'ispapi:\n  default: { login: x, password: hunter2 }',
      /ispapi\.default: default is the account of the env/,
    );
    refused('ispapi:\n  "bad name": { login: x }', /ispapi\.bad name: must be 1-64 letters/);
    refused(
      'ispapi:\n  second: { user: x, password: hunter2 }',
      /ispapi\.second\.user: unknown setting \(known: env, url,/,
    );
    refused('ispapi:\n  second: { env: prod, password: hunter2 }', /ispapi\.second\.env: Invalid option/);
    refused(
      'ispapi:\n  second: { env: ote, password: hunter2 }',
      /ispapi\.second: login: required when ISPAPI_ENV=ote|ispapi\.second: login: required/,
    );
    refused('ispapi:\n  second: { login: x, password: hunter2, rate: 0 }', /ispapi\.second\.rate: must be a number/);
    refused('ispapi: [1, 2]', /ispapi: must map account names/);
    refused(
      'ispapi:\n  second: { login: same, password: hunter2 }',
      /ispapi\.second is the same login at the same endpoint as ispapi\.default/,
      {
        ISPAPI_LOGIN: 'same',
        ISPAPI_PASSWORD: 'other',
      },
    );
    assert.throws(
      () => loadConfig({ DOMAINFLOW_ACCOUNTS_FILE: path.join(dir, 'absent.yaml') }),
      /cannot read .*ENOENT/,
    );
  });
});

describe('registrarOf', () => {
  const adapter = (name: string) => ({ name }) as unknown as Registrar;
  const set: RegistrarSet = { ispapi: adapter('default') };
  set[EXTRA_ACCOUNTS] = { ispapi: { second: adapter('second') } };

  it('finds each account and fails non-retryably, naming an account that is not configured', () => {
    assert.equal((registrarOf(set, 'ispapi') as unknown as { name: string }).name, 'default');
    assert.equal((registrarOf(set, 'ispapi', 'second') as unknown as { name: string }).name, 'second');
    assert.deepEqual(Object.keys(set), ['ispapi'], 'the named accounts stay out of the registrar names');
    assert.throws(
      () => registrarOf(set, 'ispapi', 'third'),
      (err: unknown) =>
        err instanceof ApplicationFailure &&
        err.nonRetryable &&
        err.type === 'RegistrarAccountNotConfigured' &&
        /ispapi\/third is not configured/.test(err.message),
    );
    assert.throws(
      () => registrarOf(set, 'openprovider', 'second'),
      (err: unknown) => err instanceof ApplicationFailure && err.type === 'RegistrarNotConfigured',
    );
  });
});

describe('domainflow accounts', () => {
  const bin = path.resolve(__dirname, '../../bin/domainflow.cjs');

  it('lists every account without a password; --account with an unknown name exits 2 before connecting', () => {
    const file = accountsFile('ispapi:\n  second: { env: ote, login: reseller2, password: "hunter2-two", rate: 8 }');
    const env = {
      ...process.env,
      DOMAINFLOW_ACCOUNTS_FILE: file,
      ISPAPI_PASSWORD: 'hunter2-one',
      DOMAINFLOW_CODEC_KEYS: testCodecKeysEnv(),
    };
    const listed = spawnSync(process.execPath, [bin, '--json', 'accounts'], { encoding: 'utf8', env });
    assert.equal(listed.status, 0, listed.stderr);
    assert.doesNotMatch(listed.stdout, /hunter2/);
    const rows = JSON.parse(listed.stdout) as Array<{
      registrar: string;
      account: string;
      login: string;
      ratePerSecond: number;
    }>;
    assert.deepEqual(
      rows.map((r) => `${r.registrar}/${r.account}`),
      ['ispapi/default', 'ispapi/second', 'openprovider/default'],
    );
    assert.equal(rows[1]!.login, 'reseller2');
    assert.equal(rows[1]!.ratePerSecond, 8);
    // Nothing listens at this Temporal address: exit 2 proves the refusal came before any connection.
    const refused = spawnSync(
      process.execPath,
      [bin, 'renew', 'example.com', '--expires-on', '2027-01-31', '--account', 'third'],
      { encoding: 'utf8', env: { ...env, TEMPORAL_ADDRESS: '127.0.0.1:9' } },
    );
    assert.equal(refused.status, 2, refused.stderr);
    assert.match(refused.stderr, /account: ispapi has no account third \(configured: default, second\)/);
  });
});
