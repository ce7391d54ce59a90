import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyOpenproviderCode, maskHeaders, maskSecrets, maskUrl } from '../../src/registrars/openprovider/codes';
import { OpenproviderClient } from '../../src/registrars/openprovider/client';
import {
  RegistrarAuthenticationError,
  RegistrarFundsError,
  RegistrarRejectedError,
  RegistrarTemporaryError,
} from '../../src/registrars/errors';

describe('classifyOpenproviderCode (spec 2.3)', () => {
  const table: Array<[number, ReturnType<typeof classifyOpenproviderCode>]> = [
    [0, 'ok'],
    [1, 'ok'],
    [18, 'ok'],
    [393, 'ok'],
    [20001, 'ok'],
    [10, 'temporary'],
    [15, 'temporary'],
    [17, 'temporary'],
    [50, 'temporary'],
    [339, 'temporary'],
    [340, 'temporary'],
    [4005, 'temporary'],
    [4007, 'temporary'],
    [196, 'authentication'],
    [197, 'authentication'],
    [10005, 'authentication'],
    [10009, 'authentication'],
    [310, 'funds'],
    [920, 'funds'],
    [300, 'rejected'],
    [307, 'rejected'],
    [311, 'rejected'],
    [313, 'rejected'],
    [317, 'rejected'],
    [318, 'rejected'],
    [320, 'rejected'],
    [326, 'rejected'],
    [366, 'rejected'],
    [399, 'rejected'],
    [514, 'rejected'],
    [12345, 'rejected'],
  ];
  for (const [code, kind] of table) {
    it(`${code} -> ${kind}`, () => assert.equal(classifyOpenproviderCode(code), kind));
  }
  it('maintenance: true is temporary whatever the code', () => {
    assert.equal(classifyOpenproviderCode(0, true), 'temporary');
    assert.equal(classifyOpenproviderCode(320, true), 'temporary');
  });
});

describe('OpenproviderClient.assertOk', () => {
  const kinds: Array<[number, boolean, new (...args: never[]) => Error]> = [
    [50, false, RegistrarTemporaryError],
    [0, true, RegistrarTemporaryError],
    [196, false, RegistrarAuthenticationError],
    [920, false, RegistrarFundsError],
    [318, false, RegistrarRejectedError],
  ];
  for (const [code, maintenance, cls] of kinds) {
    it(`code ${code}${maintenance ? ' + maintenance' : ''} throws ${cls.name}`, () => {
      assert.throws(
        () => OpenproviderClient.assertOk('op', { code, desc: 'text', data: 'extra', maintenance }),
        (err: unknown) => {
          assert.ok(err instanceof cls);
          assert.equal((err as RegistrarRejectedError).details.code, String(code));
          assert.equal((err as RegistrarRejectedError).details.registrar, 'openprovider');
          return true;
        },
      );
    });
  }
  it('code 0 passes', () => {
    assert.doesNotThrow(() => OpenproviderClient.assertOk('op', { code: 0, desc: '', data: {} }));
  });
});

describe('masking', () => {
  it('masks secrets at any depth without touching the input', () => {
    const input = {
      username: 'reseller',
      password: 'hunter2',
      domain: { name: 'example', extension: 'com' },
      auth_code: 'Xa9#kP2m!q',
      list: [{ token: 'abc', keep: 1 }],
      nested: { Authorization: 'Bearer abc', auth_info: { pw: 'p' }, internal_auth_code: 'i' },
    };
    const masked = maskSecrets(input);
    assert.deepEqual(masked, {
      username: 'reseller',
      password: '***',
      domain: { name: 'example', extension: 'com' },
      auth_code: '***',
      list: [{ token: '***', keep: 1 }],
      nested: { Authorization: '***', auth_info: { pw: '***' }, internal_auth_code: '***' },
    });
    assert.equal(input.password, 'hunter2');
    assert.equal(input.list[0]!.token, 'abc');
  });
  it('leaves empty secrets visible as empty (an empty auth code is a finding)', () => {
    assert.deepEqual(maskSecrets({ auth_code: '' }), { auth_code: '' });
  });
  it('masks the bearer token in headers, keeping the scheme', () => {
    assert.deepEqual(maskHeaders({ authorization: 'Bearer 3f2a9c0d', accept: 'application/json' }), {
      authorization: 'Bearer ***',
      accept: 'application/json',
    });
  });
  it('masks secrets in query strings', () => {
    const masked = maskUrl('http://x/v1beta/domains/1/authcode?auth_code=secret&full_name=example.com');
    assert.ok(!masked.includes('secret'));
    assert.match(masked, /full_name=example\.com/);
  });
});
