import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistrarRejectedError, RegistrarTemporaryError } from '../../src/registrars/errors';
import { rejectsWithRegistrarError } from '../helpers/registrars';
import { rejectsWith } from '../helpers/temporal';

/** The shared assertion helpers must fail when the error is not the one a test names. */
describe('test helpers: rejectsWith and rejectsWithRegistrarError', () => {
  const rejected = (registrar: string, code: string) =>
    Promise.reject(new RegistrarRejectedError(`${code} refused`, { registrar, operation: 'x', code }));

  it('rejectsWith answers the error of the named class whose message matches', async () => {
    const err = await rejectsWith(Promise.reject(new RangeError('out of range: 7')), RangeError, /range: 7/);
    assert.equal(err.message, 'out of range: 7');
  });

  it('rejectsWith fails on a fulfilled promise, another class or another message', async () => {
    await assert.rejects(rejectsWith(Promise.resolve(1), Error), assert.AssertionError);
    await assert.rejects(rejectsWith(Promise.reject(new TypeError('t')), RangeError), /expected RangeError/);
    await assert.rejects(rejectsWith(Promise.reject(new RangeError('a')), RangeError, /b/), assert.AssertionError);
  });

  it('rejectsWithRegistrarError checks the class, the registrar and the code', async () => {
    const err = await rejectsWithRegistrarError(
      rejected('openprovider', '366'),
      RegistrarRejectedError,
      'openprovider',
    );
    assert.equal(err.details.code, '366');
    await rejectsWithRegistrarError(rejected('ispapi', '545'), RegistrarRejectedError, 'ispapi', '545');
    await assert.rejects(
      rejectsWithRegistrarError(rejected('ispapi', '545'), RegistrarTemporaryError, 'ispapi'),
      /expected RegistrarTemporaryError/,
    );
    await assert.rejects(
      rejectsWithRegistrarError(rejected('ispapi', '545'), RegistrarRejectedError, 'openprovider'),
      assert.AssertionError,
    );
    await assert.rejects(
      rejectsWithRegistrarError(rejected('ispapi', '545'), RegistrarRejectedError, 'ispapi', '546'),
      assert.AssertionError,
    );
  });
});
